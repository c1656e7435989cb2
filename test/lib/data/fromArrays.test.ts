import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tf } from '../../../src/lib/tf';
import { ConfigError } from '../../../src/lib/errors';
import { fromArrays } from '../../../src/lib/data/fromArrays';
import type { Loader } from '../../../src/lib/data/loader';

before(async () => {
  await tf.setBackend('cpu');
});

/** All samples of one epoch as [x rows, label indices], batches disposed. */
async function collect(loader: Loader): Promise<{ xs: number[][]; labels: number[] }> {
  const xs: number[][] = [];
  const labels: number[] = [];
  for await (const { x, y } of loader) {
    xs.push(...tf.tidy(() => x.reshape([x.shape[0]!, -1]).arraySync() as number[][]));
    labels.push(...tf.tidy(() => y.argMax(1).arraySync() as number[]));
    tf.dispose([x, y]);
  }
  return { xs, labels };
}

// Sample i is [i, 10 i] with label i % 4, so each row tells its own label.
const rows = Array.from({ length: 20 }, (_, i) => [i, 10 * i]);
const intLabels = rows.map((_, i) => i % 4);
const oneHot = intLabels.map((l) => [0, 1, 2, 3].map((c) => (c === l ? 1 : 0)));

function assertConsistent(part: { xs: number[][]; labels: number[] }): void {
  part.xs.forEach((row, r) => {
    assert.equal(row[1], 10 * row[0]!);
    assert.equal(part.labels[r], row[0]! % 4, `label of sample ${row[0]}`);
  });
}

test('nested arrays with integer labels: split sizes, no overlap, labels follow samples', async () => {
  const [train, val] = fromArrays(rows, intLabels, { batchSize: 8, validationSplit: 0.25, seed: 2 });
  assert.equal(train.size, 15);
  assert.equal(val.size, 5);
  assert.equal(train.numClasses, 4);
  assert.deepEqual(train.sampleShape, [2]);
  assert.equal(train.length, 2);
  const t = await collect(train);
  const v = await collect(val);
  assertConsistent(t);
  assertConsistent(v);
  const ids = [...t.xs, ...v.xs].map((r) => r[0]).sort((a, b) => a! - b!);
  assert.deepEqual(ids, rows.map((r) => r[0]));
  const vIds = v.xs.map((r) => r[0]!);
  assert.deepEqual(vIds, [...vIds].sort((a, b) => a - b), 'validation keeps data order');
  const [, val2] = fromArrays(rows, intLabels, { batchSize: 8, validationSplit: 0.25 });
  const [, val3] = fromArrays(rows, intLabels, { batchSize: 8, validationSplit: 0.25 });
  assert.deepEqual((await collect(val2)).xs, (await collect(val3)).xs, 'the split is stable without a seed');
});

test('tensors with one-hot labels; the caller keeps its tensors', async () => {
  const x = tf.tensor3d(rows.map((r) => [r]), [20, 1, 2]);
  const y = tf.tensor2d(oneHot);
  const [train, val] = fromArrays(x, y, { batchSize: 4 });
  assert.equal(val.size, 0);
  assert.equal(val.length, 0);
  assert.deepEqual(train.sampleShape, [1, 2]);
  assert.equal(train.numClasses, 4);
  const t = await collect(train);
  assert.equal(t.xs.length, 20);
  assertConsistent(t);
  assert.ok(!x.isDisposed && !y.isDisposed);
  tf.dispose([x, y]);
});

test('Float32Array, with and without a shape', async () => {
  const flat = Float32Array.from(rows.flat());
  const [a] = fromArrays({ data: flat, shape: [20, 2] }, Int32Array.from(intLabels), { batchSize: 20, shuffle: false });
  assert.deepEqual(a.sampleShape, [2]);
  assert.deepEqual((await collect(a)).xs, rows);
  const [b] = fromArrays(flat, intLabels, { batchSize: 5 });
  assert.deepEqual(b.sampleShape, [2]);
  const [c] = fromArrays(flat, intLabels, { batchSize: 5, sampleShape: [2, 1] });
  assert.deepEqual(c.sampleShape, [2, 1]);
  assertConsistent(await collect(b));
});

test('errors: mismatched lengths, ragged rows, bad labels, bad split', () => {
  const isConfig = (pattern: RegExp) => (e: unknown) => e instanceof ConfigError && pattern.test(e.message);
  assert.throws(() => fromArrays(rows, intLabels.slice(1), { batchSize: 4 }), isConfig(/x has 20 samples but y has 19 labels/));
  assert.throws(() => fromArrays([[1, 2], [3]], [0, 1], { batchSize: 4 }), isConfig(/ragged: x\[1\] has length 1/));
  assert.throws(() => fromArrays([[1, 2], [3, Number.NaN]], [0, 1], { batchSize: 4 }), isConfig(/x\[1\]\[1\] is number NaN/));
  assert.throws(() => fromArrays(rows.slice(0, 2), [0, 1.5], { batchSize: 4 }), isConfig(/y\[1\] is 1.5/));
  assert.throws(() => fromArrays(rows.slice(0, 2), [[1, 0], [0.5, 0.5]], { batchSize: 4 }), isConfig(/row 1 is not one-hot/));
  assert.throws(() => fromArrays(rows, intLabels, { batchSize: 4, validationSplit: 1 }), isConfig(/validationSplit must be a number in \[0, 1\)/));
  assert.throws(() => fromArrays(rows.slice(0, 1), [0], { batchSize: 4, validationSplit: 0.9 }), isConfig(/leaves no training samples/));
  assert.throws(() => fromArrays([], [], { batchSize: 4 }), isConfig(/no samples/));
  assert.throws(() => fromArrays(rows, intLabels, { batchSize: 4, numClasses: 3 }), isConfig(/label 3, not an integer in \[0, 3\)/));
  assert.throws(() => fromArrays(Float32Array.from([1, 2, 3]), [0, 1], { batchSize: 4 }), isConfig(/does not split into 2 samples/));
});
