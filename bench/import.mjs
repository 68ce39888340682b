// The import at scale, for bench.mjs: a CSV written on the fly, a 201 server in its own process, and processes timed
// from outside. `node bench/import.mjs server` is that server; `node bench/import.mjs pipeline FILE URL` the minimal
// pipeline the CLI is compared with: the same parser, batches of 100, a pool of 8 plain fetch calls.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';

const self = fileURLToPath(import.meta.url);

/** Writes `rows` CSV rows, valid ones, without holding them. */
export async function writeCsv(path, rows) {
  const out = createWriteStream(path);
  out.write('name,notify,email,phones,comment\n');
  for (let i = 0; i < rows; i++) {
    const line = `Contact ${i},${i % 2 ? 'yes' : 'no'},contact.${i}@example.com,+33 1 23 45 67 89,${i % 3 ? '' : 'Met at the fair'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Starts the 201 server in its own process; resolves to its URL and a stop function. */
export async function startServerProcess() {
  const child = spawn(process.execPath, [self, 'server'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  return { url: String(line).trim(), stop: () => child.kill() };
}

/** Runs a node script to its end; resolves to its wall time and peak RSS (MB), read by the process itself at exit. */
export async function timedProcess(args, dir) {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(`import {writeFileSync} from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`)}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CONTACTS_TOKEN: 'bench-token', CONTACTS_SESSION_TOKEN: 'bench-session' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const [code] = await once(child, 'close');
  const ms = performance.now() - start;
  const rssMb = Number(await readFile(rssFile, 'utf8')) / 1024;
  await rm(rssFile, { force: true });
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`);
  return { ms, rssMb, stdout };
}

async function server() {
  const http = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    res.writeHead(201, { 'content-type': 'application/json' }).end(`{"nbInsertion":${JSON.parse(text).length}}`);
  });
  http.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${http.address().port}\n`));
}

async function pipeline(file, url) {
  const target = `${url}/companies/v2/rs/42/contacts`;
  const headers = { authorization: 'Bearer bench-token', 'x-session-token': 'bench-session', 'content-type': 'application/json' };
  const records = createReadStream(file).pipe(parse({ columns: true, bom: true }))[Symbol.asyncIterator]();
  let done = false;
  const next = async () => {
    const batch = [];
    while (!done && batch.length < 100) {
      const r = await records.next();
      if (r.done) done = true;
      else batch.push(r.value);
    }
    return batch;
  };
  let reading = Promise.resolve([]);
  const worker = async () => {
    for (;;) {
      const batch = await (reading = reading.then(next));
      if (batch.length === 0) return;
      await (await fetch(target, { method: 'POST', headers, body: JSON.stringify(batch) })).json();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

if (process.argv[1] === self) {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'server') await server();
  else if (mode === 'pipeline') await pipeline(args[0], args[1]);
}
