#!/usr/bin/env node
/// <reference types="node" />
// contacts-api-verify, the bin: the same as `contacts-api verify`.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from './command.js';

// Run when started as a program (through the bin's link too), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env, (t) => process.stdout.write(t));
}
