import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { parseNotebook } from '../../src/format/index';
import { at, ROOT, service, TYPINGS } from './helpers';
import { NotebookLanguageService } from '../../src/language/service';
import { TypingsMissingError } from '../../src/language/typings';

const IMPORTS = "import { IBSequential, Dense, Flatten, HSIC, mnist } from 'ibnb';";
const MODEL = "const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });\nmodel.add(new Flatten());";

test("completions after `mnist.` are ibnb's API: loadData", () => {
  const cells = [IMPORTS, 'mnist.'];
  const names = service(cells).completions(1, cells[1].length)!.entries.map((e) => e.name);
  assert.deepEqual(names, ['loadData']);
});

test('hover on HSIC shows its declaration and its doc comment', () => {
  const cells = [IMPORTS, "const h = new HSIC({ kernel: 'gaussian' });"];
  const hover = service(cells).hover(1, at(cells[1], 'new H'))!;
  assert.match(hover.signature, /HSIC/);
  assert.match(hover.documentation, /Hilbert-Schmidt independence criterion/);
  assert.equal(cells[1].slice(hover.start, hover.start + hover.length), 'HSIC');
});

test('a misspelt method is an error at its cell, line and column, with the fix', () => {
  const cells = [IMPORTS, 'const a = 1;', 'console.log(a);\nconst [train] = await mnist.loadDataa({ batchSize: 8 });'];
  const diagnostics = service(cells).diagnostics();
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const [d] = diagnostics;
  assert.equal(d.cell, 2);
  assert.equal(cells[2].slice(d.start, d.start + d.length), 'loadDataa');
  assert.equal(d.start, cells[2].indexOf('loadDataa'));
  assert.equal(d.code, 2551);
  assert.match(d.message, /Property 'loadDataa' does not exist .*Did you mean 'loadData'\?/);
  assert.equal(d.severity, 'error');
});

