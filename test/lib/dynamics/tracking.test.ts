import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import {
  ConfigError, Conv2d, Dense, Dropout, Estimator, Flatten, HSIC, IBSequential, initBackend, loadDynamics, mnist, tf,
  DYNAMICS_MIME, MIME_BUNDLE, type DynamicsPayload, type TrainingListener,
} from '../../../src/lib/index';

const quiet: TrainingListener = {};

function referenceModel(extra: Partial<ConstructorParameters<typeof IBSequential>[0]> = {}): IBSequential {
  const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true, ...extra });
  model.add(new Conv2d({ filters: 2, kernelSize: 3, stride: 2, padding: 1, activation: 'relu' }));
  model.add(new Flatten());
  model.add(new Dense(16, { activation: 'relu' }));
  model.add(new Dropout(0.1));
  model.add(new Dense(8, { activation: 'relu' }));
  model.add(new Dense(10, { activation: 'softmax' }));
  model.compile({ optimizer: 'SGD', learningRate: 0.01 });
  return model;
}

test('the tracked layers are those with parameters, output layer included; the reference model gives L = 5', () => {
  const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });
  model.add(new Conv2d({ filters: 16, kernelSize: 3, stride: 1, padding: 1, activation: 'relu' }));
  model.add(new Flatten());
  for (const units of [1000, 500, 200]) model.add(new Dense(units, { activation: 'relu' }));
  model.add(new Dense(10, { activation: 'softmax' }));
  assert.deepEqual(model.trackedLayerIndices(), [0, 2, 3, 4, 5]);
  const chosen = new IBSequential({ inputShape: [4], trackDynamics: { layers: ['b', 0] } });
  chosen.add(new Dense(3, { name: 'a' })).add(new Dense(2, { name: 'b' }));
  assert.deepEqual(chosen.trackedLayerIndices(), [1, 0]);
  model.dispose();
});

test('per batch, every evaluator and tracked layer gets [x, y]; shape, means, table and CSV agree', async () => {
  await initBackend();
  const [train, val] = await mnist.loadData({ source: 'embedded', batchSize: 32, limit: 200, seed: 3 });
  const model = referenceModel();
  model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));
  model.attachEvaluator(new HSIC({ kernel: 'linear', normalization: 'cka' }));
  const payloads: DynamicsPayload[] = [];
  await model.fitGenerator(train, val, 1, { listeners: [quiet] });
  // After a first run (which creates the optimizer's momentum slots), a run holds no tensor afterwards.
  const tensorsBefore = tf.memory().numTensors;
  await model.fitGenerator(train, val, 2, { listeners: [{ onDynamics: (e) => payloads.push(e.payload) }] });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'tracked training leaks no tensors');
  const d = model.evaluatedDynamics!;
  assert.deepEqual(d.shape, [2, train.length, 2, 4, 2]);
  const all = d.toArray();
  assert.equal(all.length, 2);
  assert.ok(all.flat(4).every(Number.isFinite));
  const cka = all.flatMap((epoch) => epoch.flatMap((batch) => batch[1].flat()));
  assert.ok(cka.every((v) => v >= -1e-6 && v <= 1 + 1e-5), 'CKA lies in [0, 1]');
  // The mean over batches is the mean of the per-batch values.
  const means = d.meanOverBatches();
  const manual = all[1].reduce((acc, batch) => acc + batch[0][2][1], 0) / all[1].length;
  assert.ok(Math.abs(means[1][0][2][1] - manual) < 1e-6 * Math.max(1, Math.abs(manual)));
  const table = d.toTable();
  assert.equal(table.length, 2 * train.length * 2 * 4);
  assert.deepEqual(Object.keys(table[0]), ['epoch', 'batch', 'evaluator', 'layer', 'layerName', 'x', 'y']);
  assert.equal(table[0].layerName, 'conv2d_1');
  const csv = d.toCSV().trim().split('\n');
  assert.equal(csv.length, table.length + 1);
  assert.equal(csv[0], 'epoch,batch,evaluator,layer,layerName,x,y');
  // Live payloads: one per epoch end at least, the last one 'done' with both epochs' means and metrics.
  const last = payloads.at(-1)!;
  assert.equal(last.status, 'done');
  assert.equal(last.version, 1);
  assert.deepEqual(last.layers, ['conv2d_1', 'dense_1', 'dense_2', 'dense_3']);
  assert.equal(last.evaluators[0].xLabel, 'HSIC(H, X)');
  assert.match(last.evaluators[0].description ?? '', /gaussian/);
  assert.equal(last.epochs.length, 2);
  assert.ok(Number.isFinite(last.epochs[1].valLoss!));
  assert.equal(last.batches!.values.length, 2 * train.length * 2 * 4 * 2);
  const bundle = d[MIME_BUNDLE]();
  assert.equal((bundle[DYNAMICS_MIME] as DynamicsPayload).runId, last.runId);
  model.dispose();
});

