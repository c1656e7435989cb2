import { tf } from '../tf';
import { ShapeError } from '../errors';
import { Layer, type LayerOutput } from './layer';
import { formatShape } from './shapes';

/** The mean and standard deviation of the code's diagonal Gaussian, each [b, dim]. */
export interface CodeStatistics {
  mean: tf.Tensor2D;
  std: tf.Tensor2D;
}

/**
 * A VIB's stochastic code: the encoder's 2·dim outputs are the mean μ and a
 * raw scale s of a diagonal Gaussian; σ = softplus(s − 5), as in Alemi et al.
 * (2017): positive without a constraint, and small at initialisation so early
 * training is not drowned in noise (PyGlow used the raw outputs as variances,
 * which can be negative). In training mode the layer outputs one
 * reparameterised sample z = μ + σ·ε, ε ~ N(0, I); in evaluation mode, μ.
 */
export class GaussianCode extends Layer {
  constructor(readonly dim: number) {
    super('GaussianCode', { name: 'code' });
  }

  statistics(h: tf.Tensor): CodeStatistics {
    return tf.tidy(() => {
      const mean = tf.slice(h, [0, 0], [-1, this.dim]) as tf.Tensor2D;
      // The 1e-6 floor keeps log σ in the KL finite where softplus underflows.
      const std = tf.add(tf.softplus(tf.sub(tf.slice(h, [0, this.dim], [-1, this.dim]), 5)), 1e-6) as tf.Tensor2D;
      return { mean, std };
    });
  }

  /** `samples` draws of z per input, stacked sample-major: [samples·b, dim]. */
  sample(stats: CodeStatistics, samples: number): tf.Tensor2D {
    return tf.tidy(() => {
      const [b, dim] = stats.mean.shape;
      const noise = tf.randomNormal([samples, b, dim]);
      return tf.reshape(tf.add(stats.mean, tf.mul(stats.std, noise)), [samples * b, dim]) as tf.Tensor2D;
    });
  }

  override call(x: tf.Tensor, training: boolean): LayerOutput {
    const stats = this.statistics(x);
    const output = training ? this.sample(stats, 1) : stats.mean;
    if (training) tf.dispose([stats.mean, stats.std]);
    else stats.std.dispose();
    return { output, preActivation: output };
  }

  protected checkInputShape(inputShape: number[]): void {
    if (inputShape.length !== 1 || inputShape[0] !== 2 * this.dim) {
      throw new ShapeError(
        `VIB: the encoder must end with ${2 * this.dim} outputs per sample (the mean and the scale of a ${this.dim}-dimensional code, hiddenDim = ${this.dim}), ` +
          `but it outputs ${formatShape(inputShape)}. End it with Flatten() if needed and Dense(${2 * this.dim}).`,
      );
    }
  }

  protected createTfLayers(): tf.layers.Layer[] {
    return [];
  }

  protected override ownOutputShape(): number[] {
    return [this.dim];
  }
}

/** KL(N(μ, diag σ²) ‖ N(0, I)) per sample, averaged over the batch: ½ Σ_k (μ² + σ² − 1 − 2 log σ), in closed form. */
export function klToStandardNormal(stats: CodeStatistics): tf.Scalar {
  return tf.tidy(() => {
    const { mean, std } = stats;
    const perDim = tf.sub(tf.add(tf.square(mean), tf.square(std)), tf.add(1, tf.mul(2, tf.log(std))));
    return tf.mean(tf.mul(0.5, tf.sum(perDim, 1)));
  });
}
