import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { create as createTar } from 'tar';
import { tf } from '../../../src/lib/tf';
import { ConfigError, DatasetError } from '../../../src/lib/errors';
import { cifar10 } from '../../../src/lib/data/cifar10';
import { fetchCifar10 } from '../../../src/lib/data/cifarFiles';
import { DatasetUnavailableError } from '../../../src/lib/data/unavailable';
import { cifarRecord, refusedUrl, serve, tempDir } from './helpers';

const tmp = tempDir();
const quiet = () => undefined;
const TRAIN = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
let fixtureRoot: string;
let archive: Buffer;
let server: Awaited<ReturnType<typeof serve>>;

/** Two records per training batch, three in the test batch; label L has planes 20L, 20L + 1, 20L + 2. */
function writeBatches(folder: string): void {
  mkdirSync(folder, { recursive: true });
  TRAIN.forEach((name, b) => {
    const labels = [(2 * b) % 10, (2 * b + 1) % 10];
    writeFileSync(join(folder, name), Buffer.concat(labels.map((l) => cifarRecord(l, 20 * l, 20 * l + 1, 20 * l + 2))));
  });
  writeFileSync(join(folder, 'test_batch.bin'), Buffer.concat([7, 8, 9].map((l) => cifarRecord(l, 20 * l, 20 * l + 1, 20 * l + 2))));
}

before(async () => {
  await tf.setBackend('cpu');
  fixtureRoot = join(tmp.dir, 'fixture');
  writeBatches(join(fixtureRoot, 'cifar-10-batches-bin'));
  const tgz = join(tmp.dir, 'cifar.tgz');
  await createTar({ gzip: true, cwd: fixtureRoot, file: tgz }, ['cifar-10-batches-bin']);
  archive = readFileSync(tgz);
  server = await serve((req, res) => {
    if (req.url === '/cifar.tgz') res.end(archive);
    else if (req.url === '/notar.tgz') res.end('not an archive');
    else {
      res.writeHead(404);
      res.end();
    }
  });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});

const norm = (v: number) => (v / 255 - 0.5) / 0.5;

test('reads the binary batches: sizes, shapes, channel order, normalization, no leaks', async () => {
  const start = tf.memory().numTensors;
  const [train, val, test] = await cifar10.loadData({ source: 'full', dataDir: fixtureRoot, batchSize: 4, validationSplit: 0.2, seed: 3 });
  assert.deepEqual([train.size, val.size, test.size], [8, 2, 3]);
  assert.deepEqual(train.sampleShape, [3, 32, 32]);
  const seen: number[] = [];
  for (const loader of [train, val, test]) {
    for await (const { x, y } of loader) {
      assert.deepEqual(x.shape.slice(1), [3, 32, 32]);
      assert.deepEqual(y.shape, [x.shape[0], 10]);
      const pixels = x.arraySync() as number[][][][];
      tf.tidy(() => y.argMax(1).arraySync() as number[]).forEach((label, r) => {
        seen.push(label);
        const [red, green, blue] = pixels[r]!;
        assert.ok(Math.abs(red![0]![0]! - norm(20 * label)) < 1e-6, 'red plane');
        assert.ok(Math.abs(red![1]![2]! - norm(77)) < 1e-6, 'row 1, column 2 of red');
        assert.ok(Math.abs(green![31]![31]! - norm(20 * label + 1)) < 1e-6, 'green plane');
        assert.ok(Math.abs(blue![5]![9]! - norm(20 * label + 2)) < 1e-6, 'blue plane');
      });
      tf.dispose([x, y]);
    }
  }
  assert.deepEqual(seen.slice(-3), [7, 8, 9], 'test set in file order');
  assert.deepEqual(seen.slice(0, 10).sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'train + validation cover the five batches');
  assert.equal(tf.memory().numTensors, start, 'no tensors left behind');
});

test('a truncated batch file is a DatasetError naming it', async () => {
  const dir = join(tmp.dir, 'truncated');
  writeBatches(dir);
  const file = join(dir, 'data_batch_3.bin');
  writeFileSync(file, readFileSync(file).subarray(0, 3073 + 100));
  await assert.rejects(cifar10.loadData({ dataDir: dir, batchSize: 4 }), (e: unknown) => e instanceof DatasetError && e.message.includes(`${file} is truncated`));
});

test('downloads and unpacks the archive, leaving only the batch folder', async () => {
  const dir = join(tmp.dir, 'download');
  const events: boolean[] = [];
  const md5 = createHash('md5').update(archive).digest('hex');
  const folder = await fetchCifar10(dir, { url: `${server.url}cifar.tgz`, md5, onProgress: (p) => events.push(p.done) });
  assert.equal(folder, join(dir, 'cifar-10-batches-bin'));
  assert.deepEqual(readdirSync(dir), ['cifar-10-batches-bin']);
  assert.deepEqual(readdirSync(folder).sort(), [...TRAIN, 'test_batch.bin']);
  assert.equal(events.at(-1), true);
  const [train, val, test] = await cifar10.loadData({ dataDir: dir, batchSize: 4 });
  assert.deepEqual([train.size, val.size, test.size], [8, 2, 3]);
});

test('an archive placed by hand is unpacked without a download', async () => {
  const dir = join(tmp.dir, 'byhand');
  mkdirSync(dir);
  writeFileSync(join(dir, 'cifar-10-binary.tar.gz'), archive);
  const [train, , test] = await cifar10.loadData({ dataDir: dir, batchSize: 4, validationSplit: 0, downloadUrl: await refusedUrl() });
  assert.deepEqual([train.size, test.size], [10, 3]);
  assert.deepEqual(readdirSync(dir), ['cifar-10-batches-bin']);
});

test('failed downloads leave nothing and say what to place where', async () => {
  const bad = join(tmp.dir, 'badsum');
  await assert.rejects(
    cifar10.loadData({ dataDir: bad, batchSize: 4, downloadUrl: `${server.url}cifar.tgz`, onProgress: quiet }),
    (e: unknown) => e instanceof DatasetUnavailableError && /checksum mismatch/.test(e.message),
  );
  assert.deepEqual(readdirSync(bad), []);

  const offline = join(tmp.dir, 'offline');
  process.env.IBNB_CIFAR10_URL = await refusedUrl();
  try {
    await assert.rejects(cifar10.loadData({ dataDir: offline, batchSize: 4, onProgress: quiet }), (e: unknown) => {
      assert.ok(e instanceof DatasetUnavailableError, String(e));
      assert.match(e.message, /ECONNREFUSED/);
      assert.ok(e.message.includes(`put this file in ${offline}`));
      assert.match(e.message, /cifar-10-binary\.tar\.gz/);
      assert.match(e.message, /data_batch_1\.bin, .*test_batch\.bin/);
      return true;
    });
  } finally {
    delete process.env.IBNB_CIFAR10_URL;
  }
  assert.deepEqual(readdirSync(offline), []);

  const notTar = join(tmp.dir, 'nottar');
  const md5 = createHash('md5').update('not an archive').digest('hex');
  await assert.rejects(fetchCifar10(notTar, { url: `${server.url}notar.tgz`, md5, onProgress: quiet }), /could not be unpacked.*it was deleted/);
  assert.deepEqual(readdirSync(notTar), []);
});

test("CIFAR-10 has no embedded source", async () => {
  await assert.rejects(cifar10.loadData({ batchSize: 4, source: 'embedded' as 'full' }), (e: unknown) => e instanceof ConfigError && /no embedded copy/.test(e.message));
});
