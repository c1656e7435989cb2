import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_MIME } from '../../src/format/mime';
import { notebookFolder, TestKernel } from './helpers';

let kernel: TestKernel;
let folder: { dir: string; cleanup: () => void };

before(async () => {
  folder = notebookFolder();
  kernel = new TestKernel(folder.dir);
  await kernel.client.start();
});

after(() => {
  kernel.dispose();
  folder.cleanup();
});

test('state persists across cells, and re-running declarations works', async () => {
  assert.equal((await kernel.run('const base: number = 20;\nlet count = 1;\nclass Box { constructor(readonly v: number) {} }\nfunction twice(x: number) { return 2 * x; }')).result.status, 'ok');
  const next = await kernel.run('count += 1;\nnew Box(twice(base)).v + count');
  assert.equal(next.result.status, 'ok');
  assert.deepEqual(next.values, ['42']);
  // The same declarations again: no "has already been declared".
  const again = await kernel.run('const base: number = 1;\nlet count = 0;\nclass Box { constructor(readonly v: number) {} }\nfunction twice(x: number) { return 3 * x; }\ntwice(base) + count');
  assert.equal(again.result.status, 'ok', again.text);
  assert.deepEqual(again.values, ['3']);
  const destructured = await kernel.run('const { a, b: [c] } = { a: 1, b: [2] };\nenum Color { Red, Green }\na + c + Color.Green');
  assert.deepEqual(destructured.values, ['4']);
  assert.deepEqual((await kernel.run('const { a, b: [c] } = { a: 5, b: [6] };\nenum Color { Red, Green }\na + c + Color.Green')).values, ['12']);
});

test('top-level await', async () => {
  const run = await kernel.run('const slow = await new Promise<string>((resolve) => setTimeout(() => resolve("done"), 20));\nfor await (const x of (async function* () { yield 1; })()) console.log("got", x);\nslow');
  assert.equal(run.result.status, 'ok');
  assert.equal(run.text, 'got 1\n');
  assert.deepEqual(run.values, ["'done'"]);
});

test("imports: 'ibnb' is the kernel's own library; packages and files resolve from the notebook folder", async () => {
  const run = await kernel.run(
    [
      "import { IBSequential, Dense, tf } from 'ibnb';",
      "import * as ibnb from 'ibnb';",
      "import { greet, answer } from 'tiny-pkg';",
      "import tiny from 'tiny-pkg';",
      "import helper from './helper.js';",
      "import { join } from 'node:path';",
      "import seven, { esmValue } from 'esm-pkg';",
      "import { basename } from 'path';",
      'const model = new IBSequential({ inputShape: [4] });',
      'model.add(new Dense(2));',
      "const fromRequire = require('tiny-pkg').answer;",
      "const dynamic = await import('tiny-pkg');",
      "[greet('cell'), answer, tiny.answer, helper.double(21), basename(join('a', 'b')), fromRequire, dynamic.answer, ibnb.IBSequential === IBSequential, typeof tf.tensor, esmValue, seven]",
    ].join('\n'),
  );
  assert.equal(run.result.status, 'ok', run.outputs.map((o) => JSON.stringify(o.items)).join('\n'));
  assert.deepEqual(run.values, ["[ 'hello, cell', 42, 42, 42, 'b', 42, 42, true, 'function', 'from esm', 7 ]"]);
  const models = await kernel.client.listModels();
  assert.deepEqual(models, [{ name: 'model', className: 'IBSequential', tracksDynamics: true }]);

  const missing = await kernel.run("import { nope } from 'no-such-package';");
  assert.equal(missing.result.status, 'error');
  assert.match(missing.result.error!.message, /Cannot find module 'no-such-package'. Install it next to the notebook: cd .* && npm install no-such-package/);
});

test('console output comes in call order, with the value last', async () => {
  const run = await kernel.run("console.log('one');\nconsole.error('two');\nprocess.stdout.write('three\\n');\nconsole.warn('four', { n: 4 });\nconsole.info('five');\n6 * 7");
  assert.equal(run.result.status, 'ok');
  const sequence = run.outputs.map((o) => `${o.items[0].mime.split('.').pop()}:${JSON.stringify(o.items[0].data)}`);
  assert.deepEqual(sequence, [
    'stdout:"one\\n"',
    'stderr:"two\\n"',
    'stdout:"three\\n"',
    'stderr:"four { n: 4 }\\n"',
    'stdout:"five\\n"',
    'text/plain:"42"',
  ]);
});

