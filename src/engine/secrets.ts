// Redaction: every secret a client sent, taken out of whatever is kept of an answer. JSON is redacted once parsed,
// so that no escape hides a token, whatever the status, size or schema; other text against each form a server may
// echo a token in. Values are walked with a stack, not recursion: an answer nested 100,000 deep is one more answer.
import { wireEncoded } from './params.js';

const MAX_TOKENS = 256;
const REDACTED = '[redacted]';
// A JSON string, or a number: scanned in turn, so that digits inside a string are never read as a number.
const JSON_TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Every token a client has sent, in each form a server may echo it in; what is shown of an answer goes through it. */
export class Secrets {
  readonly #seen = new Set<string>();
  #forms: string[] = [];
  // The forms a JSON number can hold: a numeric token echoed as a number, which parsing may round.
  #numeric: string[] = [];

  /** Adds tokens (each at least 8 characters, as auth makes sure, and well-formed Unicode). */
  add(...tokens: string[]): void {
    const fresh = tokens.filter((token) => !this.#seen.has(token));
    if (fresh.length === 0) return;
    for (const token of fresh) this.#seen.add(token);
    // A token function may give a new token for every request: the most recent ones are kept, not all forever.
    for (const old of [...this.#seen].slice(0, Math.max(0, this.#seen.size - MAX_TOKENS))) this.#seen.delete(old);
    // Longest first, so that no form is cut by a shorter one inside it.
    this.#forms = [...new Set([...this.#seen].flatMap(formsOf))].sort((a, b) => b.length - a.length);
    this.#numeric = this.#forms.filter((form) => /^[\d.eE+-]+$/.test(form));
  }

  /** `text` with every form of every token replaced by `[redacted]`. */
  redact(text: string): string {
    for (const form of this.#forms) if (text.includes(form)) text = text.split(form).join(REDACTED);
    return text;
  }

  /** A copy of a JSON value (an issue, its params) with every string in it, keys included, redacted. */
  redactValue<T>(value: T): T {
    return JSON.parse(this.#write(value, Infinity)) as T;
  }

  /**
   * JSON text parsed, then written back with every string (keys included) and every number redacted, stopping once
   * past `max` characters; `value` is its parse when all of it fits. Undefined when the text is not JSON.
   */
  redactJson(text: string, max: number): { text: string; value?: unknown } | undefined {
    // A number has one form, its digits as written, and parsing may round them: they are redacted before.
    if (this.#numeric.some((form) => text.includes(form))) text = text.replace(JSON_TOKENS, (token) => (token[0] === '"' || this.redact(token) === token ? token : `"${REDACTED}"`));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    const written = this.#write(parsed, max);
    return written.length > max ? { text: written } : { text: written, value: JSON.parse(written) };
  }

  /**
   * The JSON text of `value` with every string redacted, stopped once past `max` characters. Written here, with a
   * stack: JSON.stringify recurses (it overflows some 10,000 deep) and cannot stop at a length.
   */
  #write(value: unknown, max: number): string {
    const string = (text: string) => JSON.stringify(this.redact(text));
    // Each open array or object: its keys (none for an array), its size, and the index of its next member.
    const open: { of: Record<string, unknown>; keys: string[] | undefined; size: number; next: number }[] = [];
    let out = '';
    let pending: unknown = value;
    let writing = true;
    while (out.length <= max) {
      if (writing && pending !== null && typeof pending === 'object') {
        const of = pending as Record<string, unknown>;
        const keys = Array.isArray(of) ? undefined : Object.keys(of).filter((key) => writable(of[key]));
        out += keys ? '{' : '[';
        open.push({ of, keys, size: keys ? keys.length : (of as unknown as unknown[]).length, next: 0 });
      } else if (writing) out += typeof pending === 'string' ? string(pending) : (JSON.stringify(pending) ?? 'null');
      writing = false;
      const top = open.at(-1);
      if (!top) break;
      if (top.next === top.size) {
        out += top.keys ? '}' : ']';
        open.pop();
        continue;
      }
      const key = top.keys ? top.keys[top.next]! : String(top.next);
      out += `${top.next > 0 ? ',' : ''}${top.keys ? `${string(key)}:` : ''}`;
      pending = top.of[key];
      top.next++;
      writing = true;
    }
    return out;
  }
}

/** Whether JSON writes an object's member: not when it is undefined, a function or a symbol. */
const writable = (value: unknown) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';

/**
 * The ways a token comes back: as sent; JSON-escaped as the common writers escape (all, `\/`, Go's `<>&`, Python's
 * beyond ASCII), with either hex case; percent-encoded, as a URI, as the wire and as a form; base64 and base64url of
 * a text holding it at any offset; and each of those in a JSON Pointer, where a token used as a key shows.
 */
function formsOf(token: string): string[] {
  const escaped = (pattern: RegExp) => token.replace(pattern, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const percent = [encodeURIComponent(token), wireEncoded(token), new URLSearchParams([['', token]]).toString().slice(1)];
  const texts = [
    token,
    JSON.stringify(token).slice(1, -1),
    token.replaceAll('/', '\\/'),
    escaped(/[^A-Za-z0-9]/g),
    escaped(/[<>&]/g),
    escaped(/[^\0-\x7f]/g),
    ...percent,
    ...base64Forms(new TextEncoder().encode(token)),
  ];
  const cases = texts.flatMap((text) => [text, text.replace(/\\u[0-9a-f]{4}|%[0-9A-F]{2}/g, (escape) => (escape[0] === '%' ? escape.toLowerCase() : `\\u${escape.slice(2).toUpperCase()}`))]);
  return [...new Set(cases.flatMap((text) => [text, text.replaceAll('~', '~0').replaceAll('/', '~1')]))];
}

/**
 * Base64 of the token's UTF-8 bytes as a whole, and, for each offset it may have in a longer text (0, 1 or 2 past a
 * group of three bytes), the characters that depend on its bytes alone: a group mixed with others' bytes differs.
 */
function base64Forms(bytes: Uint8Array): string[] {
  const base64 = (part: Uint8Array) => btoa(String.fromCharCode(...part)).replace(/=+$/, '');
  const forms = [btoa(String.fromCharCode(...bytes)), base64(bytes)];
  for (const skip of [0, 1, 2]) forms.push(base64(bytes.subarray(skip, skip + Math.floor((bytes.length - skip) / 3) * 3)));
  return forms.filter((form) => form.length >= 8).flatMap((form) => [form, form.replaceAll('+', '-').replaceAll('/', '_')]);
}
