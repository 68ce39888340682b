// Where readOnly and writeOnly properties can be, as the generator finds them for the checks to walk.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { root } from '../support/project.js';

type Tree = { p?: Record<string, 1 | Tree>; i?: Tree; b?: Tree[] };
type ShapesClass = new (spec: object, key: string, prefix: string) => { of(schema: object): string | null; readonly code: string };
const { Shapes } = (await import(pathToFileURL(join(root, 'scripts/codegen/shapes.mjs')).href)) as { Shapes: ShapesClass };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const spec = {
  components: {
    schemas: {
      // Recursive, through an array's items.
      Folder: { type: 'object', properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' }, children: { type: 'array', items: ref('Folder') } } },
      // Marked through a $ref, and within a branch of allOf.
      Id: { type: 'string', readOnly: true },
      Base: { type: 'object', properties: { key: ref('Id') } },
      Named: { allOf: [ref('Base'), { type: 'object', properties: { secret: { type: 'string', writeOnly: true } } }] },
      // A cycle that holds nothing marked, and a schema that reaches a marked one only through it.
      Loop: { type: 'object', properties: { next: ref('Loop') } },
      Far: { type: 'object', properties: { loop: ref('Loop'), folder: ref('Folder') } },
    },
  },
};

/** The trees of `names`, evaluated as the generated module would evaluate them. */
function trees(key: string, names: string[]): Record<string, Tree | null> {
  const shapes = new Shapes(spec, key, 's');
  const exprs = names.map((name) => shapes.of(ref(name)));
  const body = `${shapes.code}\nreturn [${exprs.map((e) => e ?? 'null').join(', ')}];`;
  const values = new Function(body)() as (Tree | null)[];
  return Object.fromEntries(names.map((name, i) => [name, values[i]!]));
}

test('readOnly: through $refs, items and allOf; a recursive schema makes a recursive tree; nothing where nothing is marked', () => {
  const { Folder, Named, Loop, Far } = trees('readOnly', ['Folder', 'Named', 'Loop', 'Far']);
  expect(Folder?.p?.['id']).toBe(1);
  expect((Folder?.p?.['children'] as Tree).i).toBe(Folder);
  expect(Folder?.p?.['name']).toBeUndefined();
  expect(Named?.b?.[0]?.p?.['key']).toBe(1);
  expect(Named?.b).toHaveLength(1);
  expect(Loop).toBeNull();
  expect(Far?.p?.['loop']).toBeUndefined();
  expect(Far?.p?.['folder']).toBe(Folder);
});

test('writeOnly: a branch of allOf written inline', () => {
  const { Named, Folder } = trees('writeOnly', ['Named', 'Folder']);
  expect(Named?.b?.[0]?.p?.['secret']).toBe(1);
  expect(Folder).toBeNull();
});