test('a variable from an earlier cell is known and typed in a later one', () => {
  const cells = [IMPORTS, MODEL, '// training', 'model.'];
  const s = service(cells);
  const hover = s.hover(3, 1)!;
  assert.equal(hover.signature, 'const model: IBSequential');
  const names = s.completions(3, cells[3].length)!.entries.map((e) => e.name);
  for (const name of ['fitGenerator', 'attachEvaluator', 'evaluatedDynamics', 'summary']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  const [definition] = s.definition(3, 1);
  assert.deepEqual(definition, { kind: 'cell', cell: 1, start: cells[1].indexOf('model'), length: 5 });
});

test('signature help in a constructor call names the parameters, with their doc', () => {
  const cells = [IMPORTS, 'new Dense('];
  const help = service(cells).signatureHelp(1, cells[1].length)!;
  assert.match(help.signatures[0].label, /^Dense\(units: number, args\?: DenseArgs/);
  assert.equal(help.activeParameter, 0);
});

test("go to definition of an ibnb class opens its declaration in the shipped typings", () => {
  const cells = [IMPORTS];
  const [definition] = service(cells).definition(0, at(cells[0], 'HS', false) + 1);
  assert.equal(definition.kind, 'file');
  if (definition.kind !== 'file') return;
  assert.equal(definition.path, join(TYPINGS, 'packages', 'ibnb', 'estimators', 'hsic.d.ts'));
  assert.match(readFileSync(definition.path, 'utf8').split('\n')[definition.start.line], /class HSIC\b/);
});

test('the kernel\'s semantics: re-declaring in another cell, top-level await, display()', () => {
  const cells = ['const x = 1;\nlet y = 2;', "const x = 'two';\nlet y = 3;\nfunction f() { return 1; }", 'function f() { return 2; }\nawait new Promise((r) => setTimeout(r, 1));\ndisplay(x);'];
  assert.deepEqual(service(cells).diagnostics(), []);
});

test('a name declared twice in one cell stays an error (esbuild refuses it in the kernel too)', () => {
  const cells = ['const x = 1;', 'const x = 2;\nconst x = 3;'];
  const diagnostics = service(cells).diagnostics();
  assert.deepEqual(diagnostics.map((d) => [d.cell, d.code]), [[1, 2451], [1, 2451]]);
});

test('importing again in a later cell is allowed; a type imported without `type` is an error, as it fails in the kernel', () => {
  assert.deepEqual(service([IMPORTS, "import { mnist } from 'ibnb';\nmnist.loadData;"]).diagnostics(), []);
  const [d] = service(["import { HSICArgs } from 'ibnb';\nconst a: HSICArgs = {};"]).diagnostics();
  assert.equal(d.code, 1484);
  assert.match(d.message, /type-only import/);
});

test('a cell that does not parse: its syntax error, and no noise from the cells it swallows', () => {
  const cells = [IMPORTS, 'for (const a of [1]) {\n  console.log(a);', 'const z: number = "not a number";'];
  const diagnostics = service(cells).diagnostics();
  assert.deepEqual(diagnostics.map((d) => [d.cell, d.code]), [[1, 1005]]);
  assert.match(diagnostics[0].message, /'\}' expected/);
  // Once it parses, the later cell is checked again.
  const fixed = service([IMPORTS, 'for (const a of [1]) {\n  console.log(a);\n}', cells[2]]).diagnostics();
  assert.deepEqual(fixed.map((d) => [d.cell, d.code]), [[2, 2322]]);
});

test('an unfinished `mnist.` is one syntax error, and completions still work there', () => {
  const cells = [IMPORTS, 'mnist.', 'const later = 1;'];
  const s = service(cells);
  assert.deepEqual(s.diagnostics().map((d) => [d.cell, d.code]), [[1, 1003]]);
  assert.ok(s.completions(1, cells[1].length)!.entries.some((e) => e.name === 'loadData'));
});

test('@tensorflow/tfjs in a cell is the kernel\'s, the one ibnb\'s types use, even beside another copy', () => {
  // media/examples/ has the repository's node_modules above it, with its own @tensorflow/tfjs.
  const cells = ["import * as tf from '@tensorflow/tfjs';\nimport { HSIC } from 'ibnb';", 'const x = tf.zeros([4, 3]) as tf.Tensor2D;\nconst v = new HSIC().criterion(x, x);'];
  const s = service(cells, join(ROOT, 'media', 'examples', 'virtual.ibnb'));
  assert.deepEqual(s.diagnostics(), []);
  const [definition] = s.definition(1, at(cells[1], 'tf.ze'));
  assert.equal(definition.kind, 'file');
  if (definition.kind === 'file') assert.ok(definition.path.startsWith(join(TYPINGS, 'packages', '@tensorflow')), definition.path);
});

test("other packages resolve from the notebook's folder, as the kernel loads them", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-language-'));
  try {
    mkdirSync(join(dir, 'node_modules', 'padder'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'padder', 'package.json'), JSON.stringify({ name: 'padder', version: '1.0.0', types: 'index.d.ts' }));
    writeFileSync(join(dir, 'node_modules', 'padder', 'index.d.ts'), 'export declare function pad(text: string, width: number): string;\n');
    const cells = ["import { pad } from 'padder';\nimport { missing } from 'not-installed-anywhere';", 'pad(1, 2);'];
    const diagnostics = service(cells, join(dir, 'nb.ibnb')).diagnostics();
    assert.deepEqual(diagnostics.map((d) => [d.cell, d.code]), [[0, 2307], [1, 2345]]);
    assert.match(diagnostics[0].message, /Cannot find module 'not-installed-anywhere'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no false errors in any example notebook, nor in the starter template', () => {
  const notebooks = [
    ...readdirSync(join(ROOT, 'media', 'examples')).filter((f) => f.endsWith('.ibnb')).map((f) => join(ROOT, 'media', 'examples', f)),
    join(ROOT, 'media', 'templates', 'starter.ibnb'),
  ];
  assert.ok(notebooks.length >= 5, notebooks.join(', '));
  for (const path of notebooks) {
    const notebook = parseNotebook(readFileSync(path, 'utf8'), path);
    const cells = notebook.cells.flatMap((c) => (c.kind === 'code' ? [c.source] : []));
    assert.ok(cells.length > 0, path);
    const s = service(cells, path);
    assert.deepEqual(s.diagnostics().map((d) => `${path} code cell ${d.cell}: ${d.message}`), []);
  }
});

test('without the built declarations: a TypingsMissingError that says to build', () => {
  const missing = join(tmpdir(), 'ibnb-no-typings-here');
  assert.ok(!existsSync(missing));
  assert.throws(() => new NotebookLanguageService({ notebookPath: join(ROOT, 'x.ibnb'), typingsRoot: missing }), (error: unknown) => error instanceof TypingsMissingError && /npm run build/.test(error.message));
});

test('a cell that is an object literal alone is a value, as in the kernel (not a block with labels)', () => {
  const cells = ['const a = 1;', "{ a, b: 'two', nested: { c: [1, 2] } }", '{ console.log(a); }'];
  const s = service(cells);
  assert.deepEqual(s.diagnostics(), []);
  const hover = s.hover(1, at(cells[1], 'b'))!;
  assert.match(hover.signature, /b: string/);
  assert.equal(cells[1].slice(hover.start, hover.start + hover.length), 'b');
});
