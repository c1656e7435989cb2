import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteCell } from '../../src/kernel/transpile/rewrite';
import { tokenize } from '../../src/kernel/transpile/tokenize';
import { splitStatements } from '../../src/kernel/transpile/statements';
import { CellSyntaxError, transpileCell } from '../../src/kernel/transpile/transpile';

/** The rewritten body, without the wrapper's first and last lines. */
function body(js: string): string {
  const text = rewriteCell(js).edited.text;
  return text.slice(text.indexOf('=> {') + 4, text.lastIndexOf('\n})('));
}

test('top-level declarations become assignments to globals, keeping lines', () => {
  assert.equal(body('const a = 1;\nlet b, c = 2;\nvar d;\n'), ';(a = 1);\n;(b = void 0, c = 2);\n;(d = d);\n');
  assert.equal(body('const { x, y: [z, w = 3], ...rest } = o;\n'), ';({ x, y: [z, w = 3], ...rest } = o);\n');
  assert.equal(body('class A extends B {\n  m() {\n  }\n}\n'), 'A = class A extends B {\n  m() {\n  }\n};\n');
  assert.deepEqual(rewriteCell('const { x, y: [z, w = f(a, b)], ...rest } = o, [p, , q] = r;\n').declaredNames, ['x', 'z', 'w', 'rest', 'p', 'q']);
});

test('function declarations stay hoisted and are published first', () => {
  const text = rewriteCell('f();\nfunction f() {\n  return 1;\n}\nasync function* g() {\n}\n').edited.text;
  assert.match(text, /=> \{__ibnb\.hoist\(\{ f, g \}\);f\(\);\nfunction f\(\) \{/);
});

test('imports become loads from the runtime; exports are dropped', () => {
  assert.equal(body('import d, { a as b, c } from "m";\n'), '{ const __module = await __ibnb.import("m"); d = __ibnb.defaultOf(__module); __ibnb.requireExports(__module, "m", ["a","c"]); ({ a: b, c: c } = __module); }\n');
  assert.equal(body('import * as ns from "m";\n'), '{ const __module = await __ibnb.import("m"); ns = __ibnb.namespaceOf(__module); }\n');
  assert.equal(body('import "side-effect";\n'), 'await __ibnb.import("side-effect");\n');
  assert.equal(body('export const e = 1;\nexport { e as f };\n'), ';(e = 1);\n\n');
  assert.equal(body('const m = await import("x");\nimport.meta.url;\n'), ';(m = await __ibnb.importDynamic("x"));\nreturn __ibnb.importMeta.url;\n');
});

test('only a final expression statement becomes the value', () => {
  assert.equal(body('a + 1;\nb;\n'), 'a + 1;\nreturn b;\n');
  assert.equal(body('if (a) b();\nelse c();\n'), 'if (a) b();\nelse c();\n');
  assert.equal(body('for (const x of y) {\n}\n'), 'for (const x of y) {\n}\n');
  assert.equal(body('await f();\n'), 'return await f();\n');
  assert.equal(body('label: for (;;) break label;\n'), 'label: for (;;) break label;\n');
});

test('strings, templates, regular expressions and comments never split statements', () => {
  const js = 'const t = `a\n${{ b: 1 }.b}\nconst fake = 1;`;\nconst r = /[/]const x = 1;/g, d = 4 / 2 / 1;\n/* const y = 2; */\nx;\n';
  const statements = splitStatements(tokenize(js));
  assert.equal(statements.length, 3);
  assert.deepEqual(rewriteCell(js).declaredNames, ['t', 'r', 'd']);
});

test('positions map back to the TypeScript source through esbuild and the rewrite', async () => {
  const source = 'interface P { x: number }\nconst p: P = { x: 1 };\n\nfunction f(v: number): number {\n  return v.toFixed(1) as any;\n}\nthrow new Error("x");\n';
  const cell = await transpileCell(source, 'cell.ts');
  const lines = cell.code.split('\n');
  const throwLine = lines.findIndex((l) => l.startsWith('throw')) + 1;
  assert.deepEqual(cell.originalPosition(throwLine, 1), { line: 7, column: 1 });
  const returnLine = lines.findIndex((l) => l.includes('return v.toFixed')) + 1;
  assert.deepEqual(cell.originalPosition(returnLine, lines[returnLine - 1].indexOf('v.') + 1), { line: 5, column: 10 });
  assert.equal(cell.originalPosition(1, 3), undefined, 'the wrapper maps nowhere');
  assert.deepEqual(cell.declaredNames, ['p', 'f']);
});

test('syntax and type-strip errors carry the cell line', async () => {
  await assert.rejects(transpileCell('const a = 1;\nconst b = ;\n', 'cell.ts'), (error: unknown) => {
    assert.ok(error instanceof CellSyntaxError);
    assert.deepEqual(error.position, { line: 2, column: 11 });
    assert.equal(error.lineText, 'const b = ;');
    return true;
  });
  await assert.rejects(transpileCell('let x: = 3;', 'cell.ts'), (error: unknown) => error instanceof CellSyntaxError && error.position?.line === 1);
});