test('a custom criterion subclassed from Estimator is accepted exactly like the built-ins', async () => {
  class MeanAbsCorrelation extends Estimator {
    readonly name = 'meanAbs';
    criterion(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
      return tf.tidy(() => tf.abs(tf.sub(tf.mean(x), tf.mean(y))) as tf.Scalar);
    }
  }
  class Constant extends Estimator {
    readonly name = 'one';
    criterion(): number {
      return 1;
    }
  }
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 50, limit: 100, seed: 1, validationSplit: 0 });
  const model = referenceModel();
  model.attachEvaluator(new MeanAbsCorrelation());
  model.attachEvaluator(new Constant());
  await model.fitGenerator(train, null, 1, { listeners: [quiet] });
  const values = model.evaluatedDynamics!.toArray()[0][0];
  assert.deepEqual(values[1], [[1, 1], [1, 1], [1, 1], [1, 1]]);
  assert.ok(values[0].flat().every((v) => Number.isFinite(v) && v >= 0));
  assert.equal(model.evaluatedDynamics!.evaluators[0].xLabel, 'meanAbs(H, X)');
  assert.equal(model.detachEvaluator('one').name, 'one');
  assert.equal(model.attachedEvaluators.length, 1);
  model.dispose();
});

test('attaching or detaching wrongly is a clear error', () => {
  const untracked = new IBSequential({ inputShape: [4] });
  assert.throws(() => untracked.attachEvaluator(new HSIC()), (e: Error) => e instanceof ConfigError && /trackDynamics: true/.test(e.message));
  const model = new IBSequential({ inputShape: [4], trackDynamics: true });
  assert.throws(() => model.attachEvaluator({ name: 'x', criterion: () => 1 } as never), /instance of a subclass of Estimator/);
  assert.throws(() => model.detachEvaluator('HSIC'), /no such evaluator.*none/);
  assert.throws(() => new IBSequential({ inputShape: [4], trackDynamics: { target: 'logits' as never } }), /'labels' or 'predictions'/);
});

test('a probe batch is evaluated after every epoch, in evaluation mode', async () => {
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 50, limit: 100, seed: 1, validationSplit: 0 });
  const probe = { x: tf.randomUniform([20, 1, 28, 28], -1, 1, 'float32', 2), y: tf.tensor1d(Array.from({ length: 20 }, (_, i) => i % 10), 'int32') };
  const model = referenceModel({ trackDynamics: { probe } });
  model.attachEvaluator(new HSIC({ kernel: 'linear' }));
  await model.fitGenerator(train, null, 2, { listeners: [quiet] });
  const p = model.evaluatedDynamics!.probe();
  assert.equal(p.length, 2);
  assert.equal(p[0][0].length, 4);
  assert.notDeepEqual(p[0], p[1], 'the probe moves as the model trains');
  tf.dispose([probe.x, probe.y]);
  model.dispose();
});

