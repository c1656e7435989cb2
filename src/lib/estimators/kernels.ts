/**
 * Gram matrices, pairwise squared distances and kernel matrices of a batch
 * [m, d], all through one m×m matrix product: never the m×m×d difference
 * tensor PyGlow builds (~200 MB for a 64-sample batch of a 12,544-wide layer).
 */
import { tf } from '../tf';
import { medianPairwiseDistance } from './median';

/** The kernels HSIC can use. */
export type KernelName = 'gaussian' | 'linear';

/** A Gaussian bandwidth: a fixed σ, or 'median' (the batch's median pairwise distance). */
export type SigmaRule = number | 'median';

/**
 * Subtracts each column's batch mean. Distances do not change, but the norms
 * shrink, so ‖xᵢ‖² + ‖xⱼ‖² − 2xᵢ·xⱼ cancels less in float32 (ReLU outputs,
 * all positive, would otherwise lose digits). The means come from a [1, m]
 * row of 1/m times X: on wasm that plain product is ~20× faster than
 * `mean(x, 0)`, which transposes X first. (Any shift leaves the distances
 * unchanged, so rounding in the means costs nothing.)
 */
export function centerColumns(x: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(x, tf.matMul(tf.fill([1, x.shape[0]], 1 / x.shape[0]), x));
}

/**
 * G = X Xᵀ. Written as a plain product with an explicit transpose because the
 * wasm backend sends only plain products to XNNPACK; `matMul(x, x, false,
 * true)` takes a ~6× slower path there.
 */
export function gram(x: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(x, tf.transpose(x));
}

/** The diagonal of a square matrix as a column [m, 1]. */
export function diagonalColumn(g: tf.Tensor2D): tf.Tensor2D {
  return tf.sum(tf.mul(g, tf.eye(g.shape[0])), 1, true);
}

/**
 * D_ij = ‖xᵢ − xⱼ‖² from G = X Xᵀ as (G_ii − G_ij) + (G_jj − G_ij), clipped
 * at 0. Taking the norms from G's own diagonal makes D_ii exactly 0, and
 * this order of operations keeps D exact when X holds small integers (see
 * binning.ts).
 */
export function squaredDistancesFromGram(g: tf.Tensor2D): tf.Tensor2D {
  const n = diagonalColumn(g);
  return tf.relu(tf.add(tf.sub(n, g), tf.sub(tf.transpose(n), g))) as tf.Tensor2D;
}

/** A kernel matrix and whether the data it came from was all finite. */
export interface KernelResult {
  /** The m×m kernel matrix. */
  k: tf.Tensor2D;
  /** Bool scalar: every squared row norm is finite, i.e. x holds no NaN/±Infinity (and no values whose squares overflow). */
  finite: tf.Scalar;
}

/**
 * The kernel matrix of x [m, d]:
 * - gaussian: K_ij = exp(−‖xᵢ − xⱼ‖² / (2σ²)), σ fixed or the median
 *   pairwise distance of x in this batch (median.ts);
 * - linear: K = X Xᵀ of the column-centered X. Centering adds −aᵢ − aⱼ + c
 *   to K, which both HKH and the U-centering used by the unbiased estimator
 *   remove exactly, so every HSIC normalization is unchanged, while float32
 *   loses fewer digits.
 * The finiteness flag comes from the row norms, which are computed anyway:
 * one NaN or Infinity anywhere in x makes its column mean, hence every
 * centered row norm, non-finite.
 */
export function kernelMatrix(x: tf.Tensor2D, kernel: KernelName, sigma: SigmaRule): KernelResult {
  const g = gram(centerColumns(x));
  const finite = tf.all(tf.isFinite(diagonalColumn(g))) as tf.Scalar;
  if (kernel === 'linear') return { k: g, finite };
  const d2 = squaredDistancesFromGram(g);
  const s = sigma === 'median' ? medianPairwiseDistance(d2) : tf.scalar(sigma);
  return { k: tf.exp(tf.div(d2, tf.mul(-2, tf.square(s)))) as tf.Tensor2D, finite };
}
