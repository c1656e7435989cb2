import assert from 'node:assert/strict';
import test from 'node:test';
import { join } from 'node:path';
import {
  COMPARE_MIME, CompareRunsError, compareRuns, Dense, Dynamics, Flatten, HSIC, IBSequential, initBackend, MIME_BUNDLE, mnist, RunFileError,
  type ComparePayload, type DynamicsRunInfo, type RunConfig, type TrainingListener,
} from '../../../src/lib/index';
import { RunFileWriter } from '../../../src/lib/dynamics/runFile';
import { inFolder } from '../../support/folder';

const HSIC_INFO = { name: 'HSIC', params: { kernel: 'gaussian', sigma: 5, normalization: 'biased' }, xLabel: 'HSIC(H, X)', yLabel: 'HSIC(H, Y)' };

function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    model: { name: 'ibsequential_1', inputShape: [4], layers: [{ name: 'dense_1', kind: 'Dense', outputShape: '[8]', params: 40 }, { name: 'dense_2', kind: 'Dense', outputShape: '[2]', params: 18 }] },
    optimizer: 'adam',
    loss: 'cross_entropy',
    target: 'labels',
    epochs: 2,
    ...overrides,
  };
}

/** Writes a run file the way saveDynamics does: 2 epochs × 3 batches, values shifted by `shift`. */
function writeRun(path: string, shift: number, info: Partial<DynamicsRunInfo> = {}, runConfig = config()): string {
  const full: DynamicsRunInfo = { runId: `run-${shift}`, backend: 'cpu', layers: ['dense_1', 'dense_2'], evaluators: [HSIC_INFO], ...info };
  const writer = new RunFileWriter(path);
  writer.start(full, runConfig);
  const cell = full.evaluators.length * full.layers.length * 2;
  for (let epoch = 1; epoch <= 2; epoch++) {
    for (let batch = 1; batch <= 3; batch++) writer.batch(full.runId, epoch, batch, Array.from({ length: cell }, (_, i) => 0.1 * (i + 1) + 0.01 * epoch + shift));
    writer.epoch(full.runId, { epoch, loss: 1 / epoch + shift, accuracy: 0.5 });
  }
  writer.end(full.runId, 'done');
  return path;
}

test('run files load with the existing loader: labels default to the file names, means only, one group for one configuration', () =>
  inFolder((dir) => {
    const paths = [1, 2, 3].map((k) => writeRun(join(dir, `seed-${k}.jsonl`), k / 100));
    const comparison = compareRuns(paths);
    const bundle = comparison[MIME_BUNDLE]();
    const payload = bundle[COMPARE_MIME] as ComparePayload;
    assert.equal(payload.version, 1);
    assert.equal(payload.aggregate, 'none');
    assert.deepEqual(payload.runs.map((r) => r.label), ['seed-1', 'seed-2', 'seed-3']);
    assert.deepEqual(comparison.groups, ['all runs', 'all runs', 'all runs'], 'seeds differ, the configuration does not');
    assert.equal(payload.runs[1].dynamics.runId, 'run-0.02');
    assert.equal(payload.runs[1].dynamics.batches, undefined, 'per-batch points are left out');
    // Epoch means of the file: batches of epoch 2 hold 0.1·(i+1) + 0.02 + shift.
    assert.ok(Math.abs(payload.runs[1].dynamics.epochs[1].mean[0][1][1] - (0.4 + 0.02 + 0.02)) < 1e-6);
    assert.match(String(bundle['text/plain']), /^Comparison of 3 runs: seed-1 \(2 epochs, done\)/);
    assert.deepEqual(compareRuns(paths, { labels: ['a', 'b', 'c'], aggregate: 'mean-sd' }).payload.aggregate, 'mean-sd');
  }));

test('a run file\'s permutation baselines reach the compared run\'s epochs (only the per-batch points are left out)', () =>
  inFolder((dir) => {
    const path = join(dir, 'baseline.jsonl');
    const info: DynamicsRunInfo = { runId: 'with-baseline', backend: 'cpu', layers: ['dense_1', 'dense_2'], evaluators: [HSIC_INFO] };
    const writer = new RunFileWriter(path);
    writer.start(info, config());
    // Two batches in epoch 1: the payload holds their mean.
    writer.batch(info.runId, 1, 1, [1, 2, 3, 4], { evaluators: [0], values: [0.1, 0.2, 0.3, 0.4] });
    writer.batch(info.runId, 1, 2, [1, 2, 3, 4], { evaluators: [0], values: [0.3, 0.4, 0.5, 0.6] });
    writer.epoch(info.runId, { epoch: 1, loss: 1, accuracy: 0.5 });
    writer.end(info.runId, 'done');
    const [run] = compareRuns([path]).payload.runs;
    assert.equal(run.dynamics.batches, undefined);
    assert.deepEqual(run.dynamics.epochs[0].baseline, [[[0.2, 0.3], [0.4, 0.5]]]);
    assert.ok(compareRuns([writeRun(join(dir, 'plain.jsonl'), 0)]).payload.runs[0].dynamics.epochs.every((e) => !('baseline' in e)), 'no baseline where the file has none');
  }));

test('{ path, runId } picks a run of a file that holds several; a path alone takes the last, as loadDynamics does', () =>
  inFolder((dir) => {
    const path = join(dir, 'runs.jsonl');
    writeRun(path, 0.1);
    writeRun(path, 0.2);
    assert.equal(compareRuns([path]).payload.runs[0].dynamics.runId, 'run-0.2');
    assert.equal(compareRuns([{ path, runId: 'run-0.1' }]).payload.runs[0].dynamics.runId, 'run-0.1');
    assert.throws(() => compareRuns([{ path, runId: 'nope' }]), (e: Error) => e instanceof RunFileError && /has no run "nope"; it holds run-0.1, run-0.2/.test(e.message));
  }));

