import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatasetError } from '../../../src/lib/errors';
import { CIFAR_RECORD_BYTES, concatRecords, parseCifarBinary } from '../../../src/lib/data/cifarBinary';
import { cifarRecord } from './helpers';

const file = Buffer.concat([cifarRecord(3, 10, 20, 30), cifarRecord(9, 40, 50, 60), cifarRecord(0, 70, 80, 90)]);

test('parses labels and keeps channels-first R, G, B planes', () => {
  const parsed = parseCifarBinary(file, 'data_batch_1.bin');
  assert.equal(parsed.count, 3);
  assert.deepEqual(Array.from(parsed.labels), [3, 9, 0]);
  assert.equal(parsed.images.length, 3 * 3072);
  const second = parsed.images.subarray(3072, 6144);
  assert.equal(second[0], 40, 'red plane first');
  assert.equal(second[1024], 50, 'then green');
  assert.equal(second[2048 + 1023], 60, 'then blue');
  assert.equal(second[1 * 32 + 2], 77, 'row-major within a plane');
  const joined = concatRecords([parsed, parseCifarBinary(file.subarray(0, CIFAR_RECORD_BYTES), 'x')]);
  assert.equal(joined.count, 4);
  assert.deepEqual(Array.from(joined.labels), [3, 9, 0, 3]);
  assert.equal(joined.images[3 * 3072], 10);
});

test('truncated, empty or corrupt files are DatasetErrors naming the file', () => {
  assert.throws(
    () => parseCifarBinary(file.subarray(0, file.length - 100), '/data/test_batch.bin'),
    (e: unknown) => e instanceof DatasetError && /\/data\/test_batch\.bin is truncated/.test(e.message) && /2 whole record/.test(e.message),
  );
  assert.throws(() => parseCifarBinary(new Uint8Array(0), 'empty.bin'), /empty\.bin is truncated/);
  assert.throws(() => parseCifarBinary(cifarRecord(12, 0, 0, 0), 'bad.bin'), /bad\.bin is corrupt: record 0 has label 12/);
});
