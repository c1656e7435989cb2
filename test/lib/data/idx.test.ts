import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DatasetError } from '../../../src/lib/errors';
import { readIdxFile } from '../../../src/lib/data/idx';
import { gzip, idxBytes, tempDir } from './helpers';

const tmp = tempDir();
after(tmp.cleanup);

const images = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => i * 10);
const labels = Uint8Array.of(4, 0, 9);

/** Expects a DatasetError whose message names `file` and matches `what`. */
function rejectsNaming(file: string, what: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof DatasetError, `a DatasetError, got ${String(e)}`);
    assert.ok(e.message.includes(file), `names ${file}: ${e.message}`);
    assert.match(e.message, what);
    assert.match(e.message, /Delete it so that it is downloaded again/);
    return true;
  };
}

test('reads plain and gzipped IDX files', async () => {
  const plain = join(tmp.dir, 'images-idx3-ubyte');
  const zipped = join(tmp.dir, 'labels-idx1-ubyte.gz');
  writeFileSync(plain, idxBytes([3, 2, 4], images));
  writeFileSync(zipped, gzip(idxBytes([3], labels)));
  const img = await readIdxFile(plain, { rank: 3, innerDims: [2, 4] });
  assert.deepEqual(img.dims, [3, 2, 4]);
  assert.deepEqual(Array.from(img.data), Array.from(images));
  const lab = await readIdxFile(zipped, { rank: 1 });
  assert.deepEqual(lab.dims, [3]);
  assert.deepEqual(Array.from(lab.data), [4, 0, 9]);
});

test('wrong magic (e.g. labels where images are expected) names the file', async () => {
  const file = join(tmp.dir, 'magic');
  writeFileSync(file, idxBytes([3], labels));
  await assert.rejects(readIdxFile(file, { rank: 3, innerDims: [2, 4] }), rejectsNaming(file, /magic number is 0x00000801, expected 0x00000803/));
  const html = join(tmp.dir, 'html');
  writeFileSync(html, '<html>Access denied</html>');
  await assert.rejects(readIdxFile(html, { rank: 1 }), rejectsNaming(html, /magic number/));
});

test('wrong inner dimensions are reported', async () => {
  const file = join(tmp.dir, 'dims');
  writeFileSync(file, idxBytes([3, 4, 2], images));
  await assert.rejects(readIdxFile(file, { rank: 3, innerDims: [2, 4] }), rejectsNaming(file, /shape \[4, 2\], expected \[2, 4\]/));
});

test('truncated plain, truncated gzip, and trailing bytes are reported', async () => {
  const full = idxBytes([3, 2, 4], images);
  const cut = join(tmp.dir, 'cut');
  writeFileSync(cut, full.subarray(0, full.length - 5));
  await assert.rejects(readIdxFile(cut, { rank: 3 }), rejectsNaming(cut, /truncated: the header announces 24 values but only 19 follow/));
  const header = join(tmp.dir, 'header');
  writeFileSync(header, full.subarray(0, 10));
  await assert.rejects(readIdxFile(header, { rank: 3 }), rejectsNaming(header, /ends inside its header/));
  const zipped = gzip(full);
  const cutGz = join(tmp.dir, 'cut.gz');
  writeFileSync(cutGz, zipped.subarray(0, zipped.length - 12));
  await assert.rejects(readIdxFile(cutGz, { rank: 3 }), rejectsNaming(cutGz, /cannot be decompressed/));
  const long = join(tmp.dir, 'long');
  writeFileSync(long, Buffer.concat([full, Buffer.of(1, 2)]));
  await assert.rejects(readIdxFile(long, { rank: 3 }), rejectsNaming(long, /2 bytes after the 24 values/));
});
