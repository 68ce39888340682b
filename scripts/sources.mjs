// Where the nodes of a Redocly bundle came from: the file under openapi/ and the line of the YAML a person edits.
// Redocly's bundle keeps no source map, so the bundle and the YAML it was made from are walked side by side, each
// following its own $refs (the bundle's to its components, the YAML's to other files).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isAlias, isPair, isSeq, parseDocument } from 'yaml';

/** A text parsed as YAML (JSON included) with positions: its document, and where each line starts. */
export function parsed(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return { doc: parseDocument(text), starts };
}

/** The JSON Pointer (escaped tokens) of the innermost node of a parsed text at a 1-based line and column. */
export function pointerAt({ doc, starts }, line, col) {
  const offset = (starts[line - 1] ?? Infinity) + col - 1;
  const inside = (node) => node?.range && node.range[0] <= offset && offset < Math.max(node.range[1], node.range[0] + 1);
  const tokens = [];
  for (let node = doc.contents; node?.items; ) {
    const i = node.items.findIndex((item) => (isPair(item) ? inside(item.key) || inside(item.value) : inside(item)));
    if (i < 0) break;
    const item = node.items[i];
    tokens.push(isPair(item) ? escape(String(item.key.value)) : String(i));
    node = isPair(item) ? item.value : item;
  }
  return tokens;
}

/**
 * Where each node of `bundle` (parsed JSON) came from in the YAML whose root is `rootFile`: a function from JSON
 * Pointer tokens to `{ file, line, col }` (the file relative to the working directory), the nearest ancestor's place
 * for a node the YAML does not hold, such as one removed.
 */
export function sourcesOf(bundle, rootFile) {
  const files = new Map();
  // A file the bundle read is there to be read again; any other (a URL) is not followed.
  const load = (file) => {
    if (!files.has(file)) files.set(file, parsed(existsSync(file) ? readFileSync(file, 'utf8') : ''));
    return files.get(file);
  };
  const places = new Map();
  const walk = (value, tokens, place) => {
    const key = tokens.join('/');
    if (places.has(key)) return;
    places.set(key, place);
    // Where the YAML leads by $refs, and where the bundle does: either may keep a reference the other inlined.
    const source = followed(place, load);
    if (isRef(value)) return walk(at(bundle, value.$ref), refTokens(value.$ref), source);
    if (value === null || typeof value !== 'object') return;
    for (const [name, item] of Object.entries(value)) {
      const found = child(source.node, escape(name), load(source.file).doc);
      if (found) walk(item, [...tokens, escape(name)], { file: source.file, ...found });
    }
  };
  walk(bundle, [], { file: rootFile, node: load(rootFile).doc.contents, at: 0 });
  return (tokens) => {
    for (let n = tokens.length; n >= 0; n--) {
      const place = places.get(tokens.slice(0, n).join('/'));
      if (place) return { file: relative(process.cwd(), place.file), ...lineOf(load(place.file).starts, place.at) };
    }
    return undefined;
  };
}

/** The node under a YAML map or sequence at a JSON Pointer token, and where it starts: at its key, in a map. */
function child(node, token, doc) {
  const name = unescape(token);
  const item = isSeq(node) ? node.items[Number(name)] : node?.items?.find((pair) => isPair(pair) && String(pair.key?.value) === name);
  if (!item) return undefined;
  const value = isPair(item) ? item.value : item;
  return { node: isAlias(value) ? value.resolve(doc) : value, at: (isPair(item) ? item.key : item).range?.[0] ?? 0 };
}

/** The place a YAML node leads to once its `$ref`s are followed, into other files too: where that target starts. */
function followed(place, load) {
  let { file, node, at: start } = place;
  for (let i = 0; i < 20 && node?.items && typeof node.get?.('$ref') === 'string'; i++) {
    const [path, fragment = ''] = node.get('$ref').split('#');
    if (path) file = resolve(dirname(file), decodeURI(path));
    const { doc } = load(file);
    node = refTokens(`#${fragment}`).reduce((n, token) => child(n, token, doc)?.node, doc.contents);
    start = node?.range?.[0] ?? 0;
  }
  return { file, node, at: start };
}

const isRef = (value) => typeof value?.$ref === 'string' && value.$ref.startsWith('#');
const at = (spec, ref) => refTokens(ref).reduce((node, token) => node?.[unescape(token)], spec);
const refTokens = (ref) => decodeURIComponent(ref.slice(1)).split('/').slice(1);
const escape = (token) => token.replaceAll('~', '~0').replaceAll('/', '~1');
const unescape = (token) => token.replaceAll('~1', '/').replaceAll('~0', '~');

function lineOf(starts, offset) {
  const line = starts.findLastIndex((start) => start <= offset);
  return { line: line + 1, col: offset - starts[line] + 1 };
}
