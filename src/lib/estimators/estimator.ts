/**
 * The base class of every dependence estimator (HSIC, mutual information, or
 * one a user writes in a notebook cell), PyGlow's `Estimator` in TypeScript.
 */
import { guardSnakeCase } from '../pyglowNames';
import { tf } from '../tf';
import { EstimatorError } from '../errors';
import { finiteFlag, oneOrNaN, validateSegment } from './guards';

/**
 * One batch, as the model hands it to every attached estimator. It is also
 * PyGlow's list: `segment[0]` is X, `segment[1..L]` the tracked layers,
 * `segment[segment.length - 1]` Y, so a PyGlow-style override
 * (`for (let i = 1; i < segment.length - 1; i++) ...`) works unchanged.
 */
export interface DynamicsSegment {
  /** PyGlow's list view: [X, H1, …, HL, Y] (present on every segment a model builds). */
  readonly [index: number]: tf.Tensor2D;
  /** L + 2 on every segment a model builds. */
  readonly length?: number;
  /** The batch input, flattened: [m, dx]. */
  input: tf.Tensor2D;
  /** Each tracked layer's representation, flattened: [m, dl]. */
  hidden: tf.Tensor2D[];
  /** The target: one-hot labels (or the network's predictions), [m, k]. */
  target: tf.Tensor2D;
  /** Per-batch memo shared by all evaluators of one batch (e.g. the centered kernel matrix of X under a given kernel+sigma), keyed by a string; the caller disposes its tensors after the batch. */
  memo: Map<string, tf.Tensor>;
}

/** A segment from its parts, readable as { input, hidden, target, memo } and as PyGlow's [X, H1, …, HL, Y]. */
export function makeSegment(input: tf.Tensor2D, hidden: tf.Tensor2D[], target: tf.Tensor2D, memo = new Map<string, tf.Tensor>()): DynamicsSegment {
  return Object.assign([input, ...hidden, target], { input, hidden, target, memo });
}

/**
 * What `evalDynamicsSegment` may return: an [L, 2] tensor, or PyGlow's list of
 * L pairs [criterion(H, X), criterion(H, Y)] of numbers or scalar tensors.
 */
export type SegmentCoordinates = tf.Tensor | (readonly (tf.Tensor | number)[])[];

/** An [L, 2] float32 tensor from either form; a clear error for anything else. Call inside tf.tidy. */
export function coordinatesTensor(value: SegmentCoordinates, layers: number, owner: string): tf.Tensor2D {
  const expected = `an [L, 2] tensor or a list of L = ${layers} pairs [criterion(h, x), criterion(h, y)] (one per tracked layer, X and Y excluded)`;
  if (value instanceof tf.Tensor) {
    if (value.size !== layers * 2) throw new EstimatorError(`${owner}.evalDynamicsSegment must return ${expected}, got a tensor of shape [${value.shape.join(', ')}].`);
    return tf.cast(tf.reshape(value, [layers, 2]), 'float32') as tf.Tensor2D;
  }
  if (!Array.isArray(value) || value.length !== layers || !value.every((pair) => Array.isArray(pair) && pair.length === 2)) {
    const got = Array.isArray(value) ? `a list of ${value.length} entries` : typeof value;
    throw new EstimatorError(`${owner}.evalDynamicsSegment must return ${expected}, got ${got}.`);
  }
  const scalar = (v: tf.Tensor | number) => (typeof v === 'number' ? tf.scalar(v) : tf.cast(tf.reshape(v, []), 'float32'));
  if (layers === 0) return tf.zeros([0, 2]) as tf.Tensor2D;
  return tf.stack(value.map((pair) => tf.stack([scalar(pair[0]), scalar(pair[1])]))) as tf.Tensor2D;
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
   * Returns an [L, 2] tensor (an override may also return PyGlow's list of L
   * pairs, see SegmentCoordinates; in TypeScript declare it `as any` or wrap
   * it in tf.tensor2d): row l = [criterion(hidden[l], input),
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

  /**
   * The level the coordinates would have if each layer were independent of X
   * and Y: an [L, 2] tensor, row l = [criterion(P·hidden[l], input),
   * criterion(P·hidden[l], target)] for a random permutation P of the batch's
   * rows; undefined when the estimator has no baseline (this default). Call
   * after evalDynamicsSegment on the same segment (an override may reuse
   * what that call left in `segment.memo`). Only the returned tensor survives.
   */
  evalBaselineSegment(_segment: DynamicsSegment): tf.Tensor2D | undefined {
    return undefined;
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

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(Estimator.prototype);
