/// <reference types="node" />
// contacts-api-verify: checks a deployment of the API against the contract, with checks derived from the spec.
// Credentials come from CONTACTS_TOKEN and CONTACTS_SESSION_TOKEN only, and are never printed.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { envToken, parseCommand } from '../cli/args.js';
import { ContactsArgumentError } from '../engine/errors.js';
import { checkBaseUrl, checkTimeout } from '../engine/options.js';
import { plan, type Spec } from './plan.js';
import { json, junit, text } from './report.js';
import { run, secretsOf, type Outcome } from './run.js';

const USAGE = `usage: contacts-api-verify --base-url URL [--level safe|writes] [--allow-writes --company ID]
                           [--rps N] [--max-requests N] [--max-wait SECONDS] [--timeout-ms N] [--strict]
                           [--json] [--junit FILE]
Credentials: CONTACTS_TOKEN and CONTACTS_SESSION_TOKEN, from the environment.
Exit codes: 0 every check passed; 1 drift from the contract; 2 usage, I/O, the server could not be reached,
or the verifier itself failed (its report still written).`;

/** Runs the verification; resolves to the exit code: 0 when every check passed, 1 on drift, 2 on bad usage, I/O errors, an unreachable server or a failure of the verifier. */
export async function main(argv: string[], env: Record<string, string | undefined>, out: (text: string) => void): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(`${USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parse(argv, env);
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  // The bundled spec this package ships, found through its own exports, in the repo and installed alike.
  const spec = createRequire(import.meta.url)('contacts-api-contract/openapi.json') as Spec;
  return report(await run(spec, plan(spec, options.level), options), options, out);
}

/** Prints the outcome (as text, or JSON with `json`), writes it as JUnit to `junit` if given, and resolves to the exit code. */
export async function report(outcome: Outcome, options: { json: boolean; junit?: string | undefined; credentials: { bearer: string; session: string } }, out: (text: string) => void): Promise<number> {
  // The results hold what answers said with tokens redacted; redacted once more as a whole, in case a form slipped by.
  const secrets = secretsOf(options.credentials);
  out(secrets.redact(options.json ? json(outcome) : text(outcome)));
  if (options.junit) {
    try {
      await writeFile(options.junit, secrets.redact(junit(outcome)));
    } catch (error) {
      out(`could not write the JUnit report: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  if (outcome.unreachable || outcome.error) return 2;
  return outcome.stopped || outcome.results.some((r) => !r.ok) ? 1 : 0;
}

function parse(argv: string[], env: Record<string, string | undefined>) {
  const { values } = parseCommand(argv, {
    'base-url': { type: 'string' },
    level: { type: 'string', default: 'safe' },
    'allow-writes': { type: 'boolean', default: false },
    company: { type: 'string' },
    rps: { type: 'string', default: '2' },
    'max-requests': { type: 'string', default: '200' },
    'timeout-ms': { type: 'string', default: '30000' },
    'max-wait': { type: 'string', default: '30' },
    strict: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    junit: { type: 'string' },
  });
  if (!values['base-url']) throw new ContactsArgumentError('--base-url is required');
  const level = values.level;
  if (level !== 'safe' && level !== 'writes') throw new ContactsArgumentError(`--level must be safe or writes; got ${JSON.stringify(level)}`);
  if (level === 'writes' && !(values['allow-writes'] && values.company)) {
    throw new ContactsArgumentError('--level writes creates data: it needs --allow-writes, and --company naming the company to write into');
  }
  const number = (name: 'rps' | 'max-requests' | 'max-wait', min: number) => {
    const n = Number(values[name]);
    if (!(n >= min && Number.isFinite(n))) throw new ContactsArgumentError(`--${name} must be a number of at least ${min}; got ${JSON.stringify(values[name])}`);
    return n;
  };
  return {
    baseUrl: checkBaseUrl(values['base-url']),
    level: level as 'safe' | 'writes',
    company: values.company,
    rps: number('rps', 0.01),
    maxRequests: number('max-requests', 1),
    maxWaitMs: number('max-wait', 0) * 1000,
    timeoutMs: checkTimeout(Number(values['timeout-ms'])),
    strict: values.strict,
    json: values.json,
    junit: values.junit,
    credentials: { bearer: envToken(env, 'CONTACTS_TOKEN'), session: envToken(env, 'CONTACTS_SESSION_TOKEN') },
  };
}
