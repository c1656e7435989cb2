import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense, HSIC, IBSequential, initBackend, tf, type DynamicsPayload, type TrainingListener } from '../../../src/lib/index';
import { linearCka } from '../../../src/lib/dynamics/cka';
import { validatePayload } from '../../../src/charts/validate';
import { dynamicsDelta, mergeDynamics } from '../../../src/charts/merge';

const quiet: TrainingListener = {};

/** A seeded LCG in [−1, 1), so the references are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

function matrix(m: number, d: number, next: () => number): number[][] {
  return Array.from({ length: m }, () => Array.from({ length: d }, next));
}

/** Float64 reference straight from the definition: Gram, double centring C K C, Frobenius cosine. */
function referenceCka(a: number[][], b: number[][]): number {
  const m = a.length;
  const centredGram = (h: number[][]) => {
    const k = h.map((r) => h.map((s) => r.reduce((acc, v, i) => acc + v * s[i], 0)));
    const rowMean = k.map((r) => r.reduce((x, y) => x + y, 0) / m);
    const all = rowMean.reduce((x, y) => x + y, 0) / m;
    return k.map((r, i) => r.map((v, j) => v - rowMean[i] - rowMean[j] + all));
  };
  const ka = centredGram(a);
  const kb = centredGram(b);
  const dot = (x: number[][], y: number[][]) => x.reduce((acc, r, i) => acc + r.reduce((s, v, j) => s + v * y[i][j], 0), 0);
  return dot(ka, kb) / Math.sqrt(dot(ka, ka) * dot(kb, kb));
}