test('a missing file is a RunFileError that names the run, where it looked and what to give', () =>
  inFolder((dir) => {
    const good = writeRun(join(dir, 'a.jsonl'), 0);
    assert.throws(
      () => compareRuns([good, join(dir, 'missing.jsonl')]),
      (e: Error) => e instanceof RunFileError && e.message.includes(`run 2 (${join(dir, 'missing.jsonl')}): no such run file`) && /written with saveDynamics \(a trained model's lastRunFile holds it\)/.test(e.message),
    );
  }));

test('runs with different layers or evaluators are a CompareRunsError naming what differs and what to do', () =>
  inFolder((dir) => {
    const a = writeRun(join(dir, 'a.jsonl'), 0);
    const b = writeRun(join(dir, 'b.jsonl'), 0, { layers: ['dense_1', 'dense_2', 'dense_3'], evaluators: [HSIC_INFO] });
    assert.throws(
      () => compareRuns([a, b]),
      (e: Error) => e instanceof CompareRunsError && /run 2 \(.*b\.jsonl\) tracks the layers dense_1, dense_2, dense_3, but run 1 \(.*a\.jsonl\) tracks dense_1, dense_2/.test(e.message) && /same trackDynamics: \{ layers \}/.test(e.message),
    );
    const linear = { ...HSIC_INFO, params: { kernel: 'linear', normalization: 'biased' }, description: 'HSIC · linear kernel · biased' };
    const c = writeRun(join(dir, 'c.jsonl'), 0, { evaluators: [linear] });
    assert.throws(
      () => compareRuns([a, c]),
      (e: Error) => e instanceof CompareRunsError && /run 2 \(.*c\.jsonl\) was measured with HSIC · linear kernel · biased, but run 1/.test(e.message) && /attach the same evaluators/.test(e.message),
    );
  }));

test('labels: one per run, distinct, strings; unknown options and aggregates say what is allowed', () =>
  inFolder((dir) => {
    const paths = [writeRun(join(dir, 'a.jsonl'), 0), writeRun(join(dir, 'b.jsonl'), 0.1)];
    assert.throws(() => compareRuns(paths, { labels: ['only one'] }), (e: Error) => e instanceof CompareRunsError && /1 label for 2 runs; give exactly one label per run/.test(e.message));
    assert.throws(() => compareRuns(paths, { labels: ['x', 'x'] }), /the label "x" is given twice/);
    assert.throws(() => compareRuns(paths, { labels: [1, 2] as never }), /labels must be an array of non-empty strings/);
    assert.throws(() => compareRuns(paths, { label: ['a', 'b'] } as never), /unknown option 'label'\. Did you mean 'labels'\?/);
    assert.throws(() => compareRuns(paths, { aggregate: 'median' as never }), /aggregate must be 'none' or 'mean-sd', got "median"/);
    assert.throws(() => compareRuns([]), (e: Error) => e instanceof CompareRunsError && /non-empty array of runs/.test(e.message));
    assert.throws(() => compareRuns([42 as never]), /run 1 is 42; give a run file path/);
  }));

test('configurations group runs for the band: the seed and model name do not split a group, the optimizer does (named on the chart)', () =>
  inFolder((dir) => {
    const paths = [
      writeRun(join(dir, '1.jsonl'), 0, {}, config({ seed: 1 })),
      writeRun(join(dir, '2.jsonl'), 0.1, {}, config({ seed: 2, model: { ...config().model, name: 'ibsequential_7' } })),
      writeRun(join(dir, '3.jsonl'), 0.2, {}, config({ optimizer: 'SGD' })),
    ];
    assert.deepEqual(compareRuns(paths, { aggregate: 'mean-sd' }).groups, ['optimizer adam', 'optimizer adam', 'optimizer SGD']);
  }));

test('models in the kernel: trained IBSequential models compare by their evaluatedDynamics; one not trained yet says what to do', async () => {
  await initBackend();
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 16, limit: 48, validationSplit: 0, seed: 1 });
  const quiet: TrainingListener = {};
  const models = [1, 2].map(() => {
    const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });
    model.add(new Flatten()).add(new Dense(6, { activation: 'relu' })).add(new Dense(10));
    model.compile({ optimizer: 'adam', learningRate: 0.01 });
    model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));
    return model;
  });
  for (const model of models) await model.fitGenerator(train, null, 1, { listeners: [quiet] });
  const comparison = compareRuns(models, { labels: ['first', 'second'], aggregate: 'mean-sd' });
  assert.deepEqual(comparison.payload.runs.map((r) => r.dynamics.runId), models.map((m) => m.evaluatedDynamics!.runId));
  assert.deepEqual(comparison.groups, ['all runs', 'all runs'], 'same architecture, optimizer and epochs: one configuration (lastRunConfig)');
  assert.deepEqual(comparison.payload.runs[0].dynamics.layers, ['dense_1', 'dense_2']);

  const untrained = new IBSequential({ inputShape: [4], trackDynamics: true });
  assert.throws(() => compareRuns([models[0], untrained]), (e: Error) => e instanceof CompareRunsError && /run 2 is a model with no dynamics yet\. Attach an evaluator/.test(e.message));
  // A bare Dynamics works too.
  const d = new Dynamics({ runId: 'x', backend: 'cpu', layers: ['dense_1', 'dense_2'], evaluators: models[0].evaluatedDynamics!.evaluators });
  d.addBatch(1, 1, [0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(compareRuns([models[0], d]).labels, ['run 1', 'run 2']);
  for (const model of [...models, untrained]) model.dispose();
});
