#!/usr/bin/env node
/// <reference types="node" />
// contacts-api: the package's command line. `import` moves a file of contacts in; `verify` checks a deployment.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unknownCommand } from './cli/args.js';
import { IMPORT_USAGE, importMain, STOPPED } from './import/command.js';
import { main as verifyMain } from './verify/command.js';

const USAGE = `usage: contacts-api import FILE --company ID [options]   (contacts-api import --help)
       contacts-api verify --base-url URL [options]        (contacts-api verify --help)`;
const COMMANDS = ['import', 'verify'] as const;

/** Runs one command; resolves to its exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'verify') return verifyMain(rest, env, (text) => process.stdout.write(text));
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'import') {
    process.stderr.write(`${command === undefined ? 'give a command: import or verify' : unknownCommand(command, COMMANDS).message}\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  // The first Ctrl-C lets the batches in flight end and be journaled; a second one stops at once. Either way the
  // exit code is 130, as a shell reports a program ended by SIGINT, and as npx does when it passes the signal on.
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) process.exit(STOPPED);
    process.stderr.write('\ncontacts-api import: stopping after the batches in flight (Ctrl-C again to quit now)\n');
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  try {
    return await importMain(rest, env, { stdout: (text) => process.stdout.write(text), stderr: process.stderr, signal: stop.signal });
  } finally {
    process.off('SIGINT', interrupt);
  }
}

// Run when started as a program (through the bin's link too), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
