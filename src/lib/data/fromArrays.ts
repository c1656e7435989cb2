/**
 * Loaders over data the caller already holds in memory, Keras-style:
 * `const [train, val] = fromArrays(x, y, { batchSize: 32, validationSplit: 0.1 })`.
 */
import { ConfigError } from '../errors';
import { checkPositiveInteger, checkSeed, checkValidationSplit } from './args';
import { checkKnownKeys } from '../options';
import { flattenLabels, flattenSamples, type LabelsInput, type SamplesInput } from './arrayInputs';
import { ArrayLoader } from './loader';
import { range } from './random';
import { splitIndices } from './split';

/** Options of fromArrays. */
export interface FromArraysArgs {
  /** Samples per batch, a positive integer. */
  batchSize: number;
  /** Fraction of samples held out for validation, in [0, 1) (default 0: an empty validation loader). */
  validationSplit?: number;
  /** Reshuffle the training samples every epoch (default true; validation is never shuffled). */
  shuffle?: boolean;
  /** Makes the split and the shuffles reproducible (the split uses seed ?? 0, so it is stable by default). */
  seed?: number;
  /** Skip the last, smaller training batch (default false). */
  dropLast?: boolean;
  /** Shape of one sample when x is a bare Float32Array (default: [x.length / number of labels]). */
  sampleShape?: number[];
  /** Number of classes (default: the one-hot width, or the largest integer label + 1, at least 2). */
  numClasses?: number;
}

const KEYS = ['batchSize', 'validationSplit', 'shuffle', 'seed', 'dropLast', 'sampleShape', 'numClasses'] as const;
const OWNER = 'fromArrays';

/**
 * Splits (x, y) into a training and a validation loader. The inputs are
 * copied or read, never disposed: the caller still owns x and y.
 */
export function fromArrays(x: SamplesInput, y: LabelsInput, options: FromArraysArgs): [ArrayLoader, ArrayLoader] {
  const args: Partial<FromArraysArgs> = options ?? {};
  checkKnownKeys(args, KEYS, OWNER);
  const batchSize = checkPositiveInteger(args.batchSize, 'batchSize', OWNER);
  const validationSplit = checkValidationSplit(args.validationSplit, OWNER);
  const seed = checkSeed(args.seed, OWNER);

  if (args.sampleShape !== undefined && (!Array.isArray(args.sampleShape) || !args.sampleShape.every((d) => Number.isSafeInteger(d) && d > 0))) {
    throw new ConfigError(`fromArrays: sampleShape must be a list of positive integers such as [1, 28, 28], got ${String(args.sampleShape)}.`);
  }
  const { labels, oneHotWidth } = flattenLabels(y);
  const samples = flattenSamples(x, labels.length, args.sampleShape);
  if (labels.length !== samples.count) {
    throw new ConfigError(
      `fromArrays: x has ${samples.count} samples but y has ${labels.length} labels. Pass exactly one label per sample.`,
    );
  }
  const numClasses = resolveNumClasses(args.numClasses, oneHotWidth, labels);

  const split = splitIndices(range(samples.count), { validationSplit, seed: seed ?? 0, owner: OWNER });
  const data = { x: samples.values, labels, sampleShape: samples.sampleShape, numClasses };
  const train = new ArrayLoader(
    { ...data, indices: split.train },
    { batchSize, shuffle: args.shuffle ?? true, seed, dropLast: args.dropLast ?? false, name: 'fromArrays (train)' },
  );
  const validation = new ArrayLoader(
    { ...data, indices: split.validation },
    { batchSize, shuffle: false, allowEmpty: true, name: 'fromArrays (validation)' },
  );
  return [train, validation];
}

function resolveNumClasses(option: number | undefined, oneHotWidth: number | undefined, labels: Int32Array): number {
  if (option !== undefined) {
    checkPositiveInteger(option, 'numClasses', OWNER);
    if (oneHotWidth !== undefined && option !== oneHotWidth) {
      throw new ConfigError(`fromArrays: numClasses is ${option} but the one-hot labels have ${oneHotWidth} columns. Drop numClasses or fix y.`);
    }
    return option;
  }
  if (oneHotWidth !== undefined) return oneHotWidth;
  let max = 0;
  for (const label of labels) max = Math.max(max, label);
  // Binary problems still get two one-hot columns when one class happens to be absent.
  return Math.max(max + 1, 2);
}
