import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tf } from '../../../src/lib/tf';
import { DatasetError } from '../../../src/lib/errors';
import { mnist } from '../../../src/lib/data/mnist';
import type { Loader } from '../../../src/lib/data/loader';
import { DatasetUnavailableError } from '../../../src/lib/data/unavailable';
import { gzip, mnistFixture, pixelValue, refusedUrl, serve, tempDir } from './helpers';

const tmp = tempDir();
const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
let fixtureDir: string;
const quiet = () => undefined;

before(async () => {
  await tf.setBackend('cpu');
  fixtureDir = join(tmp.dir, 'fixture');
  mkdirSync(fixtureDir);
  const train = mnistFixture(20);
  const t10k = mnistFixture(10, 100);
  // Training files gzipped, test files plain: both forms must be accepted.
  writeFileSync(join(fixtureDir, 'train-images-idx3-ubyte.gz'), gzip(train.images));
  writeFileSync(join(fixtureDir, 'train-labels-idx1-ubyte.gz'), gzip(train.labels));
  writeFileSync(join(fixtureDir, 't10k-images-idx3-ubyte'), t10k.images);
  writeFileSync(join(fixtureDir, 't10k-labels-idx1-ubyte'), t10k.labels);
});
after(tmp.cleanup);

interface Epoch {
  shapes: number[][];
  x: number[][];
  labels: number[];
}

/** One epoch, flattened; checks one-hot labels and disposes every batch. */
async function readEpoch(loader: Loader): Promise<Epoch> {
  const out: Epoch = { shapes: [], x: [], labels: [] };
  for await (const { x, y } of loader) {
    out.shapes.push(x.shape, y.shape);
    const rows = y.arraySync();
    for (const row of rows) {
      assert.equal(row.filter((v) => v === 1).length, 1, 'one 1 per row');
      assert.equal(row.filter((v) => v === 0).length, row.length - 1, 'zeros elsewhere');
      out.labels.push(row.indexOf(1));
    }
    const flat = x.dataSync();
    const size = flat.length / x.shape[0]!;
    for (let r = 0; r < x.shape[0]!; r++) out.x.push(Array.from(flat.subarray(r * size, (r + 1) * size)));
    tf.dispose([x, y]);
  }
  return out;
}

