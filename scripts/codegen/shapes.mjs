// Where readOnly properties (in requests) and writeOnly ones (in answers) can be, as trees the checks walk:
// `{ p: { name: 1 | tree }, i: tree, b: [tree…] }`, 1 marking the property itself, `i` an array's items, `b` the
// branches of allOf, anyOf and oneOf. A schema reached by a $ref is a constant of its own, filled once all are
// declared, so that recursive schemas make recursive trees. Only what can hold a marked property is written.
import { deref, marked } from './spec.mjs';

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'];

export class Shapes {
  /** `key`: readOnly or writeOnly; `prefix` names the constants. */
  constructor(spec, key, prefix) {
    this.spec = spec;
    this.deref = deref(spec);
    this.key = key;
    this.prefix = prefix;
    this.names = new Map();
    this.fills = [];
    this.reach = new Map();
  }

  /** An expression of the tree of `schema`, or null when nothing under it is marked. */
  of(schema) {
    if (!this.holds(schema)) return null;
    if (!schema.$ref) return this.own(schema);
    if (!this.names.has(schema.$ref)) {
      const name = `${this.prefix}${this.names.size}`;
      this.names.set(schema.$ref, name);
      this.fills.push(`Object.assign(${name}, ${this.own(this.deref(schema.$ref))});`);
    }
    return this.names.get(schema.$ref);
  }

  /** The declarations, then the fills: a tree may refer to any other, itself included. */
  get code() {
    return [...[...this.names.values()].map((name) => `const ${name} = {};`), ...this.fills].join('\n');
  }

  own(schema) {
    const props = Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
      const tree = marked(this.spec, property, this.key) ? '1' : this.of(property);
      return tree ? [`${JSON.stringify(name)}: ${tree}`] : [];
    });
    const items = this.of(schema.items);
    const branches = COMBINATORS.flatMap((k) => schema[k] ?? []).flatMap((branch) => this.of(branch) ?? []);
    const parts = [props.length && `p: { ${props.join(', ')} }`, items && `i: ${items}`, branches.length && `b: [${branches.join(', ')}]`];
    return `{ ${parts.filter(Boolean).join(', ')} }`;
  }

  /** Whether a marked property can be reached from `schema`, through $refs too. */
  holds(schema) {
    if (!schema || typeof schema !== 'object') return false;
    const { direct, refs } = this.facts(schema);
    return direct || [...refs].some((ref) => this.reaches(ref));
  }

  // Reachability over the graph of $refs, exact whatever the cycles, remembered per $ref.
  reaches(start) {
    if (this.reach.has(start)) return this.reach.get(start);
    const seen = new Set([start]);
    const stack = [start];
    let found = false;
    while (stack.length && !found) {
      const { direct, refs } = this.facts(this.deref(stack.pop()));
      found = direct;
      for (const ref of refs) if (!seen.has(ref)) seen.add(ref), stack.push(ref);
    }
    this.reach.set(start, found);
    return found;
  }

  /** Within the schema, up to its $refs: whether a property is marked, and the $refs it leads to. */
  facts(schema, out = { direct: false, refs: new Set() }) {
    if (!schema || typeof schema !== 'object') return out;
    if (schema.$ref) return out.refs.add(schema.$ref), out;
    for (const property of Object.values(schema.properties ?? {})) {
      if (marked(this.spec, property, this.key)) out.direct = true;
      else this.facts(property, out);
    }
    this.facts(schema.items, out);
    for (const branch of COMBINATORS.flatMap((k) => schema[k] ?? [])) this.facts(branch, out);
    return out;
  }
}
