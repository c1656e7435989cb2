import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, ConfigError, Conv2d, Dense, Dropout, Flatten, MaxPool2d, Sequential, ShapeError, tf,
} from '../../../src/lib/index';

function shapes(model: Sequential): string[] {
  return model.summaryRows().map((r) => r.outputShape);
}

test('each layer reports its output shape channels-first, as the user gives shapes', () => {
  const model = new Sequential({ inputShape: [3, 32, 32] });
  model
    .add(new Conv2d({ filters: 8, kernelSize: 3, padding: 1, activation: 'relu' }))
    .add(new BatchNorm2d())
    .add(new MaxPool2d({ kernelSize: 2 }))
    .add(new Conv2d({ filters: 4, kernelSize: 5, stride: 2 }))
    .add(new AvgPool2d({ kernelSize: 2, stride: 1 }))
    .add(new Flatten())
    .add(new Dense(20, { activation: 'tanh' }))
    .add(new BatchNorm1d())
    .add(new Dropout(0.5))
    .add(new Dense(10, { activation: 'softmax' }));
  assert.deepEqual(shapes(model), ['[8, 32, 32]', '[8, 32, 32]', '[8, 16, 16]', '[4, 6, 6]', '[4, 5, 5]', '[100]', '[20]', '[20]', '[20]', '[10]']);
  const params = model.summaryRows().map((r) => r.params);
  assert.deepEqual(params, [3 * 3 * 3 * 8 + 8, 4 * 8, 0, 5 * 5 * 8 * 4 + 4, 0, 0, 100 * 20 + 20, 4 * 20, 0, 210]);
  assert.equal(model.numLayers, 10);
  model.dispose();
});

test('the forward pass produces the shapes the summary announces', () => {
  const model = new Sequential({ inputShape: [1, 28, 28] });
  model.add(new Conv2d({ filters: 16, kernelSize: 3, stride: 1, padding: 1, activation: 'relu' })).add(new Flatten()).add(new Dense(10, { activation: 'softmax' }));
  const y = model.predict(tf.zeros([5, 1, 28, 28]));
  assert.deepEqual(y.shape, [5, 10]);
  const sums = tf.sum(y, 1).arraySync() as number[];
  for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5, 'softmax rows sum to 1');
  y.dispose();
  model.dispose();
});

test('padding as a number behaves like PyTorch (zeros on each side), also where it is not "same"', () => {
  const model = new Sequential({ inputShape: [1, 10, 10] });
  model.add(new Conv2d({ filters: 2, kernelSize: 3, stride: 2, padding: 2 }));
  // PyTorch: floor((10 + 2·2 − 3) / 2) + 1 = 6
  assert.deepEqual(shapes(model), ['[2, 6, 6]']);
});

test('the summary is a table with names, shapes, parameters and the total', () => {
  const model = new Sequential({ inputShape: [784], name: 'mlp' });
  model.add(new Dense(32, { activation: 'relu' })).add(new Dense(10));
  const text = String(model.summary());
  assert.match(text, /Model: mlp/);
  assert.match(text, /dense_1 \(Dense, relu\)\s+\[32\]\s+25,120/);
  assert.match(text, /Total params: 25,450/);
});

test('wrong shapes between layers are caught at add(), naming both layers and the fix', () => {
  const model = new Sequential({ inputShape: [1, 28, 28] });
  model.add(new Conv2d({ filters: 4, kernelSize: 3, name: 'features' }));
  assert.throws(() => model.add(new Dense(10, { name: 'head' })), (e: Error) => e instanceof ShapeError && /head/.test(e.message) && /features/.test(e.message) && /Flatten\(\)/.test(e.message));
  const flat = new Sequential({ inputShape: [784] });
  assert.throws(() => flat.add(new Conv2d({ filters: 4, kernelSize: 3 })), (e: Error) => e instanceof ShapeError && /the input/.test(e.message));
  const small = new Sequential({ inputShape: [1, 4, 4] });
  assert.throws(() => small.add(new Conv2d({ filters: 1, kernelSize: 5 })), ShapeError);
  const bn = new Sequential({ inputShape: [1, 8, 8] });
  assert.throws(() => bn.add(new BatchNorm1d()), /BatchNorm2d/);
});

