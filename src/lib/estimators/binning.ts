/**
 * Mutual information by binning (Shwartz-Ziv & Tishby 2017), on the device
 * and without hashing activation patterns.
 */
import { quote } from '../options';
import { tf } from '../tf';
import { ConfigError } from '../errors';
import type { EstimatorParams } from './estimator';
import { checkKnownKeys } from '../options';
import { gram, squaredDistancesFromGram } from './kernels';
import { MutualInformationEstimator } from './mutualInformation';

export interface BinningMIArgs {
  /** Number of equal-width bins over each layer's activation range in the batch (default 30), an integer in 2..4096. */
  bins?: number;
}

/** Largest power of two below which float32 holds every integer exactly, halved (see samePattern). */
const EXACT_HALF = 2 ** 23;

/**
 * I(T; X) = H(T) and I(T; Y) = H(T) − H(T|Y), in bits, of a layer's binned
 * activation patterns: each activation falls into one of `bins` equal-width
 * bins spanning the layer's actual min..max in this batch (not a fixed
 * [−1, 1], which would put every ReLU activation above 1 into one bin), and
 * with c_i = #{j : pattern_j = pattern_i} and c_i^y the same count within
 * sample i's class of size m_y,
 *   H(T) = −(1/m) Σ_i log2(c_i/m),  H(T|Y) = −(1/m) Σ_i log2(c_i^y/m_y).
 * The samples of X count as distinct, so H(T|X) = 0.
 */
export class BinningMI extends MutualInformationEstimator {
  readonly name = 'BinningMI';
  readonly bins: number;

  constructor(args: BinningMIArgs = {}) {
    super();
    const { bins = 30 } = checkKnownKeys(args, ['bins'], 'BinningMI') as BinningMIArgs;
    if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 2 || bins > 4096) {
      throw new ConfigError(`BinningMI bins must be an integer from 2 to 4096, got ${quote(bins)}.`);
    }
    this.bins = bins;
  }

  override get params(): EstimatorParams {
    return { bins: this.bins };
  }

  override describe(): string {
    return `Mutual information · binning, ${this.bins} equal-width bins over each layer's range in the batch · bits`;
  }

  /** 0 where two samples share a bin pattern, −∞ elsewhere. */
  protected logAffinity(t: tf.Tensor2D): tf.Tensor2D {
    const same = samePattern(binIndices(t, this.bins), Math.floor(this.bins / 2));
    return tf.where(same, tf.zeros(same.shape), tf.fill(same.shape, -Infinity)) as tf.Tensor2D;
  }
}

/**
 * Bin index of every activation, floor((t − min)/(max − min) · bins) clipped
 * to bins − 1 (the maximum itself), shifted by −⌊bins/2⌋ so the indices are
 * small signed integers, |b| ≤ ⌊bins/2⌋. A constant layer falls into one bin.
 */
export function binIndices(t: tf.Tensor2D, bins: number): tf.Tensor2D {
  const lo = tf.min(t);
  const range = tf.sub(tf.max(t), lo);
  const scale = tf.where(tf.greater(range, 0), tf.div(bins, range), tf.zerosLike(range));
  const index = tf.minimum(tf.floor(tf.mul(tf.sub(t, lo), scale)), bins - 1);
  return tf.sub(index, Math.floor(bins / 2)) as tf.Tensor2D;
}

/**
 * [m, m] bool: rows i and j of the integer matrix b are equal, i.e. their
 * squared distance (G_ii − G_ij) + (G_jj − G_ij) is 0, with G = b bᵀ.
 *
 * Exact, not approximately: float32 holds every integer up to 2^24, so a
 * product over w columns with |b| ≤ M is exact while 2·w·M² ≤ 2^24 (G_ii,
 * G_ij and their difference are then exact integers). Wider layers are
 * split into column chunks of that width; each chunk's distance is an exact
 * integer ≥ 0, and a sum of non-negative floats is 0 only if every term
 * is, so "sum == 0" is still exact. For 30 bins (M = 15) a chunk spans
 * 37,282 columns, so typical layers take one product.
 */
export function samePattern(b: tf.Tensor2D, maxAbs: number): tf.Tensor2D {
  const [m, d] = b.shape;
  const width = Math.max(1, Math.floor(EXACT_HALF / Math.max(1, maxAbs * maxAbs)));
  let distance: tf.Tensor2D | undefined;
  for (let start = 0; start < d; start += width) {
    const chunk = d <= width ? b : tf.slice(b, [0, start], [m, Math.min(width, d - start)]);
    const part = squaredDistancesFromGram(gram(chunk));
    distance = distance ? (tf.add(distance, part) as tf.Tensor2D) : part;
  }
  return tf.equal(distance ?? tf.zeros([m, m]), 0) as tf.Tensor2D;
}
