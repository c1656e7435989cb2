import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { registerWasmKernels } from '../../../src/lib/backend/wasmKernels';
import { simdFor, type WasmBackend } from '../../../src/lib/backend/simd';

type Case = { x: [number, number, number, number]; filter: [number, number, number, number]; stride: number | [number, number]; pad: 'same' | 'valid' | number };

const cases: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [2, 8, 9, 2], filter: [3, 2, 2, 5], stride: 2, pad: 'valid' },
  { x: [3, 11, 10, 1], filter: [5, 5, 1, 6], stride: [2, 3], pad: 'same' },
  { x: [1, 28, 28, 1], filter: [3, 3, 1, 16], stride: 1, pad: 1 },
  { x: [4, 6, 6, 2], filter: [1, 1, 2, 3], stride: 1, pad: 'valid' },
];

/** Deterministic values in [−1, 1), the same on every backend. */
function values(n: number, seed: number): Float32Array {
  let s = seed + 1;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

/** The filter gradient of Σ conv2d(x, f) ⊙ dy, i.e. Conv2DBackpropFilter(x, dy). */
function filterGradient(c: Case, seed: number): Float32Array {
  return tf.tidy(() => {
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const x = tf.tensor4d(values(size(c.x), seed), c.x);
    const f = tf.tensor4d(values(size(c.filter), seed + 1), c.filter);
    const outShape = tf.conv2d(x, f, c.stride, c.pad).shape;
    const dy = tf.tensor(values(size(outShape), seed + 2), outShape);
    const g = tf.grads((ff: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, ff as tf.Tensor4D, c.stride, c.pad), dy)))([f])[0];
    return g.dataSync() as Float32Array;
  });
}

test('the wasm Conv2DBackpropFilter we register matches the stock cpu kernel', async () => {
  registerWasmKernels();
  for (const [i, c] of cases.entries()) {
    await tf.setBackend('cpu');
    const expected = filterGradient(c, 10 * i);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const actual = filterGradient(c, 10 * i);
    assert.equal(tf.memory().numTensors, before, 'no tensors leak');
    assert.equal(actual.length, expected.length);
    const scale = Math.max(...expected.map(Math.abs));
    for (let k = 0; k < expected.length; k++) {
      assert.ok(Math.abs(actual[k] - expected[k]) <= 1e-4 * scale + 1e-5, `case ${i}, element ${k}: ${actual[k]} vs ${expected[k]}`);
    }
  }
});

test('the wasm BatchMatMul with transpose flags (rewritten as plain products) matches the stock cpu kernel', async () => {
  registerWasmKernels();
  const shapes: [number[], number[]][] = [
    [[5, 3], [5, 4]],
    [[300, 7], [300, 2]],
    [[2, 6, 3], [2, 6, 5]],
    [[64, 40], [64, 1000]],
  ];
  for (const [i, [aShape, bShape]] of shapes.entries()) {
    for (const [ta, tb] of [[true, false], [false, true], [true, true], [false, false]]) {
      const rank = aShape.length;
      const swap = (s: number[]) => [...s.slice(0, rank - 2), s[rank - 1], s[rank - 2]];
      // aᵀ·b needs a [k, m] and b [k, n]; build the operands so that each flag combination is valid.
      const aS = ta ? aShape : swap(aShape);
      const bS = tb ? swap(bShape) : bShape;
      const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
      const run = () =>
        tf.tidy(() => tf.matMul(tf.tensor(values(size(aS), i), aS), tf.tensor(values(size(bS), i + 50), bS), ta, tb).dataSync() as Float32Array);
      await tf.setBackend('cpu');
      const expected = run();
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const actual = run();
      assert.equal(tf.memory().numTensors, before, 'no tensors leak');
      assert.equal(actual.length, expected.length);
      for (let k = 0; k < expected.length; k++) {
        assert.ok(Math.abs(actual[k] - expected[k]) <= 1e-4 * (1 + Math.abs(expected[k])), `shapes ${i}, flags ${ta}/${tb}, element ${k}`);
      }
    }
  }
});

/** Runs `f` on cpu, then on wasm (checking that it leaks no tensors there), and compares the outputs element by element. */
async function matchesCpu(label: string, f: () => Float32Array[], tolerance = 1e-4): Promise<void> {
  registerWasmKernels();
  await tf.setBackend('cpu');
  const expected = f();
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const actual = f();
  assert.equal(tf.memory().numTensors, before, `${label}: no tensors leak`);
  assert.equal(actual.length, expected.length);
  for (const [i, e] of expected.entries()) {
    assert.equal(actual[i].length, e.length, `${label}, output ${i}: length`);
    for (let k = 0; k < e.length; k++) {
      assert.ok(Math.abs(actual[i][k] - e[k]) <= tolerance * (1 + Math.abs(e[k])), `${label}, output ${i}, element ${k}: ${actual[i][k]} vs ${e[k]}`);
    }
  }
}

const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
const random = (shape: number[], seed: number) => tf.tensor(values(size(shape), seed), shape);

