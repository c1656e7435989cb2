/**
 * Reader for the IDX format of the MNIST files: a big-endian header (two zero
 * bytes, a type code, the number of dimensions, then each dimension as a
 * uint32) followed by the values. Only unsigned bytes (type 0x08) occur in MNIST.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from '../errors';

const gunzipAsync = promisify(gunzip);

/** An n-dimensional array of unsigned bytes. */
export interface IdxArray {
  /** Size of each dimension, outermost first. */
  dims: number[];
  /** The values, row-major. */
  data: Uint8Array;
}

/** What the caller expects of a file; undefined entries are not checked. */
export interface IdxExpectation {
  /** Required number of dimensions (1 for labels, 3 for images). */
  rank: number;
  /** Required sizes of the dimensions after the first, e.g. [28, 28]. */
  innerDims?: number[];
}

const UBYTE = 0x08;

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads an IDX file, gunzipping it first when it is gzipped (whatever its name). */
export async function readIdxFile(file: string, expect: IdxExpectation): Promise<IdxArray> {
  let bytes: Uint8Array = await readFile(file);
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (error) {
      throw corrupt(file, `it is gzipped but cannot be decompressed (${(error as Error).message}); it is probably truncated`);
    }
  }
  return parseIdx(bytes, file, expect);
}

/** Parses IDX bytes; `file` names the source in errors. */
export function parseIdx(bytes: Uint8Array, file: string, expect: IdxExpectation): IdxArray {
  if (bytes.length < 4) throw corrupt(file, `it has only ${bytes.length} bytes, fewer than the 4-byte IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const expectedMagic = (UBYTE << 8) | expect.rank;
  if (magic !== expectedMagic) {
    throw corrupt(file, `its magic number is ${hex(magic)}, expected ${hex(expectedMagic)} (unsigned bytes, ${expect.rank} dimension(s))`);
  }
  const headerSize = 4 + 4 * expect.rank;
  if (bytes.length < headerSize) throw corrupt(file, `it ends inside its header (${bytes.length} of ${headerSize} bytes)`);
  const dims = Array.from({ length: expect.rank }, (_, i) => view.getUint32(4 + 4 * i));
  const inner = dims.slice(1);
  if (expect.innerDims && inner.some((d, i) => d !== expect.innerDims![i])) {
    throw corrupt(file, `its items have shape [${inner.join(', ')}], expected [${expect.innerDims.join(', ')}]`);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerSize;
  if (found < count) throw corrupt(file, `it is truncated: the header announces ${count} values but only ${found} follow`);
  if (found > count) throw corrupt(file, `it has ${found - count} bytes after the ${count} values its header announces`);
  return { dims, data: bytes.subarray(headerSize) };
}

function corrupt(file: string, what: string): DatasetError {
  return new DatasetError(
    `The IDX file ${file} is not valid: ${what}. Delete it so that it is downloaded again, or replace it with a fresh copy.`,
  );
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
