// Parameter serialisation: the style examples of OpenAPI 3.1 (§4.8.12.4.1), for a string, an array and an object.
import { describe, expect, test } from 'vitest';
import { ContactsArgumentError } from '../../src/engine/errors.js';
import { headerText, paramValue, pathText, queryPairs } from '../../src/engine/params.js';

const blue = 'blue';
const colors = ['blue', 'black', 'brown'];
const rgb = { R: 100, G: 200, B: 150 };

describe('the style examples of the OpenAPI specification', () => {
  test.each([
    ['matrix', false, [';color=blue', ';color=blue,black,brown', ';color=R,100,G,200,B,150']],
    ['matrix', true, [';color=blue', ';color=blue;color=black;color=brown', ';R=100;G=200;B=150']],
    ['label', false, ['.blue', '.blue,black,brown', '.R,100,G,200,B,150']],
    ['label', true, ['.blue', '.blue.black.brown', '.R=100.G=200.B=150']],
    ['simple', false, ['blue', 'blue,black,brown', 'R,100,G,200,B,150']],
    ['simple', true, ['blue', 'blue,black,brown', 'R=100,G=200,B=150']],
  ])('path, %s, explode %s', (style, explode, expected) => {
    expect([blue, colors, rgb].map((v) => pathText('color', v, { style, explode }))).toEqual(expected);
  });

  test.each([
    ['form', false, ['color=blue', 'color=blue,black,brown', 'color=R,100,G,200,B,150']],
    ['form', true, ['color=blue', 'color=blue&color=black&color=brown', 'R=100&G=200&B=150']],
    ['spaceDelimited', false, [undefined, 'color=blue%20black%20brown', undefined]],
    ['pipeDelimited', false, [undefined, 'color=blue|black|brown', undefined]],
    ['deepObject', true, [undefined, undefined, 'color[R]=100&color[G]=200&color[B]=150']],
  ])('query, %s, explode %s', (style, explode, expected) => {
    const written = [blue, colors, rgb].map((v) => queryPairs('color', v, { style, explode }).join('&'));
    expected.forEach((text, i) => text !== undefined && expect(written[i]).toBe(text));
  });

  test('header, simple, with and without explode', () => {
    expect([blue, colors, rgb].map((v) => headerText('X-Color', v))).toEqual(['blue', 'blue,black,brown', 'R,100,G,200,B,150']);
    expect(headerText('X-Color', rgb, { style: 'simple', explode: true })).toBe('R=100,G=200,B=150');
  });
});

test('values are percent-encoded where the URL needs it, separators are not', () => {
  expect(pathText('p', ['a/b', 'c,d'])).toBe('a%2Fb,c%2Cd');
  expect(queryPairs('q w', { 'k&': 'v=1' }, { style: 'deepObject', explode: true })).toEqual(['q%20w[k%26]=v%3D1']);
});

test('what no style writes is refused, naming the parameter', () => {
  expect(() => paramValue('op', 'filter', { nested: { deep: 1 } })).toThrow(ContactsArgumentError);
  expect(() => paramValue('op', 'filter', [null])).toThrow('op: parameter "filter" must be a string, a finite number, a boolean, or an array or flat object of them');
  expect(() => pathText('p', '\uD800')).toThrow('parameter p must be well-formed Unicode');
  expect(paramValue('op', 'ids', [1, 2])).toEqual([1, 2]);
});
