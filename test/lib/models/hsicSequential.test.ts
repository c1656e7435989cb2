import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError, Dense, loadDynamicsRuns, Flatten, fromArrays, HSIC, HSICoutput, HSICSequential, initBackend, mnist, Sequential, tf, type TrainingListener,
} from '../../../src/lib/index';

const quiet: TrainingListener = {};

async function snapshot(vars: tf.Variable[]): Promise<Float32Array[]> {
  return Promise.all(vars.map((v) => v.data() as Promise<Float32Array>));
}

function changed(before: Float32Array[], after: Float32Array[]): boolean {
  return before.some((b, i) => b.some((v, j) => v !== after[i][j]));
}

test('pre-training trains each hidden layer on its own objective: no gradient crosses a layer', async () => {
  await initBackend();
  // One SGD step (no momentum) on one batch: the first layer's update must be the same whether or
  // not more layers follow it, since its objective depends only on its own output.
  const x = tf.randomNormal([32, 6], 0, 1, 'float32', 1);
  const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), 'int32');
  const build = (deep: boolean) => {
    const model = new HSICSequential({ inputShape: [6] });
    model.add(new Dense(5, { activation: 'tanh' }));
    if (deep) model.add(new Dense(4, { activation: 'tanh' }));
    model.add(new HSICoutput(3));
    model.compile({ optimizer: 'SGD', momentum: 0, learningRate: 0.5, lossCriterion: new HSIC({ sigma: 2 }), regularizeCoeff: 10 });
    return model;
  };
  const shallow = build(false);
  const deep = build(true);
  shallow.layers[0].trainableVariables.forEach((v, i) => v.assign(deep.layers[0].trainableVariables[i]));
  const before = await snapshot(deep.layers[0].trainableVariables);
  const outputBefore = await snapshot(deep.layers[2].trainableVariables);
  for (const model of [shallow, deep]) {
    const [train] = fromArrays(x, y, { batchSize: 32, shuffle: false });
    await model.preTrainingLoop(1, train, null, { listeners: [quiet] });
  }
  const [a, b] = await Promise.all([snapshot(shallow.layers[0].trainableVariables), snapshot(deep.layers[0].trainableVariables)]);
  assert.ok(changed(before, b), 'the first layer was trained');
  a.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) < 1e-6, `weight ${i}[${j}]: ${v} vs ${b[i][j]}`)));
  assert.ok(!changed(outputBefore, await snapshot(deep.layers[2].trainableVariables)), 'pre-training leaves the HSICoutput alone');
  shallow.dispose();
  deep.dispose();
});

test("PyGlow's HSIC-bottleneck workflow: pre-training lowers the objective, then fitGenerator trains only the HSICoutput", async () => {
  await initBackend();
  const [train, val] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 1500, seed: 3 });
  const runs = mkdtempSync(join(tmpdir(), 'ibnb-hsic-runs-'));
  const model = new HSICSequential({ inputShape: [1, 28, 28], trackDynamics: true, saveDynamics: join(runs, 'runs.jsonl') });
  model.add(new Flatten());
  model.add(new Dense(128, { activation: 'relu' }), new HSIC({ kernel: 'gaussian', sigma: 5 }), 100);
  model.add(new Dense(64, { activation: 'relu' }));
  model.add(new HSICoutput(10, { activation: 'softmax' }));
  model.attachEvaluator(new HSIC({ sigma: 5 }));
  model.compile({ lossCriterion: new HSIC({ kernel: 'gaussian', sigma: 5 }), optimizer: 'SGD', learningRate: 0.01, regularizeCoeff: 100 });
  assert.deepEqual(model.preTrainedLayers.map((l) => l.name), ['dense_1', 'dense_2']);

  const pre = await model.preTrainingLoop(3, train, val, { listeners: [quiet] });
  const losses = pre.epochs.map((e) => e.valLoss!);
  assert.ok(losses[2] < losses[0], `the validation objective falls: ${losses.join(', ')}`);
  assert.ok(pre.epochs.every((e) => Number.isNaN(e.accuracy)), 'no accuracy while the output layer is untrained');
  assert.deepEqual(model.evaluatedDynamics!.shape.slice(0, 1), [3], 'dynamics are tracked during pre-training');

  // The run file says which objective each run trained on.
  const [preRun] = loadDynamicsRuns(model.lastRunFile!);
  assert.match(preRun.config.loss, /^HSIC bottleneck: .*σ = 5.*β = 100/);

  const hidden = model.layers.slice(0, 3).flatMap((l) => l.trainableVariables);
  const hiddenBefore = await snapshot(hidden);
  const post = await model.fitGenerator(train, val, 3, { listeners: [quiet] });
  assert.ok(!changed(hiddenBefore, await snapshot(hidden)), 'fitGenerator leaves the pre-trained layers frozen');
  const result = await model.evaluate(val);
  assert.ok(result.accuracy > 0.5, `validation accuracy after training the HSICoutput: ${result.accuracy}`);
  assert.equal(post.epochs.length, 6, "the model's history holds both runs, as after two fitGenerator calls");
  assert.deepEqual(model.predict(tf.zeros([2, 1, 28, 28])).shape, [2, 10]);
  assert.deepEqual(loadDynamicsRuns(model.lastRunFile!).map((r) => r.config.loss).slice(1), ['cross_entropy']);
  model.dispose();
  rmSync(runs, { recursive: true, force: true });
});

test('HSICSequential misuse gets errors that name the fix', async () => {
  const model = new HSICSequential({ inputShape: [4] });
  assert.throws(() => model.add(new Flatten(), new HSIC({ sigma: 1 })), (e: Error) => e instanceof ConfigError && /no parameters/.test(e.message));
  assert.throws(() => model.add(new Dense(3), 'hsic' as never), /estimator such as new HSIC/);
  assert.throws(() => model.add(new Dense(3), undefined, -1), /regularizeCoeff.*≥ 0.*-1/);
  model.add(new Dense(3));
  model.add(new HSICoutput(2));
  assert.throws(() => model.add(new Dense(2)), /HSICoutput, the output layer; add it last/);
  assert.throws(() => model.compile({ optimizer: tf.train.sgd(0.1) }), /optimizer by name/);
  assert.throws(() => model.compile({ lossCriterium: new HSIC() } as never), /unknown option 'lossCriterium'.*lossCriterion/);
  assert.throws(() => (model as unknown as { pre_training_loop: unknown }).pre_training_loop, /'preTrainingLoop'/);

  const headless = new HSICSequential({ inputShape: [4] });
  headless.add(new Dense(3));
  headless.compile({});
  const [train] = fromArrays(tf.zeros([8, 4]), tf.zeros([8], 'int32'), { batchSize: 8 });
  await assert.rejects(headless.fitGenerator(train, null, 1, { listeners: [quiet] }), /add\(new HSICoutput\(numClasses/);
  assert.throws(() => new Sequential({ inputShape: [2] }).compile({ learning_rate: 0.1 } as never), /unknown option 'learning_rate'.*'learningRate'/);
});
