// Serves the built docs (dist/docs/) on 127.0.0.1 and prints the URL. Port: $PORT, default 8080; 0 picks a free one.
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../dist/docs/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.yaml': 'text/yaml' };

if (!existsSync(join(root, 'index.html'))) {
  console.error('docs:serve: dist/docs/index.html is missing; build the docs first with `npm run docs`');
  process.exit(2);
}

/** The file a request path names inside the docs, or undefined (a path that does not decode, or leaves the folder). */
function fileOf(url) {
  let path;
  try {
    path = normalize(decodeURIComponent(new URL(url ?? '/', 'http://x').pathname));
  } catch {
    return undefined;
  }
  const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
  return file.startsWith(root) ? file : undefined;
}

const server = createServer(async (req, res) => {
  const file = fileOf(req.url);
  const found = file !== undefined && (await stat(file).then((s) => s.isFile(), () => false));
  if (!found) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});

server.on('error', (error) => {
  const port = process.env.PORT ?? 8080;
  console.error(error.code === 'EADDRINUSE' ? `docs:serve: port ${port} is in use; set PORT to another (0 picks a free one)` : `docs:serve: ${error.message}`);
  process.exit(2);
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`docs: http://127.0.0.1:${server.address().port}/`);
});
