import assert from 'node:assert/strict';
import test from 'node:test';
import { CELL_SEPARATOR, lineAndCharacter, VirtualDocument } from '../../src/language/virtualDocument';

const cells = ['const a = 1;', '', 'a + 1\nconst b = a', 'mnist.'].map((source, i) => ({ source, label: `cell ${i + 1}` }));

test('the virtual module is the cells in order, joined by separators, ending as a module', () => {
  const document = VirtualDocument.build(cells);
  assert.ok(document.text.startsWith(`const a = 1;${CELL_SEPARATOR}${CELL_SEPARATOR}a + 1\nconst b = a${CELL_SEPARATOR}mnist.`));
  assert.match(document.text, /\nexport \{\};\n$/);
  // The footer starts with a separator: `mnist.` must not read on into `export`.
  assert.doesNotMatch(document.text, /mnist\.\s*export/);
  for (const [index, span] of document.spans.entries()) assert.equal(document.text.slice(span.start, span.end), cells[index].source);
});

test('every offset of every cell maps to the virtual text and back', () => {
  const document = VirtualDocument.build(cells);
  for (const [index, cell] of cells.entries()) {
    for (let offset = 0; offset <= cell.source.length; offset++) {
      const virtual = document.toVirtual(index, offset);
      if (offset < cell.source.length) assert.equal(document.text[virtual], cell.source[offset]);
      // An empty cell shares its offset with nothing else only when the cells around it are not empty.
      if (cell.source.length > 0) assert.deepEqual(document.toCell(virtual), { cell: index, offset });
    }
  }
});

test('a separator or the footer belongs to the end of the cell before it', () => {
  const document = VirtualDocument.build(cells);
  const afterFirst = document.spans[0].end + 1;
  assert.deepEqual(document.toCell(afterFirst), { cell: 0, offset: cells[0].source.length });
  assert.equal(document.isInsideCell(afterFirst), false);
  assert.deepEqual(document.toCell(document.text.length - 1), { cell: 3, offset: cells[3].source.length });
  assert.equal(document.isInsideCell(document.spans[2].start, document.spans[2].end), true);
});

test('offsets past a cell are clamped to it; a cell that does not exist is a RangeError naming the count', () => {
  const document = VirtualDocument.build(cells);
  assert.equal(document.toVirtual(0, 999), document.spans[0].end);
  assert.throws(() => document.toVirtual(9, 0), /No cell 9: the notebook has 4 code cell\(s\)/);
  assert.equal(VirtualDocument.build([]).toCell(0), undefined);
});

test('lineAndCharacter is 0-based in a cell', () => {
  assert.deepEqual(lineAndCharacter('ab\ncd\n', 0), { line: 0, character: 0 });
  assert.deepEqual(lineAndCharacter('ab\ncd\n', 4), { line: 1, character: 1 });
  assert.deepEqual(lineAndCharacter('ab\ncd\n', 6), { line: 2, character: 0 });
});

test('an expression cell is wrapped in parentheses outside its span, so its offsets map unchanged', () => {
  const document = VirtualDocument.build([{ source: '{ a: 1 }', label: 'cell 1', expression: true }, { source: 'x', label: 'cell 2' }]);
  assert.ok(document.text.startsWith(`({ a: 1 })${CELL_SEPARATOR}x`));
  assert.equal(document.text.slice(document.spans[0].start, document.spans[0].end), '{ a: 1 }');
  assert.deepEqual(document.toCell(document.toVirtual(0, 2)), { cell: 0, offset: 2 });
});
