import assert from 'node:assert/strict';
import test from 'node:test';
import { runInNewContext } from 'node:vm';
import { injectParameters, MissingParametersCellError, parametersSource } from '../../../src/cli/parameters/inject';
import type { CodeCell, Notebook } from '../../../src/format/index';

const code = (source: string, tags?: string[]): CodeCell => ({ kind: 'code', language: 'typescript', source, outputs: [], ...(tags ? { metadata: { tags } } : {}) });

function notebook(): Notebook {
  return { metadata: {}, cells: [code('import x'), { kind: 'markdown', source: '# p' }, code('const seed = 0;', ['parameters']), code('train(seed)'), code('const seed = 9;', ['parameters'])] };
}

test('the values go in a cell tagged injected-parameters right after the first parameters cell', () => {
  const nb = notebook();
  const injection = injectParameters(nb, [{ name: 'seed', value: 1 }], 'nb.ibnb');
  assert.deepEqual(injection, { parametersIndex: 2, injectedIndex: 3, replaced: false });
  const cell = nb.cells[3] as CodeCell;
  assert.deepEqual(cell.metadata, { tags: ['injected-parameters'] });
  assert.match(cell.source, /\nconst seed = 1;$/);
  assert.deepEqual(nb.cells.map((c) => c.source), ['import x', '# p', 'const seed = 0;', cell.source, 'train(seed)', 'const seed = 9;']);
});

test('a second run replaces the injected cell instead of adding another', () => {
  const nb = notebook();
  injectParameters(nb, [{ name: 'seed', value: 1 }], 'nb.ibnb');
  const again = injectParameters(nb, [{ name: 'seed', value: 2 }], 'nb.ibnb');
  assert.deepEqual(again, { parametersIndex: 2, injectedIndex: 3, replaced: true });
  assert.equal(nb.cells.length, 6);
  assert.match(nb.cells[3].source, /const seed = 2;$/);
});

test('no code cell tagged parameters: the error says how to tag one, in VS Code and in the file', () => {
  const untagged: Notebook = { metadata: {}, cells: [code('const seed = 0;')] };
  assert.throws(
    () => injectParameters(untagged, [{ name: 'seed', value: 1 }], 'nb.ibnb'),
    (error: unknown) =>
      error instanceof MissingParametersCellError &&
      /^nb\.ibnb: ibnb run -p needs a code cell tagged "parameters"/.test(error.message) &&
      error.message.includes('no cell is tagged so') &&
      error.message.includes('"IB: Mark Cell as Parameters"') &&
      error.message.includes('"metadata": { "tags": ["parameters"] }'),
  );
  const markdown: Notebook = { metadata: {}, cells: [{ kind: 'markdown', source: 'x', metadata: { tags: ['parameters'] } }] };
  assert.throws(() => injectParameters(markdown, [{ name: 'a', value: 1 }], 'nb.ibnb'), /the cell tagged so \(cell 1\) is markdown/);
  assert.equal(untagged.cells.length, 1, 'nothing was inserted');
});

test('the injected source gives back every JSON value exactly', () => {
  const values = { n: -1.5e-7, s: 'quote " backslash \\ line\nsep \u2028 </script>', b: true, z: null, list: [1, 'two', [3]], obj: { 'a-b': { c: false } } };
  const source = parametersSource(Object.entries(values).map(([name, value]) => ({ name, value })));
  const evaluated = runInNewContext(`${source}\n({ n, s, b, z, list, obj })`);
  assert.deepEqual(JSON.parse(JSON.stringify(evaluated)), values);
});