test('the wasm Transpose (SIMD 4×4 tiles in 16-column strips, JS edges) matches the stock cpu kernel', async () => {
  const cases: [number[], number[]][] = [
    [[5, 7], [1, 0]],
    [[20, 52], [1, 0]], // strips of 16, 16, 16 and 4 columns
    [[37, 70], [1, 0]], // a last strip cut short, and edges on both sides
    [[3, 8, 36], [0, 2, 1]],
    [[12, 16], [1, 0]],
    [[13, 10], [1, 0]],
    [[3, 9, 6], [0, 2, 1]],
    [[1, 13, 1, 10], [0, 3, 2, 1]],
    [[2, 3, 4], [1, 0, 2]], // not a batched matrix transpose: the stock kernel
    [[4, 5, 6], [2, 0, 1]],
  ];
  registerWasmKernels();
  await tf.setBackend('wasm');
  assert.ok(simdFor(tf.backend() as unknown as WasmBackend), 'the SIMD module loads (Node 20 has WebAssembly SIMD)');
  for (const [i, [shape, perm]] of cases.entries()) {
    await matchesCpu(`transpose ${shape} by ${perm}`, () => tf.tidy(() => [tf.transpose(random(shape, i), perm).dataSync() as Float32Array]), 0);
  }
});

test('the wasm Identity shares data (no copy) and stays valid after its source is disposed', async () => {
  registerWasmKernels();
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const x = random([3, 4], 7);
  const expected = x.dataSync().slice();
  const y = tf.clone(x);
  x.dispose();
  assert.deepEqual(y.dataSync(), expected);
  // The tape's clones: the gradient of a product still needs both saved operands.
  const a = random([4, 5], 8);
  const b = random([5, 3], 9);
  const [ga] = tf.grads((p: tf.Tensor) => tf.sum(tf.matMul(p as tf.Tensor2D, b)))([a]);
  const want = tf.tidy(() => tf.matMul(tf.ones([4, 3]), b, false, true).dataSync());
  assert.deepEqual(ga.dataSync(), want);
  tf.dispose([y, a, b, ga]);
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
});

test('the wasm _FusedMatMul and plain BatchMatMul (fresh big right operand as (Bᵀ·Aᵀ)ᵀ, then the cached stock path) match the stock cpu kernels', async () => {
  const products: [number[], number[], boolean, boolean][] = [
    [[64, 400], [400, 200], false, false], // fresh B: rewritten
    [[8, 300], [300, 700], false, false],
    [[3, 64, 40], [3, 40, 30], false, false], // batched: stock
    [[40, 64], [40, 300], true, false],
    [[64, 40], [300, 40], false, true],
  ];
  for (const [i, [aShape, bShape, ta, tb]] of products.entries()) {
    for (const activation of ['linear', 'relu', 'sigmoid'] as const) {
      await matchesCpu(`fused ${aShape}·${bShape} ${ta}/${tb} ${activation}`, () =>
        tf.tidy(() => {
          const a = random(aShape, i);
          const b = random(bShape, i + 20);
          const bias = random([tb ? bShape[bShape.length - 2] : bShape[bShape.length - 1]], i + 30);
          const once = tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation });
          // The same b again: seen before, so the stock kernel (and XNNPACK's cached operator).
          const twice = tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation });
          const plain = tf.matMul(a, b, ta, tb);
          return [once, twice, plain].map((t) => t.dataSync() as Float32Array);
        }),
      );
    }
  }
});

test('FusedMomentumOptimizer on wasm (one SIMD pass) matches tf.train.momentum on cpu, learning-rate changes included', async () => {
  const { FusedMomentumOptimizer } = await import('../../../src/lib/backend/momentum');
  const shapes = [[10], [1003], [37, 29], [1]];
  const run = (make: () => tf.Optimizer) => () => {
    const vars = shapes.map((s, i) => tf.variable(random(s, 100 + i), true, `mom_${i}_${Math.random()}`));
    const optimizer = make();
    for (let step = 0; step < 3; step++) {
      if (step === 2) (optimizer as tf.SGDOptimizer).setLearningRate(0.05);
      const grads: tf.NamedTensorMap = {};
      vars.forEach((v, i) => (grads[v.name] = random(shapes[i], 200 + 10 * step + i)));
      optimizer.applyGradients(grads);
      tf.dispose(Object.values(grads));
    }
    const out = vars.map((v) => v.dataSync() as Float32Array);
    optimizer.dispose();
    tf.dispose(vars);
    return out;
  };
  registerWasmKernels();
  await tf.setBackend('cpu');
  const expected = run(() => tf.train.momentum(0.1, 0.9))();
  await tf.setBackend('wasm');
  // The stock optimizer itself leaves two scalars behind (its learning-rate tensors); ours may leave no more.
  let before = tf.memory().numTensors;
  run(() => tf.train.momentum(0.1, 0.9))();
  const stockLeak = tf.memory().numTensors - before;
  before = tf.memory().numTensors;
  const actual = run(() => new FusedMomentumOptimizer(0.1, 0.9))();
  assert.equal(tf.memory().numTensors - before, stockLeak, 'no more tensors leak than with the stock optimizer');
  for (const [i, e] of expected.entries()) {
    for (let k = 0; k < e.length; k++) assert.ok(Math.abs(actual[i][k] - e[k]) <= 1e-6 * (1 + Math.abs(e[k])), `variable ${i}, element ${k}: ${actual[i][k]} vs ${e[k]}`);
  }
});
