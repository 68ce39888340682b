// calls.ts: one function per operation, named by its operationId, for `contacts-api-contract/operations`. Each
// calls the engine with its own table entry and checks, so that a bundle of connect() and one of them carries
// that operation's checks alone.
import { ident } from './validators.mjs';

// Names a module-level binding cannot take, in strict mode code.
const RESERVED = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield arguments eval undefined NaN Infinity'.split(' '),
);
// The module's own bindings.
const OWN = ['$table', '$checks', '$fn'];

/**
 * Each operationId's function name: the id itself when it is a JavaScript identifier, else camelCased
 * (`create-booking` → `createBooking`, `2fa.verify` → `_2faVerify`). A reserved word gets `Operation` after it
 * (`delete` → `deleteOperation`); a name already taken, by an earlier operation of the spec or by the module, gets
 * the smallest number after it that frees it (`createBooking2`). Generation never fails on a name.
 */
export function functionNames(ids) {
  const taken = new Set(OWN);
  return new Map(
    ids.map((id) => {
      let name = /^[A-Za-z_$][\w$]*$/.test(id) ? id : camel(id);
      if (RESERVED.has(name)) name += 'Operation';
      let free = name;
      for (let n = 2; taken.has(free); n++) free = `${name}${n}`;
      taken.add(free);
      return [id, free];
    }),
  );
}

/** An operationId as a camelCased identifier: its words joined, each after the first capitalised. */
function camel(id) {
  const words = id.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const name = words.map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1))).join('') || 'operation';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** calls.ts: the typed function of each operation (src/client/operation.ts types them). */
export function calls(ops) {
  const names = functionNames(ops.map((o) => o.id));
  const functions = ops.map((o) => {
    const id = JSON.stringify(o.id);
    const target = `{ id: ${id}, op: $table.op$${ident(o.id)}, judges: $checks.judges$${ident(o.id)} }`;
    return `/** ${o.id}: ${o.method.toUpperCase()} ${o.path.replaceAll('*/', '*\\/')}. */\nexport const ${names.get(o.id)} = /* @__PURE__ */ $fn<${id}>(${target});`;
  });
  return `${HEAD}\n${functions.join('\n\n')}\n`;
}

const HEAD = `import { operationFunction as $fn } from '../src/client/operation.js';
import * as $checks from './checks.js';
import * as $table from './operations.js';
`;