test('saveDynamics: a run file survives kill -9 mid-epoch and loads back with every completed batch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-run-'));
  const file = join(dir, 'run.jsonl');
  const script = `
    const { IBSequential, Dense, Flatten, HSIC, mnist } = require('./src/lib/index');
    (async () => {
      const [train] = await mnist.loadData({ source: 'embedded', batchSize: 16, limit: 4000, validationSplit: 0, seed: 1 });
      const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true, saveDynamics: ${JSON.stringify(file)} });
      model.add(new Flatten()).add(new Dense(64, { activation: 'relu' })).add(new Dense(10, { activation: 'softmax' }));
      model.compile();
      model.attachEvaluator(new HSIC({ sigma: 5 }));
      await model.fitGenerator(train, null, 50, { listeners: [{}] });
    })();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const batchLines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"type":"batch"')).length : 0);
  const deadline = Date.now() + 60_000;
  while (batchLines() < 30) {
    assert.ok(Date.now() < deadline, `the run file got no batches in time: ${stderr}`);
    assert.equal(child.exitCode, null, `the training process ended early: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const text = readFileSync(file, 'utf8');
  const complete = text.split('\n').filter((l) => l.includes('"type":"batch"') && l.endsWith('}')).length;
  const loaded = loadDynamics(file);
  assert.equal(loaded.status, 'interrupted');
  assert.equal(loaded.toTable().length, complete * 2, 'every complete batch, 2 tracked layers (the two Dense) each');
  assert.ok(complete >= 30);
  // A torn last line (a write cut short) is ignored, not an error.
  const torn = join(dir, 'torn.jsonl');
  require('node:fs').writeFileSync(torn, text.trimEnd() + '\n{"type":"batch","runId":"x","epo');
  assert.equal(loadDynamics(torn).toTable().length, complete * 2);
  const header = JSON.parse(text.split('\n')[0]);
  assert.equal(header.type, 'run');
  assert.equal(header.config.model.layers.length, 3);
  assert.match(header.config.optimizer, /SGD/);
  assert.equal(header.info.evaluators[0].params.sigma, 5);
});

test('a tracked layer that outputs a constant is named once per run, with why its coordinates are 0; a varying one is not', async () => {
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 32, limit: 96, validationSplit: 0, seed: 1 });
  const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });
  model.add(new Flatten()).add(new Dense(8, { activation: 'relu' })).add(new Dense(10, { activation: 'softmax' }));
  model.compile({ optimizer: 'SGD', learningRate: 1e-6 });
  model.attachEvaluator(new HSIC({ sigma: 5 }));
  // Every unit of dense_1 dead: zero weights and a very negative bias give ReLU(−1000) = 0 for every input.
  const [kernel, bias] = model.layers[1].trainableVariables;
  kernel.assign(tf.zerosLike(kernel));
  bias.assign(tf.fill(bias.shape, -1000));
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    await model.fitGenerator(train, null, 2, { listeners: [{}] });
  } finally {
    console.warn = warn;
  }
  // The output layer, fed a constant, is constant too; each is named once over 2 epochs × 3 batches.
  const constant = warnings.filter((w) => w.includes('same output for every sample'));
  assert.equal(constant.length, 2, JSON.stringify(warnings));
  assert.match(constant[0], /layer 'dense_1' .* epoch 1, batch 1 .*0 by construction/);
  assert.match(constant[1], /layer 'dense_2' /);
  const mean = model.evaluatedDynamics!.meanOverBatches();
  assert.deepEqual(mean[1][0], [[0, 0], [0, 0]], 'both sit at the origin');
  model.dispose();

  const healthy = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });
  healthy.add(new Flatten()).add(new Dense(8, { activation: 'relu' })).add(new Dense(10, { activation: 'softmax' }));
  healthy.compile({ optimizer: 'SGD', learningRate: 0.01 });
  healthy.attachEvaluator(new HSIC({ sigma: 5 }));
  warnings.length = 0;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    await healthy.fitGenerator(train, null, 1, { listeners: [{}] });
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, [], 'layers that vary are not reported');
  healthy.dispose();
});
