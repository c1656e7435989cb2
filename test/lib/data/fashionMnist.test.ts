import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError } from '../../../src/lib/errors';
import { fashionMnist, DEBIAN_FASHION_MNIST_DIR } from '../../../src/lib/data/fashionMnist';
import { hasMnistFiles as hasMnistFilesForTest } from '../../../src/lib/data/mnistFiles';

// Skipped where Debian's dataset-fashion-mnist is not installed; with CI=true (.ci/run installs it) that is a failure.
const installed = hasMnistFilesForTest(DEBIAN_FASHION_MNIST_DIR);
const skip = !installed && process.env.CI !== 'true' && 'dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)';

test('fashionMnist.loadData: the seed split of the 60,000 training images, with limit and seed', { skip }, async () => {
  assert.ok(installed, `${DEBIAN_FASHION_MNIST_DIR} has no Fashion-MNIST files: CI installs Debian's dataset-fashion-mnist (.ci/run).`);
  const [train, val, test] = await fashionMnist.loadData({ batchSize: 64, validationSplit: 0.2, seed: 0 });
  assert.deepEqual([train.size, val.size, test.size], [48_000, 12_000, 10_000]);
  assert.equal(train.length, 750);
  const [small] = await fashionMnist.loadData({ batchSize: 8, limit: 100, seed: 1 });
  const [x, y] = [...small][0];
  assert.deepEqual(x.shape, [8, 1, 28, 28]);
  assert.deepEqual(y.shape, [8, 10]);
  const values = x.dataSync();
  assert.ok(Math.min(...values) >= -1 && Math.max(...values) <= 1);
  x.dispose();
  y.dispose();
});

test('fashionMnist.loadData without the files says how to get them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-fashion-'));
  try {
    await assert.rejects(fashionMnist.loadData({ batchSize: 8, dataDir: dir }), (e: Error) => e instanceof DatasetError && /apt-get install dataset-fashion-mnist/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
