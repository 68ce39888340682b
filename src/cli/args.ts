// The commands' arguments: parsed by Node's parseArgs, with errors that name the option or command and suggest the
// closest one, and the credentials read from the environment with the variable named.
import { parseArgs } from 'node:util';
import { checkToken } from '../engine/auth.js';
import { ContactsArgumentError } from '../engine/errors.js';

/** A command's options, as parseArgs takes them (each given once at most). */
export type Options = Record<string, { type: 'string'; default?: string } | { type: 'boolean'; default?: boolean }>;

/** The values of `O`'s options: an option with a default always has one. */
export type Values<O extends Options> = {
  [K in keyof O]: (O[K]['type'] extends 'boolean' ? boolean : string) | (O[K] extends { default: unknown } ? never : undefined);
};

/**
 * `argv` parsed against `options`; throws a `ContactsArgumentError` naming what is wrong: an unknown option (and the
 * closest known one), an option with a value it does not take or without one it needs, an option given twice, or a
 * positional argument where the command takes none.
 */
export function parseCommand<const O extends Options>(argv: string[], options: O, { positionals = false } = {}): { values: Values<O>; positionals: string[] } {
  // Read loosely first, to find every fault and word it; then strictly, for the typed values.
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional' && !positionals) throw new ContactsArgumentError(`unexpected argument ${JSON.stringify(token.value)}`);
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!option) throw new ContactsArgumentError(`unknown option ${token.rawName}${hint(token.name, Object.keys(options), '--')}`);
    if (option.type === 'boolean' && token.value !== undefined) throw new ContactsArgumentError(`${token.rawName} takes no value; got ${JSON.stringify(token.value)}`);
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new ContactsArgumentError(`${token.rawName} needs a value${token.value === undefined ? '' : ` (for one that starts with "-", write ${token.rawName}=${token.value})`}`);
    }
    if (seen.has(token.name)) throw new ContactsArgumentError(`${token.rawName} is given twice`);
    seen.add(token.name);
  }
  // The same values as parseArgs types them, in a type a declaration file can name (its own cannot be).
  return parseArgs({ args: argv, options, strict: true, allowPositionals: positionals }) as unknown as { values: Values<O>; positionals: string[] };
}

/** The error for a command that is not one of `commands`, with the closest one. */
export function unknownCommand(command: string, commands: readonly string[]): ContactsArgumentError {
  return new ContactsArgumentError(`unknown command ${command}${hint(command, commands, '')}`);
}

/** A token from the environment variable `name`: a missing or empty one is named as such. */
export function envToken(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ContactsArgumentError(`set ${name}: the credentials come from the environment (CONTACTS_TOKEN and CONTACTS_SESSION_TOKEN)`);
  return checkToken(value, name);
}

/** "; did you mean X?" for the closest of `known` to `given`, when one is close enough to be a typo. */
function hint(given: string, known: readonly string[], prefix: string): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = distance(given.toLowerCase(), name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  // A typo changes a character or two, or three in a long word; past that the guess would be a distraction.
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? `; did you mean ${prefix}${best}?` : '';
}

/** The Levenshtein distance: a few lines for a few short words, where a dependency would be more than the code. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
