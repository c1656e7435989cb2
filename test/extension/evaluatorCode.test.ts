/**
 * The code the palette commands write and run: exact snippets, input
 * validation, and the same snippets executed in a real kernel (the built
 * dist/kernel/main.js), where the models come from listModels, evaluators
 * attach and detach, and the dynamics export reads back as CSV and JSON.
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
import { exportDynamicsCode, extractResult, listEvaluatorsCode, parseEvaluatorList, RESULT_BEGIN, RESULT_END } from '../../src/extension/hiddenCode';
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
    assert.throws(() => exportDynamicsCode('a.b', 'csv'), /not a variable name/);
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

  it('cuts a hidden result out of whatever else the code printed', () => {
    assert.equal(extractResult(`warning\n${RESULT_BEGIN}a,b\n1,2${RESULT_END}more`), 'a,b\n1,2');
    assert.equal(extractResult('nothing'), undefined);
    assert.equal(extractResult(`${RESULT_BEGIN}unfinished`), undefined);
    assert.deepEqual(parseEvaluatorList('["HSIC · x"]'), ['HSIC · x']);
    assert.throws(() => parseEvaluatorList('{"a":1}'), /list of names/);
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

  /** What KernelSession.evaluate does: run hidden code, return its marked result. */
  async function evaluate(code: string): Promise<string> {
    const { result, stdout } = await run(code);
    if (result.status !== 'ok') throw new Error(result.error?.message ?? result.status);
    const value = extractResult(stdout);
    assert.ok(value !== undefined, `a marked result in ${JSON.stringify(stdout)}`);
    return value;
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
    const listed = parseEvaluatorList(await evaluate(listEvaluatorsCode('model')));
    assert.equal(listed.length, 5);
    assert.match(listed[0], /HSIC/);
    assert.match(listed[3], /bin/i);
  });

  it('detaches one, then trains and exports the dynamics as CSV and JSON', async () => {
    const before = parseEvaluatorList(await evaluate(listEvaluatorsCode('model')));
    const { result } = await run(detachEvaluatorCell('model', 4, before[4]));
    assert.equal(result.status, 'ok');
    assert.equal(parseEvaluatorList(await evaluate(listEvaluatorsCode('model'))).length, 4);

    const trained = await run('await model.fit(x, labels, { batchSize: 16, epochs: 1 });');
    assert.equal(trained.result.status, 'ok', trained.error);
    const csv = await evaluate(exportDynamicsCode('model', 'csv'));
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'epoch,batch,evaluator,layer,layerName,x,y');
    // 3 batches × 4 evaluators × 2 layers.
    assert.equal(lines.length - 1, 3 * 4 * 2);
    const json = JSON.parse(await evaluate(exportDynamicsCode('model', 'json'))) as { rows: unknown[]; shape: number[] };
    assert.deepEqual(json.shape, [1, 3, 4, 2, 2]);
    assert.equal(json.rows.length, 24);
  });

  it('says what to do when a model has no dynamics yet', async () => {
    const fresh = await run("const untrained = new IBSequential({ inputShape: [2], trackDynamics: true });\nuntrained.add(new Dense(2));");
    assert.equal(fresh.result.status, 'ok', fresh.error);
    const exported = await run(exportDynamicsCode('untrained', 'csv'));
    assert.equal(exported.result.status, 'error');
    assert.match(exported.result.error?.message ?? '', /untrained has no dynamics yet: attach an evaluator/);
  });
});
