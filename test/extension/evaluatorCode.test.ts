/**
 * The code the palette commands write and run: exact snippets, input
 * validation, and the same snippets executed in a real kernel (the built
 * dist/kernel/main.js), where the models come from listModels, evaluators
 * attach and detach (read back with listEvaluators), and the dynamics
 * export (the exportDynamics request) reads back as CSV and JSON.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  attachEvaluatorCell,
  detachEvaluatorCell,
  ESTIMATOR_CHOICES,
  estimatorExpression,
  parseBins,
  parseNoiseVariance,
  parseSigma,
  validateBins,
  validateNoiseVariance,
  validateSigma,
  type EvaluatorSpec,
} from '../../src/extension/evaluatorCode';
import { KernelClient } from '../../src/kernelClient/client';
import type { ExecuteResult } from '../../src/protocol/kernelProtocol';

const ALL_SPECS: EvaluatorSpec[] = [
  { kind: 'hsic-gaussian', sigma: 5, normalization: 'biased' },
  { kind: 'hsic-linear', normalization: 'unbiased' },
  { kind: 'cka', sigma: 'median' },
  { kind: 'binning', bins: 30 },
  { kind: 'kde', noiseVariance: 0.1 },
];

describe('attach evaluator code', () => {
  it('writes the library call for each estimator, with its parameters', () => {
    assert.deepEqual(ALL_SPECS.map(estimatorExpression), [
      "new HSIC({ kernel: 'gaussian', sigma: 5, normalization: 'biased' })",
      "new HSIC({ kernel: 'linear', normalization: 'unbiased' })",
      "new HSIC({ kernel: 'gaussian', sigma: 'median', normalization: 'cka' })",
      'new BinningMI({ bins: 30 })',
      'new KDEMI({ noiseVariance: 0.1 })',
    ]);
    assert.equal(new Set(ESTIMATOR_CHOICES.map((c) => c.kind)).size, 5);
  });

  it('makes a cell that imports what it uses and attaches to the chosen model', () => {
    const cell = attachEvaluatorCell('net', { kind: 'binning', bins: 12 });
    assert.match(cell, /^import \{ BinningMI \} from 'ibnb';\n/);
    assert.match(cell, /\nnet\.attachEvaluator\(new BinningMI\(\{ bins: 12 \}\)\);$/);
    assert.equal(detachEvaluatorCell('net', 1, 'HSIC · gaussian\nkernel'), '// Added by "IB: Detach Evaluator…": HSIC · gaussian kernel\nnet.detachEvaluator(1);');
  });

  it('refuses model names that are not variable names', () => {
    assert.throws(() => attachEvaluatorCell('model; process.exit()', ALL_SPECS[0]), /not a variable name/);
    assert.throws(() => detachEvaluatorCell('a.b', 0, 'x'), /not a variable name/);
  });

  it('validates the parameters the user types, with defaults for empty answers', () => {
    assert.equal(parseSigma('5'), 5);
    assert.equal(parseSigma(' Median '), 'median');
    assert.equal(parseSigma(''), 'median');
    assert.equal(parseSigma('0.5e1'), 5);
    for (const bad of ['-1', '0', 'abc', '5px', 'Infinity']) assert.ok(validateSigma(bad), bad);
    assert.equal(validateSigma('2.5'), undefined);
    assert.equal(parseBins(''), 30);
    assert.equal(parseBins('64'), 64);
    for (const bad of ['1', '5000', '2.5', 'x']) assert.ok(validateBins(bad), bad);
    assert.equal(parseNoiseVariance(''), 0.1);
    assert.equal(parseNoiseVariance('0.01'), 0.01);
    assert.ok(validateNoiseVariance('0'));
  });
});

const KERNEL = resolve(__dirname, '../../dist/kernel/main.js');

describe('the commands\' code in a real kernel', () => {
  let client: KernelClient;
  let folder: string;
  let counter = 0;
  const streams = new Map<string, string>();
  const errors = new Map<string, string>();

  async function run(code: string): Promise<{ result: ExecuteResult; stdout: string; error?: string }> {
    const cellId = `c${++counter}`;
    streams.set(cellId, '');
    const result = await client.execute({ cellId, code, notebookDir: folder, cellLabel: `cell ${counter}` });
    return { result, stdout: streams.get(cellId) ?? '', error: errors.get(cellId) };
  }

  before(async () => {
    if (!existsSync(KERNEL)) throw new Error(`${KERNEL} is missing: run \`npm run build\` first (npm test does).`);
    folder = mkdtempSync(join(tmpdir(), 'ibnb-extension-test-'));
    client = new KernelClient({ kernelPath: KERNEL, cwd: folder });
    client.onStream((m) => m.name === 'stdout' && streams.set(m.cellId, (streams.get(m.cellId) ?? '') + m.text));
    client.onOutput((m) => {
      const error = m.items.find((i) => i.mime === 'application/vnd.code.notebook.error');
      if (error) errors.set(m.cellId, (error.data as { message: string }).message);
    });
    const setup = await run(
      [
        "import { IBSequential, Sequential, Dense, tf } from 'ibnb';",
        'const x = tf.randomNormal([48, 6]);',
        'const labels = Array.from({ length: 48 }, (_, i) => i % 3);',
        'const model = new IBSequential({ inputShape: [6], trackDynamics: true });',
        "model.add(new Dense(5, { activation: 'relu' }));",
        "model.add(new Dense(3, { activation: 'softmax' }));",
        "model.compile({ optimizer: 'adam', loss: 'cross_entropy' });",
        'const plain = new Sequential({ inputShape: [6] });',
        "plain.add(new Dense(3, { activation: 'softmax' }));",
      ].join('\n'),
    );
    assert.equal(setup.result.status, 'ok', setup.error);
  });

  after(() => {
    client?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('lists the models from the kernel, telling which can take evaluators', async () => {
    const models = await client.listModels();
    assert.deepEqual(models.map((m) => [m.name, m.tracksDynamics]).sort(), [['model', true], ['plain', false]]);
  });

  it('attaches every estimator the command offers, importing again what an earlier cell imported', async () => {
    for (const spec of ALL_SPECS) {
      const { result, error } = await run(attachEvaluatorCell('model', spec));
      assert.equal(result.status, 'ok', `${spec.kind}: ${error}`);
    }
    const listed = await client.listEvaluators('model');
    assert.deepEqual(listed.map((e) => [e.index, e.name]), [[0, 'HSIC'], [1, 'HSIC'], [2, 'HSIC'], [3, 'BinningMI'], [4, 'KDEMI']]);
    assert.match(listed[3].description, /bin/i);
  });

  it('detaches one, then trains and exports the dynamics as CSV and JSON', async () => {
    const before = await client.listEvaluators('model');
    const { result } = await run(detachEvaluatorCell('model', 4, before[4].description));
    assert.equal(result.status, 'ok');
    assert.equal((await client.listEvaluators('model')).length, 4);

    const trained = await run('await model.fit(x, labels, { batchSize: 16, epochs: 1 });');
    assert.equal(trained.result.status, 'ok', trained.error);
    const { text: csv } = await client.exportDynamics('model', 'csv');
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'epoch,batch,evaluator,layer,layerName,x,y');
    // 3 batches × 4 evaluators × 2 layers.
    assert.equal(lines.length - 1, 3 * 4 * 2);
    const json = JSON.parse((await client.exportDynamics('model', 'json')).text) as { rows: unknown[]; shape: number[] };
    assert.deepEqual(json.shape, [1, 3, 4, 2, 2]);
    assert.equal(json.rows.length, 24);
  });
});
