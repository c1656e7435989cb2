/**
 * CIFAR-10 for PyGlow-style code: `const [train, val, test] = await cifar10.loadData({ batchSize: 64 })`.
 * Samples are channels-first [3, 32, 32], normalized as (v / 255 − 0.5) / 0.5 to [-1, 1].
 * Images stay bytes in memory (150 MB for the training set) and become floats per batch.
 */
import { guardSnakeCase } from '../pyglowNames';
import { ConfigError } from '../errors';
import { checkOptionalString } from './args';
import { datasetDir } from './cacheDir';
import { type LoadDataArgs, makeLoaders, parseLoadArgs } from './dataset';
import { stderrProgress } from './download';
import type { Loader } from './loader';
import { CIFAR10_MD5, CIFAR10_URL, fetchCifar10, findCifar10Folder, readCifar10Folder } from './cifarFiles';
import { range } from './random';

/** Options of cifar10.loadData. */
export interface Cifar10LoadArgs extends LoadDataArgs {
  /** 'full' or 'auto' (the same: there is no embedded copy of CIFAR-10). */
  source?: 'auto' | 'full';
  /** URL of cifar-10-binary.tar.gz (default: $IBNB_CIFAR10_URL, else the University of Toronto's). */
  downloadUrl?: string;
}

const OWNER = 'cifar10.loadData';

/** Loads CIFAR-10 as [train, validation, test] loaders. */
async function loadData(options: Cifar10LoadArgs): Promise<[Loader, Loader, Loader]> {
  const args = parseLoadArgs(options, ['source', 'downloadUrl'], OWNER);
  const source = options.source ?? 'auto';
  if (source !== 'auto' && source !== 'full') {
    const why = source === 'embedded' ? 'CIFAR-10 has no embedded copy' : 'it is unknown';
    throw new ConfigError(`${OWNER}: source '${String(source)}' is not available: ${why}. Use 'auto' or 'full' (the files are downloaded once, 163 MB).`);
  }
  const downloadUrl = checkOptionalString(options.downloadUrl, 'downloadUrl', OWNER);
  const dir = datasetDir('cifar10', args.dataDir);
  const folder =
    findCifar10Folder(dir) ??
    (await fetchCifar10(dir, {
      url: downloadUrl ?? process.env.IBNB_CIFAR10_URL ?? CIFAR10_URL,
      md5: CIFAR10_MD5,
      onProgress: args.onProgress ?? stderrProgress,
    }));
  const { train, test } = await readCifar10Folder(folder);
  const pools = {
    train: { x: train.images, labels: train.labels, indices: range(train.count) },
    test: { x: test.images, labels: test.labels, indices: range(test.count) },
    sampleShape: [3, 32, 32],
    numClasses: 10,
    normalize: { divideBy: 255, mean: 0.5, std: 0.5 },
  };
  return makeLoaders(pools, args, 'cifar10');
}

/** CIFAR-10 natural images, 10 classes (airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck). */
export const cifar10 = { loadData };

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(cifar10, 'cifar10');
