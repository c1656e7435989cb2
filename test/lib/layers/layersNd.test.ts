import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AvgPool1d, AvgPool3d, BatchNorm3d, ConfigError, Conv1d, Conv3d, Dense, Flatten, MaxPool1d, MaxPool3d, Sequential, ShapeError, tf, initBackend,
} from '../../../src/lib/index';

async function close(actual: tf.Tensor, expected: tf.Tensor, tolerance = 1e-5): Promise<void> {
  assert.deepEqual(actual.shape, expected.shape);
  const [a, e] = await Promise.all([actual.data(), expected.data()]);
  const worst = Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - e[i])), 0);
  assert.ok(worst < tolerance, `max |difference| ${worst}`);
}

test('Conv1d on channels-first [channels, length] input equals tf.conv1d, PyTorch padding included', async () => {
  await initBackend();
  for (const padding of [0, 1, 2]) {
    const model = new Sequential({ inputShape: [3, 12] });
    const conv = new Conv1d({ filters: 4, kernelSize: 3, padding });
    model.add(conv);
    const x = tf.randomNormal([5, 3, 12], 0, 1, 'float32', padding);
    const [kernel, bias] = conv.trainableVariables;
    const channelsLast = tf.transpose(x, [0, 2, 1]) as tf.Tensor3D;
    const padded = tf.pad(channelsLast, [[0, 0], [padding, padding], [0, 0]]) as tf.Tensor3D;
    const expected = tf.add(tf.conv1d(padded, kernel as tf.Tensor3D, 1, 'valid'), bias);
    await close(model.predict(x), expected);
    assert.equal(String(model.summary()).includes(`[4, ${12 + 2 * padding - 2}]`), true, 'the summary shows the channels-first output shape');
  }
});

test('Conv3d on [channels, depth, height, width] equals tf.conv3d; an unpaddable padding says what works', async () => {
  await initBackend();
  const model = new Sequential({ inputShape: [2, 4, 5, 5] });
  const conv = new Conv3d({ filters: 3, kernelSize: 3, padding: 1 });
  model.add(conv);
  const x = tf.randomNormal([2, 2, 4, 5, 5], 0, 1, 'float32', 9);
  const [kernel, bias] = conv.trainableVariables;
  const expected = tf.add(tf.conv3d(tf.transpose(x, [0, 2, 3, 4, 1]) as tf.Tensor5D, kernel as tf.Tensor5D, 1, 'same'), bias);
  await close(model.predict(x), expected, 1e-4);
  assert.throws(() => new Conv3d({ filters: 1, kernelSize: 3, padding: 2 }), (e: Error) => e instanceof ConfigError && /'same'/.test(e.message) && /padding 1/.test(e.message));
});

test('1-D and 3-D pooling match tf pools, and BatchNorm3d normalizes each channel in training', async () => {
  await initBackend();
  const seq = new Sequential({ inputShape: [2, 8] });
  seq.add(new MaxPool1d({ kernelSize: 2 })).add(new AvgPool1d({ kernelSize: 2 }));
  const x1 = tf.randomNormal([3, 2, 8], 0, 1, 'float32', 1);
  const last1 = tf.transpose(x1, [0, 2, 1]) as tf.Tensor3D;
  const pooled = tf.avgPool(tf.maxPool(tf.expandDims(last1, 2) as tf.Tensor4D, [2, 1], [2, 1], 'valid'), [2, 1], [2, 1], 'valid');
  await close(seq.predict(x1), tf.squeeze(pooled, [2]));

  const vol = new Sequential({ inputShape: [2, 4, 4, 4] });
  vol.add(new MaxPool3d({ kernelSize: 2 })).add(new AvgPool3d({ kernelSize: [1, 2, 2] }));
  const x3 = tf.randomNormal([2, 2, 4, 4, 4], 0, 1, 'float32', 2);
  const last3 = tf.transpose(x3, [0, 2, 3, 4, 1]) as tf.Tensor5D;
  await close(vol.predict(x3), tf.avgPool3d(tf.maxPool3d(last3, 2, 2, 'valid'), [1, 2, 2], [1, 2, 2], 'valid'));

  const norm = new BatchNorm3d();
  const bn = new Sequential({ inputShape: [2, 3, 4, 4] }).add(norm);
  const x = tf.add(tf.mul(tf.randomNormal([6, 2, 3, 4, 4], 0, 1, 'float32', 5), 3), 7);
  const out = tf.tidy(() => bn.forward(tf.transpose(x, [0, 2, 3, 4, 1]), true).outputs[0]);
  const { mean, variance } = tf.moments(out, [0, 1, 2, 3]);
  for (const v of await mean.data()) assert.ok(Math.abs(v) < 1e-3, `channel mean ${v}`);
  for (const v of await variance.data()) assert.ok(Math.abs(v - 1) < 1e-2, `channel variance ${v}`);
});

test('1-D and 3-D models train, and misplaced layers name the fix', async () => {
  await initBackend();
  const model = new Sequential({ inputShape: [1, 16] });
  model.add(new Conv1d({ filters: 4, kernelSize: 3, padding: 1, activation: 'relu' })).add(new MaxPool1d({ kernelSize: 2 })).add(new Flatten()).add(new Dense(2));
  model.compile({ optimizer: 'adam', learningRate: 0.02 });
  // Class 1: a bump in the first half of the signal, class 0: in the second.
  const labels = Array.from({ length: 64 }, (_, i) => i % 2);
  const signals = labels.map((c, i) => Array.from({ length: 16 }, (_, t) => (Math.floor(t / 8) === 1 - c ? 1 : 0) + 0.1 * Math.sin(i + t)));
  const history = await model.fit(tf.tensor3d(signals.map((s) => [s])), tf.tensor1d(labels, 'int32'), { epochs: 30, batchSize: 32, listeners: [{}] });
  assert.ok(history.epochs.at(-1)!.accuracy > 0.95, `accuracy ${history.epochs.at(-1)!.accuracy}`);

  const flat = new Sequential({ inputShape: [16] });
  assert.throws(() => flat.add(new Conv1d({ filters: 1, kernelSize: 3 })), (e: Error) => e instanceof ShapeError && /\[channels, length\]/.test(e.message));
  assert.throws(() => new Sequential({ inputShape: [1, 28, 28] }).add(new Conv3d({ filters: 1, kernelSize: 3 })), /\[channels, depth, height, width\]/);
  assert.throws(() => new Sequential({ inputShape: [1, 2, 3, 4, 5] }), /more than 4 dimensions/);
});
