/**
 * Mutual information by a kernel density upper bound (Kolchinsky & Tracey
 * 2017; as used by Saxe et al. 2018).
 */
import { quote } from '../options';
import { tf } from '../tf';
import { ConfigError } from '../errors';
import type { EstimatorParams } from './estimator';
import { checkKnownKeys } from '../options';
import { centerColumns, gram, squaredDistancesFromGram } from './kernels';
import { MutualInformationEstimator } from './mutualInformation';

export interface KDEMIArgs {
  /** Variance σ² of the Gaussian noise added to the activations (default 0.1, as Saxe et al.); a positive number. */
  noiseVariance?: number;
}

/**
 * The layer T is modelled as T + N(0, σ²I) around each sample, a mixture of
 * m Gaussians. With D_ij = ‖tᵢ − tⱼ‖², the pairwise-distance upper bound on
 * its entropy is
 *   H_upper(T) = −(1/m) Σ_i log((1/m) Σ_j exp(−D_ij / (2σ²)))  (+ d/2·log(2πeσ²)),
 * and the bracketed noise entropy is H(T|X), which cancels:
 *   I(T; X) = H_upper(T) − H(T|X) = the sum above,
 *   I(T; Y) = H_upper(T) − Σ_y p(y) H_upper(T | Y = y), the same bound
 *             within each class.
 * In bits. D comes from one matrix product of the column-centered activations.
 */
export class KDEMI extends MutualInformationEstimator {
  readonly name = 'KDEMI';
  readonly noiseVariance: number;

  constructor(args: KDEMIArgs = {}) {
    super();
    const { noiseVariance = 0.1 } = checkKnownKeys(args, ['noiseVariance'], 'KDEMI') as KDEMIArgs;
    if (typeof noiseVariance !== 'number' || !Number.isFinite(noiseVariance) || noiseVariance <= 0) {
      throw new ConfigError(`KDEMI noiseVariance must be a positive number, got ${quote(noiseVariance)}.`);
    }
    this.noiseVariance = noiseVariance;
  }

  override get params(): EstimatorParams {
    return { noiseVariance: this.noiseVariance };
  }

  override describe(): string {
    return `Mutual information · KDE upper bound, noise variance σ² = ${this.noiseVariance} · bits`;
  }

  /** −D_ij / (2σ²). */
  protected logAffinity(t: tf.Tensor2D): tf.Tensor2D {
    return tf.mul(squaredDistancesFromGram(gram(centerColumns(t))), -1 / (2 * this.noiseVariance)) as tf.Tensor2D;
  }
}
