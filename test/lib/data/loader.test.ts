import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tf } from '../../../src/lib/tf';
import { ConfigError, DatasetError } from '../../../src/lib/errors';
import { ArrayLoader, type ArrayLoaderArgs, type Batch } from '../../../src/lib/data/loader';

before(async () => {
  await tf.setBackend('cpu');
});

/** n samples of shape [2]: sample i is [i, -i]; label i % 3. */
function data(n: number) {
  const x = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = -i;
    labels[i] = i % 3;
  }
  return { x, labels, sampleShape: [2], numClasses: 3 };
}

/** Runs one epoch, returning the sample ids in order and disposing each batch. */
async function epochIds(loader: AsyncIterable<Batch>): Promise<number[]> {
  const ids: number[] = [];
  for await (const { x, y } of loader) {
    const xv = x.arraySync() as number[][];
    const yv = y.arraySync();
    xv.forEach((row, r) => {
      const id = row[0]!;
      assert.equal(row[1], -id);
      assert.deepEqual(yv[r], [0, 1, 2].map((c) => (c === id % 3 ? 1 : 0)), `one-hot label of sample ${id}`);
      ids.push(id);
    });
    x.dispose();
    y.dispose();
  }
  return ids;
}

const make = (n: number, args: Partial<ArrayLoaderArgs>) => new ArrayLoader(data(n), { batchSize: 4, ...args });

test('length, size and batch shapes with and without dropLast', async () => {
  const keep = make(10, { shuffle: false });
  assert.equal(keep.length, 3);
  assert.equal(keep.size, 10);
  const shapes: number[][] = [];
  for await (const b of keep) {
    shapes.push(b.x.shape, b.y.shape);
    assert.equal(b.x.dtype, 'float32');
    assert.equal(b.y.dtype, 'float32');
    tf.dispose([b.x, b.y]);
  }
  assert.deepEqual(shapes, [[4, 2], [4, 3], [4, 2], [4, 3], [2, 2], [2, 3]]);

  const drop = make(10, { shuffle: false, dropLast: true });
  assert.equal(drop.length, 2);
  assert.deepEqual(await epochIds(drop), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(make(8, { dropLast: true }).length, 2);
});

test('unshuffled order is the data order', async () => {
  assert.deepEqual(await epochIds(make(10, { shuffle: false })), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('shuffles differ between epochs, cover every sample once, and repeat with the seed', async () => {
  const a = make(50, { seed: 3 });
  const b = make(50, { seed: 3 });
  const a0 = await epochIds(a);
  const a1 = await epochIds(a);
  const b0 = await epochIds(b);
  const b1 = await epochIds(b);
  const sorted = Array.from({ length: 50 }, (_, i) => i);
  assert.deepEqual([...a0].sort((p, q) => p - q), sorted);
  assert.deepEqual([...a1].sort((p, q) => p - q), sorted);
  assert.notDeepEqual(a0, sorted, 'epoch 0 is shuffled');
  assert.notDeepEqual(a0, a1, 'epochs differ');
  assert.deepEqual(a0, b0, 'same seed, same epoch 0');
  assert.deepEqual(a1, b1, 'same seed, same epoch 1');
  assert.notDeepEqual(await epochIds(make(50, { seed: 4 })), a0, 'another seed, another order');
  assert.deepEqual(await epochIds(a.epoch(1)), a1, 'epoch(k) replays epoch k');
});

test('without a seed, two loaders shuffle differently', async () => {
  assert.notDeepEqual(await epochIds(make(50, {})), await epochIds(make(50, {})));
});

test('indices select a subset in the given order', async () => {
  const loader = new ArrayLoader({ ...data(10), indices: Uint32Array.of(7, 2, 5) }, { batchSize: 2, shuffle: false });
  assert.equal(loader.size, 3);
  assert.equal(loader.length, 2);
  assert.deepEqual(await epochIds(loader), [7, 2, 5]);
});

test('byte storage is normalized per batch', async () => {
  const loader = new ArrayLoader(
    { x: Uint8Array.of(0, 255, 51, 102), labels: [0, 1], sampleShape: [2], numClasses: 2, normalize: { divideBy: 255, mean: 0.5, std: 0.5 } },
    { batchSize: 2, shuffle: false },
  );
  for await (const { x, y } of loader) {
    const values = Array.from(x.dataSync());
    [-1, 1, -0.6, -0.2].forEach((v, i) => assert.ok(Math.abs(values[i]! - v) < 1e-6, `value ${i}: ${values[i]}`));
    tf.dispose([x, y]);
  }
});

test('batch creation allocates only the yielded tensors', async () => {
  const loader = make(37, { seed: 1 });
  const start = tf.memory().numTensors;
  for await (const { x, y } of loader) {
    assert.equal(tf.memory().numTensors, start + 2, 'exactly x and y are alive');
    tf.dispose([x, y]);
  }
  assert.equal(tf.memory().numTensors, start);
});

test('bad data and options are rejected with clear errors', () => {
  assert.throws(() => new ArrayLoader({ ...data(0) }, { batchSize: 4 }), (e: unknown) => e instanceof DatasetError && /no samples/.test(e.message));
  assert.equal(new ArrayLoader({ ...data(0) }, { batchSize: 4, allowEmpty: true }).length, 0);
  assert.throws(() => make(10, { batchSize: 0 }), (e: unknown) => e instanceof ConfigError && /batchSize must be a positive integer/.test(e.message));
  assert.throws(() => make(10, { batchSize: 2.5 }), ConfigError);
  assert.throws(() => make(10, { seed: 0.5 }), /seed must be an integer/);
  assert.throws(() => make(10, { batch_size: 3 } as unknown as ArrayLoaderArgs), /unknown option 'batch_size'. Did you mean 'batchSize'/);
  assert.throws(
    () => new ArrayLoader({ ...data(4), labels: [0, 1, 2, 3] }, { batchSize: 2 }),
    (e: unknown) => e instanceof ConfigError && /label 3, not an integer in \[0, 3\)/.test(e.message),
  );
  assert.throws(() => new ArrayLoader({ ...data(4), labels: [0, 1] }, { batchSize: 2 }), /4 samples but labels has 2/);
  assert.throws(() => new ArrayLoader({ ...data(4), sampleShape: [3] }, { batchSize: 2 }), /not a whole number of samples/);
});
