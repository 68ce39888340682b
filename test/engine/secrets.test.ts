// Redaction, unit by unit: the forms a token is looked for in, text and parsed JSON, and what is kept of it.
import { describe, expect, test } from 'vitest';
import { Secrets } from '../../src/engine/secrets.js';

const secretsOf = (...tokens: string[]) => {
  const secrets = new Secrets();
  secrets.add(...tokens);
  return secrets;
};

describe('text: each form a server may echo a token in', () => {
  const key = "it's a key & more/~";
  const secrets = secretsOf(key);
  test.each([
    ['as sent', key],
    ['percent-encoded as encodeURIComponent writes it', encodeURIComponent(key)],
    ['percent-encoded as the URL parser sends it', encodeURIComponent(key).replace("'", '%27')],
    ['in lower-case hex', encodeURIComponent(key).replace("'", '%27').toLowerCase()],
    ['form-encoded, a space as +', new URLSearchParams({ k: key }).toString().slice(2)],
    ['JSON-escaped by Go (only &, <, >)', key.replace('&', '\\u0026')],
    ['JSON-escaped in full, upper-case hex', key.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)],
    ['in a JSON Pointer', key.replaceAll('~', '~0').replaceAll('/', '~1')],
    ['base64url', Buffer.from(key).toString('base64url')],
  ])('%s', (_, form) => {
    expect(secrets.redact(`<${form}>`)).toBe('<[redacted]>');
  });
});

test('a token beyond Latin-1 (a basic password holding €) is taken as UTF-8, in base64 too', () => {
  const password = 'pâss-€-0000';
  const secrets = secretsOf(password);
  expect(secrets.redact(`${password} ${Buffer.from(password).toString('base64')} ${encodeURIComponent(password)} ${JSON.stringify(password).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`)).toBe(
    '[redacted] [redacted] [redacted] "[redacted]"',
  );
});

describe('parsed JSON', () => {
  const secrets = secretsOf('tok&en-0000', '12345678901234567890');

  test('escapes are undone first: strings and keys are redacted as parsed, and numbers as written', () => {
    const text = '{"a":"tok\\u0026en-0000","tok\\u0026en-0000":[12345678901234567890, 1.5, "x"],"__proto__":{"n":-12345678901234567890e3}}';
    const { value } = secrets.redactJson(text, 4096)!;
    expect(value).toEqual(JSON.parse('{"a":"[redacted]","[redacted]":["[redacted]",1.5,"x"],"__proto__":{"n":"[redacted]"}}'));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  test('past the limit, writing stops at the member that crossed it, and no value is kept', () => {
    const text = JSON.stringify({ a: 'tok&en-0000', pad: 'p'.repeat(100), more: 'never written' });
    const kept = secrets.redactJson(text, 40)!;
    expect(kept).not.toHaveProperty('value');
    expect(kept.text.startsWith(`{"a":"[redacted]","pad":"${'p'.repeat(100)}"`)).toBe(true);
    expect(kept.text).not.toContain('never written');
  });

  test('not JSON: undefined', () => {
    expect(secrets.redactJson('tok&en-0000', 4096)).toBeUndefined();
  });

  test('an issue: every field, keys of its params included', () => {
    const issue = { path: '/tok&en-0000/x', keyword: 'additionalProperties', message: '/tok&en-0000 is not allowed', params: { additionalProperty: 'tok&en-0000', limit: 3 } };
    expect(secrets.redactValue(issue)).toEqual({ path: '/[redacted]/x', keyword: 'additionalProperties', message: '/[redacted] is not allowed', params: { additionalProperty: '[redacted]', limit: 3 } });
  });

  test('a value nested 1,000,000 deep is walked without recursion', () => {
    const depth = 1_000_000;
    const { text } = secrets.redactJson(`${'['.repeat(depth)}"tok&en-0000"${']'.repeat(depth)}`, 4096)!;
    expect(text).toBe('['.repeat(4097));
  });
});
