/**
 * What mnist.loadData and cifar10.loadData share: their options, and turning
 * a training pool and a test pool into the train/validation/test loaders.
 */
import { ConfigError, DatasetError } from '../errors';
import { checkBoolean, checkOptionalString, checkPositiveInteger, checkSeed, checkValidationSplit } from './args';
import { checkKnownKeys } from '../options';
import type { ProgressCallback } from './download';
import { ArrayLoader, type Loader, type Normalization } from './loader';
import { splitIndices } from './split';

/** Options every data set's loadData accepts. */
export interface LoadDataArgs {
  /** Samples per batch, a positive integer. */
  batchSize: number;
  /** Fraction of the training pool held out for validation, in [0, 1) (default 0.2). */
  validationSplit?: number;
  /** Accepted and ignored: loading runs in this process (kept so PyGlow code runs unchanged). */
  numWorkers?: number;
  /** Use at most this many samples from each pool (training pool, test pool), for quick runs. */
  limit?: number;
  /** Makes the shuffles reproducible; the split uses seed ?? 0, so it is stable by default. */
  seed?: number;
  /** The data set's own folder (default: $IBNB_DATA_DIR/<name>, else <user cache>/ibnb/datasets/<name>). */
  dataDir?: string;
  /** Download progress reports (default: one line on stderr per file). */
  onProgress?: ProgressCallback;
  /** Reshuffle the training samples every epoch (default true; validation and test are never shuffled). */
  shuffle?: boolean;
  /** Skip the last, smaller training batch (default false). */
  dropLast?: boolean;
}

/** LoadDataArgs after checking, with defaults filled in. */
export interface ParsedLoadArgs {
  /** Samples per batch. */
  batchSize: number;
  /** Fraction held out for validation. */
  validationSplit: number;
  /** Cap per pool, or undefined for all. */
  limit: number | undefined;
  /** Shuffle seed, or undefined for random shuffles. */
  seed: number | undefined;
  /** The data set folder override. */
  dataDir: string | undefined;
  /** Progress callback, if any. */
  onProgress: ProgressCallback | undefined;
  /** Shuffle training batches. */
  shuffle: boolean;
  /** Drop the last partial training batch. */
  dropLast: boolean;
}

export const LOAD_DATA_KEYS = [
  'batchSize',
  'validationSplit',
  'numWorkers',
  'limit',
  'seed',
  'dataDir',
  'onProgress',
  'shuffle',
  'dropLast',
] as const;

/** Checks the shared options; `extraKeys` are the data set's own. */
export function parseLoadArgs(options: LoadDataArgs, extraKeys: readonly string[], owner: string): ParsedLoadArgs {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`${owner}: pass an options object, e.g. ${owner}({ batchSize: 64 }).`);
  }
  checkKnownKeys(options, [...LOAD_DATA_KEYS, ...extraKeys], owner);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ConfigError(`${owner}: onProgress must be a function that receives download progress.`);
  }
  return {
    batchSize: checkPositiveInteger(options.batchSize, 'batchSize', owner),
    validationSplit: options.validationSplit === undefined ? 0.2 : checkValidationSplit(options.validationSplit, owner),
    limit: options.limit === undefined ? undefined : checkPositiveInteger(options.limit, 'limit', owner),
    seed: checkSeed(options.seed, owner),
    dataDir: checkOptionalString(options.dataDir, 'dataDir', owner),
    onProgress: options.onProgress,
    shuffle: checkBoolean(options.shuffle, 'shuffle', owner) ?? true,
    dropLast: checkBoolean(options.dropLast, 'dropLast', owner) ?? false,
  };
}

/** Some samples of a shared buffer. */
export interface Pool {
  /** Samples back to back (may hold samples of other pools too). */
  x: Float32Array | Uint8Array;
  /** Class index of every sample in x. */
  labels: ArrayLike<number>;
  /** The samples of x in this pool, in the order a limit takes them. */
  indices: Uint32Array;
}

/** A data set as loaded from disk: the pool to train on and the test pool. */
export interface Pools {
  /** Split into training and validation. */
  train: Pool;
  /** Served whole (up to limit), in order. */
  test: Pool;
  /** Shape of one sample. */
  sampleShape: number[];
  /** Number of classes. */
  numClasses: number;
  /** Maps stored values to model inputs. */
  normalize: Normalization;
}

/** Builds the [train, validation, test] loaders of a data set called `name`. */
export function makeLoaders(pools: Pools, args: ParsedLoadArgs, name: string): [Loader, Loader, Loader] {
  const split = splitIndices(pools.train.indices, {
    validationSplit: args.validationSplit,
    limit: args.limit,
    seed: args.seed ?? 0,
    owner: `${name}.loadData`,
  });
  const testIndices = pools.test.indices.subarray(0, Math.min(args.limit ?? Infinity, pools.test.indices.length));
  if (testIndices.length === 0) {
    throw new DatasetError(`${name}: the test set is empty. Delete the data set folder so that it is downloaded again.`);
  }
  const common = { sampleShape: pools.sampleShape, numClasses: pools.numClasses, normalize: pools.normalize };
  return [
    new ArrayLoader(
      { ...common, x: pools.train.x, labels: pools.train.labels, indices: split.train },
      { batchSize: args.batchSize, shuffle: args.shuffle, seed: args.seed, dropLast: args.dropLast, name: `${name} (train)` },
    ),
    new ArrayLoader(
      { ...common, x: pools.train.x, labels: pools.train.labels, indices: split.validation },
      { batchSize: args.batchSize, shuffle: false, allowEmpty: true, name: `${name} (validation)` },
    ),
    new ArrayLoader(
      { ...common, x: pools.test.x, labels: pools.test.labels, indices: testIndices },
      { batchSize: args.batchSize, shuffle: false, name: `${name} (test)` },
    ),
  ];
}
