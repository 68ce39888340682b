// What a credential may hold, by where it goes: a bearer token keeps the token grammar; an API key in a header or
// the query may hold spaces between its characters (`Bot <token>`); a cookie value holds cookie-octets alone.
import { describe, expect, test } from 'vitest';
import { checkToken } from '../../src/engine/auth.js';

describe('an API key in a header or the query', () => {
  test.each(['header', 'query'] as const)('%s: inner spaces are taken as they are', (place) => {
    expect(checkToken('Bot abc-0000 x', 'key', place)).toBe('Bot abc-0000 x');
  });

  test.each([
    ['a tab', 'Bot\tabc-0000', 'U+0009 at index 3'],
    ['CR LF', 'Bot abc-0000\r\nx: y', 'U+000D at index 12'],
    ['NUL', 'Bot abc\0-0000', 'U+0000 at index 7'],
    ['DEL', 'Bot abc\x7f-0000', 'U+007F at index 7'],
    ['a leading space', ' Bot abc-0000', 'U+0020 at index 0'],
    ['a trailing space', 'Bot abc-0000 ', 'U+0020 at index 12'],
    ['a character beyond ASCII', 'Bot abç-0000', 'U+00E7 at index 6'],
  ])('%s is refused, named by its code point and never echoed', (_, value, where) => {
    for (const place of ['header', 'query'] as const) {
      expect(() => checkToken(value, 'key', place)).toThrow(`key has a character not allowed in an API key (visible ASCII, spaces only between characters) (${where})`);
    }
  });

  test('still at least 8 characters, so that it can be redacted', () => {
    expect(() => checkToken('Bot ab', 'key', 'header')).toThrow('key must be at least 8 characters long');
  });
});

test('a bearer token keeps the token grammar: no space', () => {
  expect(() => checkToken('Bot abc-0000', 'token')).toThrow('token has a character not allowed in an HTTP header token (U+0020 at index 3)');
});

test.each([';', ' ', '"', ',', '\\'])('a cookie value with %j is refused: RFC 6265 cookie-octets only', (char) => {
  expect(() => checkToken(`ckeyAB12${char}rest`, 'key', 'cookie')).toThrow(`(U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at index 8)`);
  expect(checkToken("ckey!#$%&'()*+-./:<=>?@[]^_`{|}~AB12", 'key', 'cookie')).toBe("ckey!#$%&'()*+-./:<=>?@[]^_`{|}~AB12");
});