test('the last expression shows as rich output: tensors, displayables, Vega-Lite specs, plain values', async () => {
  const tensor = await kernel.run("import { tf } from 'ibnb';\ntf.tensor([[1, 2], [3, 4]])");
  assert.deepEqual(tensor.values, ['Tensor float32 [2, 2]\n[[1, 2],\n [3, 4]]']);
  const displayable = await kernel.run("({ [Symbol.for('ibnb.mimeBundle')]() { return { 'text/markdown': '**hi**', 'text/plain': 'hi' }; } })");
  assert.deepEqual(displayable.outputs[0].items, [
    { mime: 'text/markdown', data: '**hi**' },
    { mime: 'text/plain', data: 'hi' },
  ]);
  const spec = await kernel.run("({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', mark: 'bar', data: { values: [{ a: 1 }] } })");
  assert.equal(spec.outputs[0].items[0].mime, 'application/vnd.vegalite.v5+json');
  assert.deepEqual(spec.outputs[0].items[0].data, { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', mark: 'bar', data: { values: [{ a: 1 }] } });
  const nothing = await kernel.run('const unused = 1;\nundefined');
  assert.deepEqual(nothing.outputs, []);
  const shown = await kernel.run("const handle = display({ step: 1 });\nhandle.update('updated');\nconsole.log('after');\n'value'");
  assert.deepEqual(shown.outputs.map((o) => o.items[0].data), ["'updated'", 'after\n', "'value'"]);
});

test("an error shows the cell's own line and column, without kernel frames", async () => {
  const run = await kernel.run("type Shape = { w: number };\nfunction area(s: Shape): number {\n  throw new RangeError('no area for ' + s.w);\n}\nconst ok = 1;\narea({ w: 3 });");
  assert.equal(run.result.status, 'error');
  const error = run.result.error!;
  assert.equal(error.name, 'RangeError');
  assert.equal(error.message, 'no area for 3');
  assert.equal(error.line, 3);
  assert.equal(error.column, 9);
  assert.equal(error.stack.split('\n')[0], 'RangeError: no area for 3');
  assert.match(error.stack, /at area \(cell-\d+:3:9\)\n\s+at cell-\d+:6:1$/);
  assert.doesNotMatch(error.stack, /kernel|node:|dist/);
  assert.deepEqual(run.outputs.at(-1)!.items[0].mime, ERROR_MIME);

  const library = await kernel.run("import { IBSequential } from 'ibnb';\nconst bad = 1;\nnew IBSequential({ inputShape: [] });");
  assert.equal(library.result.error!.name, 'ConfigError');
  assert.equal(library.result.error!.line, 3);
  assert.doesNotMatch(library.result.error!.stack, /main\.js|sequential\.ts/);

  const syntax = await kernel.run('const fine = 1;\nconst broken: number = ;');
  assert.equal(syntax.result.status, 'error');
  assert.equal(syntax.result.error!.name, 'SyntaxError');
  assert.equal(syntax.result.error!.line, 2);
  assert.match(syntax.result.error!.message, /line 2/);
});

test('an unhandled rejection or a throwing callback lands in its cell and the kernel lives on', async () => {
  const rejected = await kernel.run("Promise.reject(new Error('nobody awaited me'));\n'after'");
  assert.equal(rejected.result.status, 'error');
  assert.equal(rejected.result.error!.message, 'nobody awaited me');
  assert.equal(rejected.result.error!.line, 1);

  const stuck = await kernel.run("await new Promise((resolve) => setTimeout(() => { throw new Error('from a timer'); }, 10));");
  assert.equal(stuck.result.status, 'error', 'a cell waiting on a callback that threw fails instead of hanging');
  assert.equal(stuck.result.error!.message, 'from a timer');

  const late = await kernel.run("setTimeout(() => { throw new Error('late'); }, 30);\n'started'", 'late-cell');
  assert.equal(late.result.status, 'ok');
  const after = await kernel.run('await new Promise((resolve) => setTimeout(resolve, 100));\n1 + 1');
  assert.deepEqual(after.values, ['2']);
  const lateOutputs = kernel.outputsOf('late-cell');
  const lateError = lateOutputs.at(-1)!.items[0];
  assert.equal(lateError.mime, ERROR_MIME, 'the late error went to the cell that started the timer');
  assert.match(JSON.stringify(lateError.data), /late/);
  assert.deepEqual(after.outputs.map((o) => o.items[0].data), ['2'], 'the cell running when the timer fired got nothing of it');
});

test('backendInfo describes the chosen backend', async () => {
  const info = await kernel.client.backendInfo();
  assert.ok(info.ok);
  if (info.ok) {
    assert.ok(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'].includes(info.name));
    assert.match(info.description, new RegExp(`^${info.name}`));
  }
});
