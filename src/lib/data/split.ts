/**
 * Train/validation splitting shared by fromArrays and the data sets, so every
 * entry point splits the same way: a seeded permutation, validation first.
 */
import { ConfigError } from '../errors';
import { mulberry32, shuffleInPlace } from './random';

/** How to cut a pool of samples into training and validation parts. */
export interface SplitArgs {
  /** Fraction of the (limited) pool held out for validation, in [0, 1). */
  validationSplit: number;
  /** Use at most this many samples of the pool (default: all). */
  limit?: number;
  /** Seeds the permutation that picks the samples; the same seed gives the same split. */
  seed: number;
  /** Names the caller in error messages. */
  owner: string;
}

/** Indices of the training and validation samples, each in ascending order. */
export interface Split {
  /** Samples to train on. */
  train: Uint32Array;
  /** Samples held out for validation (may be empty). */
  validation: Uint32Array;
}

/** Picks min(limit, pool size) samples of `pool` at random and splits them. */
export function splitIndices(pool: Uint32Array, args: SplitArgs): Split {
  const picked = shuffleInPlace(Uint32Array.from(pool), mulberry32(args.seed)).subarray(0, Math.min(args.limit ?? pool.length, pool.length));
  const validationCount = Math.round(picked.length * args.validationSplit);
  if (picked.length - validationCount < 1) {
    throw new ConfigError(
      `${args.owner}: validationSplit ${args.validationSplit} of ${picked.length} samples leaves no training samples. ` +
        'Lower validationSplit or raise limit.',
    );
  }
  // Ascending order keeps unshuffled loaders (validation) in the data set's own order.
  return {
    validation: Uint32Array.from(picked.subarray(0, validationCount)).sort(),
    train: Uint32Array.from(picked.subarray(validationCount)).sort(),
  };
}
