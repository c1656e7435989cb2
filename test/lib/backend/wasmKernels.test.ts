import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { registerWasmKernels } from '../../../src/lib/backend/wasmKernels';

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