async function ckaOf(layers: number[][][]): Promise<(number | null)[][]> {
  const tensors = layers.map((h) => tf.tensor2d(h));
  try {
    return await linearCka(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

test('linear CKA matches a float64 reference; the diagonal is exactly 1 and the matrix symmetric', async () => {
  await initBackend();
  const next = random(7);
  const x = matrix(24, 5, next);
  // Layers related to x to different degrees: a mix, a non-linear map, noise.
  const layers = [x, x.map((r) => [r[0] + 0.3 * r[1], r[2] - r[3], 0.5 * r[4]]), x.map((r) => r.map((v) => Math.tanh(3 * v))), matrix(24, 7, next)];
  const cka = await ckaOf(layers);
  for (let i = 0; i < layers.length; i++) {
    assert.equal(cka[i][i], 1, 'the diagonal is 1 itself, not a float quotient near it');
    for (let j = 0; j < layers.length; j++) {
      assert.equal(cka[i][j], cka[j][i], 'symmetric');
      // float32 on the device: inputs and Gram entries carry ~6e-8 relative rounding, the sums over m² = 576 terms
      // a few 1e-6; 1e-4 absolute is far above that and far below the differences between these layers (> 0.05).
      if (i !== j) assert.ok(Math.abs((cka[i][j] as number) - referenceCka(layers[i], layers[j])) < 1e-4, `CKA(${i}, ${j})`);
    }
  }
  assert.ok((cka[0][3] as number) < (cka[0][1] as number), 'noise aligns less with x than a linear map of it');
});

test('CKA does not change under an orthogonal transform or an isotropic scaling of one layer', async () => {
  await initBackend();
  const next = random(11);
  const a = matrix(20, 3, next);
  const b = matrix(20, 4, next);
  // A rotation in the (0, 1) plane times a reflection of axis 2: orthogonal.
  const c = Math.cos(0.7);
  const s = Math.sin(0.7);
  const q = [[c, -s, 0], [s, c, 0], [0, 0, -1]];
  const rotated = a.map((r) => q.map((col) => col.reduce((acc, v, i) => acc + v * r[i], 0)));
  const scaled = a.map((r) => r.map((v) => 250 * v));
  const [base, turned, grown] = await Promise.all([ckaOf([a, b]), ckaOf([rotated, b]), ckaOf([scaled, b])]);
  assert.ok(Math.abs((base[0][1] as number) - (turned[0][1] as number)) < 1e-5);
  assert.ok(Math.abs((base[0][1] as number) - (grown[0][1] as number)) < 1e-5);
  // And the rotated layer is perfectly aligned with the original.
  const [self] = await Promise.all([ckaOf([a, rotated])]);
  assert.ok(Math.abs((self[0][1] as number) - 1) < 1e-5);
});

test('a constant layer gives null, not NaN or 0, in its row and column (its diagonal included)', async () => {
  await initBackend();
  const next = random(3);
  const a = matrix(16, 4, next);
  const constant = Array.from({ length: 16 }, () => [0.1, 0.1, 0.1]);
  const cka = await ckaOf([a, constant, a.map((r) => [r[0] * 2])]);
  assert.deepEqual(cka[1], [null, null, null]);
  assert.deepEqual([cka[0][1], cka[2][1]], [null, null]);
  assert.equal(cka[0][0], 1);
  assert.ok(typeof cka[0][2] === 'number' && cka[0][2] > 0 && cka[0][2] < 1);
});

function twoDenseModel(probe?: { x: tf.Tensor; y: tf.Tensor }): IBSequential {
  const model = new IBSequential({ inputShape: [6], trackDynamics: probe ? { probe } : true });
  model.add(new Dense(5, { activation: 'tanh' }));
  model.add(new Dense(3, { activation: 'softmax' }));
  model.compile({ optimizer: 'SGD', learningRate: 0.1 });
  model.attachEvaluator(new HSIC({ kernel: 'linear', normalization: 'cka' }));
  return model;
}

function checkCkaEpochs(payload: DynamicsPayload): void {
  assert.equal(payload.epochs.length, 2);
  for (const e of payload.epochs) {
    assert.ok(e.cka, `epoch ${e.epoch} has a CKA map`);
    assert.equal(e.cka.length, 2);
    assert.deepEqual([e.cka[0][0], e.cka[1][1]], [1, 1]);
    assert.equal(e.cka[0][1], e.cka[1][0]);
    assert.ok(typeof e.cka[0][1] === 'number' && e.cka[0][1] >= 0 && e.cka[0][1] <= 1);
  }
  assert.ok(validatePayload(JSON.parse(JSON.stringify(payload))).ok, 'the payload validates');
}

test('an IBSequential run gives every epoch an L×L CKA map, from the first training batch without a probe, and leaks no tensor', async () => {
  await initBackend();
  const next = random(5);
  const x = matrix(48, 6, next);
  const y = x.map((r) => (r[0] > 0.3 ? 2 : r[0] > -0.3 ? 1 : 0));
  const model = twoDenseModel();
  await model.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, listeners: [quiet] });
  // After a first run (which creates the optimizer's state), a run holds no tensor afterwards: the kept first batch is disposed.
  const before = tf.memory().numTensors;
  await model.fit(x, y, { batchSize: 16, epochs: 2, shuffle: false, listeners: [quiet] });
  assert.equal(tf.memory().numTensors, before, 'no tensor leak');
  const payload = model.evaluatedDynamics!.toPayload();
  checkCkaEpochs(payload);
  // The live path replaces epochs whole: a delta carries each epoch's CKA into the receiver's copy.
  const receiver = { ...payload, epochs: payload.epochs.slice(0, 1).map((e) => ({ ...e, cka: undefined })), batches: { epoch: [], batch: [], values: [] } };
  assert.ok(mergeDynamics(receiver, dynamicsDelta({ batches: 0, epochs: 1 }, payload)).ok);
  assert.deepEqual(receiver.epochs.map((e) => e.cka), payload.epochs.map((e) => e.cka));
  model.dispose();
});

test('with a probe, the CKA map comes from the probe (one forward pass with its coordinates)', async () => {
  await initBackend();
  const next = random(9);
  const x = matrix(32, 6, next);
  const y = x.map((r, i) => (i % 3 === 0 ? 2 : r[1] > 0 ? 1 : 0));
  const probe = { x: tf.tensor2d(matrix(12, 6, next)), y: tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], 'int32') };
  const model = twoDenseModel(probe);
  await model.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, listeners: [quiet] });
  const before = tf.memory().numTensors;
  await model.fit(x, y, { batchSize: 16, epochs: 2, shuffle: false, listeners: [quiet] });
  assert.equal(tf.memory().numTensors, before, 'no tensor leak');
  checkCkaEpochs(model.evaluatedDynamics!.toPayload());
  assert.equal(model.evaluatedDynamics!.probe().length, 2, 'the probe coordinates are still recorded');
  tf.dispose([probe.x, probe.y]);
  model.dispose();
});

test('the validator checks cka: L×L, numbers in [0, 1] or null, the field path named', () => {
  const epoch = { epoch: 1, loss: 1, accuracy: 0.5, mean: [[[0, 0], [0, 0]]] };
  const payload = (cka: unknown) => ({ version: 1, runId: 'r', status: 'done', backend: 'cpu', layers: ['a', 'b'], evaluators: [{ name: 'HSIC', params: {}, xLabel: 'x', yLabel: 'y' }], epochs: [{ ...epoch, cka }] });
  const message = (value: unknown) => {
    const check = validatePayload(value);
    return check.ok ? 'ok' : check.message;
  };
  assert.equal(message(payload([[1, 0.5], [0.5, 1]])), 'ok');
  assert.equal(message(payload([[null, null], [null, 1]])), 'ok');
  assert.equal(message({ ...payload(undefined), epochs: [epoch] }), 'ok', 'older payloads have no cka');
  assert.match(message(payload([[1, 1.5], [0.5, 1]])), /epochs\[0\]\.cka\[0\]\[1\] should be a CKA in \[0, 1\]/);
  assert.match(message(payload([[1, -0.1], [0.5, 1]])), /cka\[0\]\[1\]/);
  assert.match(message(payload([[1, 0.5]])), /epochs\[0\]\.cka has 1 row/);
  assert.match(message(payload([[1], [0.5, 1]])), /epochs\[0\]\.cka\[0\] has 1 value/);
});
