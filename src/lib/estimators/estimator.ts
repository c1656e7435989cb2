/**
 * The base class of every dependence estimator (HSIC, mutual information, or
 * one a user writes in a notebook cell), PyGlow's `Estimator` in TypeScript.
 */
import { tf } from '../tf';
import { EstimatorError } from '../errors';
import { finiteFlag, oneOrNaN, validateSegment } from './guards';

/** One batch, as the model hands it to every attached estimator. */
export interface DynamicsSegment {
  /** The batch input, flattened: [m, dx]. */
  input: tf.Tensor2D;
  /** Each tracked layer's representation, flattened: [m, dl]. */
  hidden: tf.Tensor2D[];
  /** The target: one-hot labels (or the network's predictions), [m, k]. */
  target: tf.Tensor2D;
  /** Per-batch memo shared by all evaluators of one batch (e.g. the centered kernel matrix of X under a given kernel+sigma), keyed by a string; the caller disposes its tensors after the batch. */
  memo: Map<string, tf.Tensor>;
}

/** An estimator's settings, shown in captions and stored with saved dynamics. */
export type EstimatorParams = Record<string, string | number | boolean>;

/**
 * A dependence criterion between a layer's representation H and the input X
 * or the target Y. Subclass it with a `name` and a `criterion`; the default
 * `evalDynamicsSegment` then evaluates it for every tracked layer:
 *
 * ```ts
 * class MeanAbsCorrelation extends Estimator {
 *   name = 'mean |corr|';
 *   criterion(h: tf.Tensor2D, z: tf.Tensor2D) { return ...a tf.Scalar or a number...; }
 * }
 * ```
 */
export abstract class Estimator {
  /** Short name, used in axis labels, e.g. 'HSIC'. */
  abstract readonly name: string;

  /** The dependence of y on x for one batch: x [m, dx], y [m, dy], same m. */
  abstract criterion(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar | number;

  /** Settings that change the numbers (kernel, bandwidth rule, normalization, ...). */
  get params(): EstimatorParams {
    return {};
  }

  /** The smallest batch the estimator gives a number for; a model can skip smaller (e.g. last) batches. */
  get minBatchSize(): number {
    return 1;
  }

  /** Axis label of the first coordinate. */
  get xLabel(): string {
    return `${this.name}(H, X)`;
  }

  /** Axis label of the second coordinate. */
  get yLabel(): string {
    return `${this.name}(H, Y)`;
  }

  /**
   * Returns an [L, 2] tensor: row l = [criterion(hidden[l], input),
   * criterion(hidden[l], target)]. Overridable (the built-ins share work
   * across layers through `segment.memo`).
   *
   * This default calls `criterion` 2·L times (a number is wrapped in a
   * scalar) and folds a finiteness check of every operand into the result:
   * a non-finite input, target or layer turns its column or row into NaN,
   * which `assertFiniteDynamics` explains after the read-back. Nothing is
   * read back here, and only the returned tensor survives.
   */
  evalDynamicsSegment(segment: DynamicsSegment): tf.Tensor2D {
    validateSegment(segment, this.name);
    return tf.tidy(() => {
      if (segment.hidden.length === 0) return tf.zeros([0, 2]) as tf.Tensor2D;
      const rows = segment.hidden.map((h, l) =>
        tf.stack([
          this.scalarOf(this.criterion(h, segment.input), `layer ${l + 1} and the input`),
          this.scalarOf(this.criterion(h, segment.target), `layer ${l + 1} and the target`),
        ]),
      );
      const rowOk = tf.stack(segment.hidden.map((h) => oneOrNaN(finiteFlag(h)))).reshape([-1, 1]);
      const colOk = tf.stack([oneOrNaN(finiteFlag(segment.input)), oneOrNaN(finiteFlag(segment.target))]).reshape([1, 2]);
      return tf.mul(tf.mul(tf.stack(rows), rowOk), colOk) as tf.Tensor2D;
    });
  }

  /** One line for chart captions, e.g. "HSIC · gaussian kernel · σ = 5 · biased (tr(KHLH)/(m−1)²)". */
  describe(): string {
    const params = Object.entries(this.params).map(([key, value]) => `${key} = ${value}`);
    return [this.name, ...params].join(' · ');
  }

  /** A criterion's result as a float32 scalar; a clear error for anything else. */
  private scalarOf(value: tf.Scalar | number, which: string): tf.Scalar {
    if (typeof value === 'number') return tf.scalar(value);
    if (value instanceof tf.Tensor && value.size === 1) {
      return (value.dtype === 'float32' ? value : tf.cast(value, 'float32')).reshape([]) as tf.Scalar;
    }
    const got = value instanceof tf.Tensor ? `a tensor of shape [${value.shape.join(', ')}]` : typeof value;
    throw new EstimatorError(`${this.name}.criterion must return a number or a scalar tensor, got ${got} for ${which}.`);
  }
}