test("source 'full' reads IDX fixtures: split sizes, shapes, normalization, one-hot labels", async () => {
  const start = tf.memory().numTensors;
  const [train, val, test] = await mnist.loadData({ source: 'full', dataDir: fixtureDir, batchSize: 4, validationSplit: 0.25, seed: 1, numWorkers: 4 });
  assert.deepEqual([train.size, val.size, test.size], [15, 5, 10]);
  assert.deepEqual([train.length, val.length, test.length], [4, 2, 3]);
  assert.deepEqual(train.sampleShape, [1, 28, 28]);
  assert.equal(train.numClasses, 10);
  const t = await readEpoch(train);
  assert.deepEqual(t.shapes.slice(0, 2), [[4, 1, 28, 28], [4, 10]]);
  assert.deepEqual(t.shapes.slice(-2), [[3, 1, 28, 28], [3, 10]]);
  const all = [t, await readEpoch(val), await readEpoch(test)];
  let min = Infinity;
  let max = -Infinity;
  for (const part of all) {
    part.x.forEach((pixels, r) => {
      for (const v of pixels) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      // Pixel 5 of fixture image i is pixelValue(i); the label tells i up to a multiple of 10.
      const label = part.labels[r]!;
      const candidates = [label, label + 10, label + 100].map((i) => (pixelValue(i) / 255 - 0.5) / 0.5);
      assert.ok(candidates.some((c) => Math.abs(c - pixels[5]!) < 1e-6), `pixel ${pixels[5]} fits label ${label}`);
    });
  }
  assert.ok(Math.abs(min + 1) < 1e-6 && Math.abs(max - 1) < 1e-6, `range [${min}, ${max}]`);
  assert.equal(tf.memory().numTensors, start, 'no tensors left behind');
  // The test pool is t10k, in file order: labels (100 + i) % 10.
  assert.deepEqual(all[2]!.labels, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  const limited = await mnist.loadData({ dataDir: fixtureDir, batchSize: 4, limit: 8 });
  assert.deepEqual(limited.map((l) => l.size), [6, 2, 8], "limit caps each pool; 'auto' uses cached files");
});

test("source 'full' offline: refused connection lists the files to place", async () => {
  const dir = join(tmp.dir, 'refused');
  const url = await refusedUrl();
  await assert.rejects(mnist.loadData({ source: 'full', dataDir: dir, batchSize: 4, downloadUrl: url, onProgress: quiet }), (e: unknown) => {
    assert.ok(e instanceof DatasetUnavailableError && e instanceof DatasetError);
    assert.match(e.message, /ECONNREFUSED/);
    assert.ok(e.message.includes(`put these files in ${dir}`), e.message);
    for (const name of FILES) assert.ok(e.message.includes(`${name}.gz`), `lists ${name}.gz`);
    return true;
  });
  assert.deepEqual(readdirSync(dir), []);
});

test("source 'full': a bad checksum or a 404 leaves no file and says why", async () => {
  const server = await serve((req, res) => {
    if (req.url?.startsWith('/bad/')) res.end('this is not the MNIST file');
    else {
      res.writeHead(404);
      res.end();
    }
  });
  try {
    const badDir = join(tmp.dir, 'bad');
    await assert.rejects(
      mnist.loadData({ source: 'full', dataDir: badDir, batchSize: 4, downloadUrl: `${server.url}bad/`, onProgress: quiet }),
      (e: unknown) => e instanceof DatasetError && /checksum mismatch/.test(e.message) && e.message.includes('train-images-idx3-ubyte.gz'),
    );
    assert.deepEqual(readdirSync(badDir), [], 'no partial or unverified file');

    process.env.IBNB_MNIST_URL = `${server.url}gone/`;
    const goneDir = join(tmp.dir, 'gone');
    await assert.rejects(
      mnist.loadData({ source: 'full', dataDir: goneDir, batchSize: 4, onProgress: quiet }),
      (e: unknown) => e instanceof DatasetError && /gone\/train-images-idx3-ubyte\.gz: the server answered HTTP 404/.test(e.message),
    );
    assert.deepEqual(readdirSync(goneDir), []);
  } finally {
    delete process.env.IBNB_MNIST_URL;
    await server.close();
  }
});

test("source 'auto' falls back to the embedded digits with one notice", async (t) => {
  const warn = t.mock.method(console, 'warn', quiet);
  const dir = join(tmp.dir, 'auto');
  const [train, val, test] = await mnist.loadData({ dataDir: dir, batchSize: 50, limit: 100, downloadUrl: await refusedUrl(), onProgress: quiet });
  assert.equal(warn.mock.callCount(), 1);
  const notice = String(warn.mock.calls[0]!.arguments[0]);
  assert.match(notice, /ECONNREFUSED/);
  assert.match(notice, /embedded/);
  assert.ok(!notice.includes('\n'), 'one line');
  assert.deepEqual([train.size, val.size, test.size], [80, 20, 100]);
});

test('embedded digits: shapes, balanced test set, reproducible batches, range', async () => {
  const [train, val, test] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 500, seed: 1 });
  assert.deepEqual([train.size, val.size, test.size], [400, 100, 500]);
  assert.deepEqual([train.length, val.length, test.length], [7, 2, 8]);
  const first = await train[Symbol.asyncIterator]().next();
  assert.ok(!first.done);
  assert.deepEqual(first.value.x.shape, [64, 1, 28, 28]);
  assert.deepEqual(first.value.y.shape, [64, 10]);
  const values = first.value.x.dataSync();
  assert.ok(values.every((v) => v >= -1 && v <= 1));
  assert.ok(values.some((v) => v === -1) && values.some((v) => v > 0.9), 'background and ink present');

  const [again] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 500, seed: 1 });
  const second = await again[Symbol.asyncIterator]().next();
  assert.ok(!second.done);
  assert.deepEqual(second.value.x.dataSync(), values, 'same seed, same first batch');
  assert.deepEqual(second.value.y.dataSync(), first.value.y.dataSync());
  tf.dispose([first.value.x, first.value.y, second.value.x, second.value.y]);

  const counts = (await readEpoch(test)).labels.reduce((c, l) => (c[l]++, c), new Array<number>(10).fill(0));
  assert.deepEqual(counts, new Array(10).fill(50), 'class-balanced test set');
  const [, , fullTest] = await mnist.loadData({ source: 'embedded', batchSize: 250, seed: 5 });
  const fullEpoch = await readEpoch(fullTest);
  assert.deepEqual(fullEpoch.labels.reduce((c, l) => (c[l]++, c), new Array<number>(10).fill(0)), new Array(10).fill(100));
  assert.deepEqual(fullEpoch.x.slice(0, 500), (await readEpoch(test)).x, 'the test set does not depend on the seed');
});

test('bad options are ConfigErrors', async () => {
  await assert.rejects(mnist.loadData({ batchSize: 0 }), /batchSize must be a positive integer/);
  await assert.rejects(mnist.loadData({ batchSize: 4, source: 'web' as 'full' }), /source 'web' is unknown/);
  await assert.rejects(mnist.loadData({ batchSize: 4, validationSplit: -0.1 }), /validationSplit/);
  await assert.rejects(mnist.loadData({ batch_size: 4 } as unknown as { batchSize: number }), /Did you mean 'batchSize'/);
});
