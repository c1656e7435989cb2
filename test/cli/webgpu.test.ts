/**
 * `ibnb run --backend webgpu` on SwiftShader (test/support/swiftShader.ts): a notebook trains,
 * the run and its HTML report name the adapter, and a GPU tensor as a cell's last value shows
 * its values (the kernel reads it asynchronously first, as webgpu in Node requires).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseNotebook, serializeNotebook } from '../../src/format/index';
import type { CodeCell } from '../../src/format/types';
import { SWIFTSHADER_ENV, swiftShaderMissing } from '../support/swiftShader';

const CLI = resolve(__dirname, '../../dist/cli/main.js');
const skip = swiftShaderMissing();

const cells = [
  [
    "import { IBSequential, Flatten, Dense, HSIC, mnist, tf } from 'ibnb';",
    "const [train] = await mnist.loadData({ source: 'embedded', limit: 64, batchSize: 16, validationSplit: 0, seed: 0 });",
    'const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });',
    "model.add(new Flatten());\nmodel.add(new Dense(10, { activation: 'softmax' }));",
    "model.compile({ optimizer: 'SGD', loss: 'cross_entropy' });",
    "model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));",
    'await model.fitGenerator(train, null, 1);',
    "console.log('backend', tf.getBackend());",
  ].join('\n'),
  'tf.matMul(tf.ones([40, 40]), tf.ones([40, 40])).slice([0, 0], [1, 3])',
];

test('ibnb run --backend webgpu trains on the adapter it names, in the run and in the report', { skip }, () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-cli-webgpu-'));
  try {
    const path = join(dir, 'gpu.ibnb');
    writeFileSync(path, serializeNotebook({ metadata: {}, cells: cells.map((source) => ({ kind: 'code', language: 'typescript', source, outputs: [] })) }));
    const run = spawnSync(process.execPath, [CLI, 'run', 'gpu.ibnb', '--backend', 'webgpu', '--html', 'report.html'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, ...SWIFTSHADER_ENV },
    });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /Backend: webgpu, SwiftShader.*\(vulkan, software\)/);
    assert.match(run.stdout, /backend webgpu/);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /backend: webgpu, SwiftShader[^<]*\(vulkan, software\)/);
    const shown = (parseNotebook(readFileSync(path, 'utf8'), path).cells[1] as CodeCell).outputs.flatMap((o) => o.items.map((i) => String(i.data))).join('\n');
    assert.match(shown, /Tensor float32 \[1, 3\]\n\[\[40, 40, 40\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