test('bad layer options are clear errors', () => {
  assert.throws(() => new Dense(10, { activation: 'relux' }), (e: Error) => e instanceof ConfigError && /relux/.test(e.message) && /relu, sigmoid/.test(e.message));
  assert.throws(() => new Dense(0), ConfigError);
  assert.throws(() => new Dense(2.5), ConfigError);
  assert.throws(() => new Dropout(1), /\[0, 1\)/);
  assert.throws(() => new Conv2d({ filters: 4, kernelSize: 0 }), /kernelSize/);
  assert.throws(() => new Conv2d({ filters: 4, kernelSize: 3, stride: 2, padding: 'same' }), /stride 1/);
  assert.throws(() => new MaxPool2d({} as never), /kernelSize/);
  const model = new Sequential({ inputShape: [4] });
  assert.throws(() => model.add(Dense as never), /forget `new`/);
  const layer = new Dense(3);
  model.add(layer);
  assert.throws(() => model.add(layer), /already added/);
  assert.throws(() => new Sequential({} as never), /inputShape is required/);
});

test('every activation works and log_softmax gives log-probabilities', () => {
  for (const activation of ['relu', 'sigmoid', 'tanh', 'softmax', 'log_softmax', 'softplus', 'linear']) {
    const model = new Sequential({ inputShape: [3] });
    model.add(new Dense(4, { activation }));
    const y = model.predict(tf.tensor2d([[1, -2, 3]]));
    assert.equal(y.shape[1], 4);
    if (activation === 'log_softmax') {
      const total = tf.sum(tf.exp(y)).dataSync()[0];
      assert.ok(Math.abs(total - 1) < 1e-5);
    }
    y.dispose();
    model.dispose();
  }
});

test('dropout and batch norm behave differently in training and evaluation', () => {
  const model = new Sequential({ inputShape: [100] });
  const dropout = new Dropout(0.5);
  model.add(dropout);
  tf.tidy(() => {
    const x = tf.ones([4, 100]);
    const train = dropout.call(x, true).output;
    const evalOut = dropout.call(x, false).output;
    const zeros = tf.sum(tf.cast(tf.equal(train, 0), 'float32')).dataSync()[0];
    assert.ok(zeros > 100 && zeros < 300, `about half dropped while training, got ${zeros} of 400`);
    assert.equal(tf.max(train).dataSync()[0], 2, 'kept units are scaled by 1/(1−rate)');
    assert.equal(tf.sum(evalOut).dataSync()[0], 400, 'identity in evaluation');
  });
  const bnModel = new Sequential({ inputShape: [3] });
  const bn = new BatchNorm1d();
  bnModel.add(bn);
  tf.tidy(() => {
    const x = tf.tensor2d([[1, 10, 100], [3, 30, 300]]);
    const train = bn.call(x, true).output.arraySync() as number[][];
    for (const v of train[0]) assert.ok(Math.abs(v + 1) < 1e-2, 'normalized with the batch statistics while training');
    const evalOut = bn.call(x, false).output.arraySync() as number[][];
    // Running statistics moved 10% of the way from (0, 1) towards the batch's (mean 200, variance ≈ 10⁴):
    // (300 − 20) / √(0.9 + 0.1·10⁴) ≈ 8.9, where the batch statistics give 1.
    assert.ok(Math.abs(train[1][2] - 1) < 1e-2);
    assert.ok(evalOut[1][2] > 8 && evalOut[1][2] < 9.5, `running statistics in evaluation, got ${evalOut[1][2]}`);
  });
});

test("a Conv2d's ReLU runs inside the convolution: the same outputs, and training a first layer computes no gradient of the images", async () => {
  const model = new Sequential({ inputShape: [2, 6, 6] });
  model.add(new Conv2d({ filters: 3, kernelSize: 3, padding: 1, activation: 'relu' })).add(new Flatten()).add(new Dense(4, { activation: 'softmax' }));
  const conv = model.layers[0];
  const [kernel, bias] = conv.trainableVariables;
  const x = tf.randomNormal([5, 2, 6, 6], 0, 1, 'float32', 3);
  const out = conv.call(tf.transpose(x, [0, 2, 3, 1]), false).output;
  const expected = tf.relu(tf.add(tf.conv2d(tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same'), bias));
  assert.ok(tf.max(tf.abs(tf.sub(out, expected))).dataSync()[0] < 1e-5, 'relu(conv(x) + b)');
  assert.ok(tf.min(out).dataSync()[0] >= 0);

  model.compile({ optimizer: 'SGD', loss: 'cross_entropy', learningRate: 0.01 });
  const labels = [0, 1, 2, 3, 0];
  const quiet = { onBatchEnd: () => undefined };
  const profile = await tf.profile(async () => {
    await model.fit(x, labels, { batchSize: 5, epochs: 1, listeners: [quiet] });
  });
  const kernels = new Set(profile.kernels.map((k) => k.name));
  assert.ok(kernels.has('Conv2DBackpropFilter'), 'the filter gradient is computed');
  assert.ok(!kernels.has('Conv2DBackpropInput'), 'the images need no gradient');
  model.dispose();
});
