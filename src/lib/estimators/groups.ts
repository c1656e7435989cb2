/**
 * Which samples of a batch share a value of Y: the m×m boolean matrix
 * E_ij = [sample i and sample j are in the same group], E_ii = true.
 */
import { tf } from '../tf';
import { centerColumns, gram, squaredDistancesFromGram, diagonalColumn } from './kernels';

/** Same class: equal argmax of the target rows (one-hot labels or predicted probabilities). */
export function sameClass(target: tf.Tensor2D): tf.Tensor2D {
  const label = tf.argMax(target, 1);
  return tf.equal(tf.reshape(label, [-1, 1]), tf.reshape(label, [1, -1])) as tf.Tensor2D;
}

/**
 * Same row: ‖yᵢ − yⱼ‖² ≤ 1e-5·(‖yᵢ‖² + ‖yⱼ‖²) after centering the columns.
 * The relative tolerance absorbs float32 rounding of the matrix-product
 * distances (identical rows can come out a few ulps apart); rows that
 * differ by more than ~0.3% of their norms count as distinct. One-hot rows
 * group by class, and distinct input rows make every group a single sample.
 */
export function sameRow(y: tf.Tensor2D): tf.Tensor2D {
  const g = gram(centerColumns(y));
  const n = diagonalColumn(g);
  const tolerance = tf.mul(1e-5, tf.add(n, tf.transpose(n)));
  return tf.lessEqual(squaredDistancesFromGram(g), tolerance) as tf.Tensor2D;
}
