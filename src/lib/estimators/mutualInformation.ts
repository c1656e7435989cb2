/**
 * The shared part of the mutual-information estimators (binning, KDE): both
 * reduce to a matrix of log-affinities log w_ij between the samples of a
 * layer T (w_ij = [same bin pattern] for binning, the Gaussian kernel for
 * KDE; w_ii = 1), from which, with m_y the size of sample i's class y_i,
 *
 *   H(T)   = −(1/m) Σ_i log((1/m)   Σ_j w_ij)
 *   H(T|Y) = −(1/m) Σ_i log((1/m_y) Σ_{j: y_j = y_i} w_ij)
 *   I(T;Y) = H(T) − H(T|Y),  I(T;X) = H(T)  (the samples of X are distinct,
 *            so H(T|X) = 0 for binning and is the cancelling noise entropy for KDE)
 *
 * all in bits. Each log-sum is a logSumExp over a row (masked entries −∞), so
 * nothing underflows; row i always holds w_ii = 1.
 */
import { tf } from '../tf';
import { Estimator, type DynamicsSegment } from './estimator';
import { finiteFlag, oneOrNaN, checkedCriterion, validatePair, validateSegment } from './guards';
import { sameClass, sameRow } from './groups';

/** Key of the target's class-equality matrix in `segment.memo`, shared by all MI estimators of a batch. */
export const CLASS_MEMO_KEY = 'MI/target/same-argmax';

export abstract class MutualInformationEstimator extends Estimator {
  override get xLabel(): string {
    return 'I(T; X)';
  }

  override get yLabel(): string {
    return 'I(T; Y)';
  }

  /** log w_ij for the layer's activations t [m, d]: an [m, m] matrix with 0 on the diagonal. */
  protected abstract logAffinity(t: tf.Tensor2D): tf.Tensor2D;

  /**
   * I(T; Y) in bits, where samples i and j share a value of Y when their
   * rows of y are equal (see sameRow): for one-hot labels that is the class,
   * for distinct inputs X it gives I(T; X) = H(T). Reads back one
   * finiteness flag pair and throws EstimatorError on NaN or ±Infinity.
   */
  criterion(t: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    validatePair(t, y, this.name);
    const { value, flags } = tf.tidy(() => ({
      value: tf.reshape(tf.slice(this.coordinates(t, sameRow(y)), [1], [1]), []) as tf.Scalar,
      flags: tf.stack([finiteFlag(t), finiteFlag(y)]) as tf.Tensor1D,
    }));
    return checkedCriterion(value, flags, ['t (the first argument)', 'y'], this.name);
  }

  /**
   * Row l = [I(T_l; X), I(T_l; Y)] = [H(T_l), H(T_l) − H(T_l|Y)], with the
   * class of a sample the argmax of its target row (so predictions work as
   * well as one-hot labels). The class matrix is shared through the memo.
   * Non-finite operands turn their row/column into NaN; nothing is read back.
   */
  override evalDynamicsSegment(segment: DynamicsSegment): tf.Tensor2D {
    validateSegment(segment, this.name);
    return tf.tidy(() => {
      if (segment.hidden.length === 0) return tf.zeros([0, 2]) as tf.Tensor2D;
      let classes = segment.memo.get(CLASS_MEMO_KEY) as tf.Tensor2D | undefined;
      if (!classes) {
        classes = tf.keep(sameClass(segment.target));
        segment.memo.set(CLASS_MEMO_KEY, classes);
      }
      const same = classes;
      const rows = segment.hidden.map((h) => tf.mul(this.coordinates(h, same), oneOrNaN(finiteFlag(h))));
      const colOk = tf.stack([oneOrNaN(finiteFlag(segment.input)), oneOrNaN(finiteFlag(segment.target))]);
      return tf.mul(tf.stack(rows), colOk) as tf.Tensor2D;
    });
  }

  /** [H(T), I(T;Y)] in bits, given the m×m boolean same-group matrix. */
  private coordinates(t: tf.Tensor2D, sameGroup: tf.Tensor2D): tf.Tensor1D {
    const m = t.shape[0];
    const logW = this.logAffinity(t);
    const lseAll = tf.logSumExp(logW, 1);
    const lseGroup = tf.logSumExp(tf.where(sameGroup, logW, tf.fill(logW.shape, -Infinity)), 1);
    const logGroupSize = tf.log(tf.sum(tf.cast(sameGroup, 'float32'), 1));
    const entropy = tf.sub(Math.log(m), tf.mean(lseAll));
    const information = tf.mean(tf.add(tf.sub(lseGroup, lseAll), tf.sub(Math.log(m), logGroupSize)));
    return tf.div(tf.stack([entropy, information]), Math.LN2) as tf.Tensor1D;
  }
}
