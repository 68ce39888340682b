// Lints the spec with Redocly and fails on any problem, warnings included.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const redoclyBin = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const { stdout, stderr } = await promisify(execFile)(process.execPath, [redoclyBin, 'lint', '--format=json']).catch((e) => e);
let report;
try {
  report = JSON.parse(stdout);
} catch {
  // No JSON report (a YAML syntax error, a missing file): Redocly's own words say where.
  console.error(`${stderr}`.replace(/^.*(╔|║|╚).*\n/gm, '').trim() || 'redocly lint failed without a report');
  process.exit(1);
}
const { totals, problems } = report;
// Where to look: the file under openapi/, its line and column, and the pointer inside that file.
const where = (at) => (at ? `${at.source?.ref}:${at.start?.line}:${at.start?.col} ${at.pointer}` : 'no location');
for (const p of problems) console.error(`${p.severity} ${p.ruleId}: ${p.message} (${where(p.location?.[0])})`);
console.log(`redocly lint: ${totals.errors} errors, ${totals.warnings} warnings, ${totals.ignored} ignored`);
if (problems.length > 0) process.exitCode = 1;
