/**
 * The median heuristic for the Gaussian bandwidth, on the device.
 */
import { tf } from '../tf';

/** Flat indices i·m + j of the upper triangle (i < j), cached per m as plain JS arrays (no tensors kept). */
const upperIndices = new Map<number, Int32Array>();

function upperTriangle(m: number): Int32Array {
  let idx = upperIndices.get(m);
  if (!idx) {
    idx = new Int32Array((m * (m - 1)) / 2);
    let p = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) idx[p++] = i * m + j;
    upperIndices.set(m, idx);
  }
  return idx;
}

/**
 * σ = median of the n = m(m−1)/2 pairwise distances ‖xᵢ − xⱼ‖, i < j, from
 * the squared-distance matrix d2 [m, m] (for even n, the mean of the two
 * middle values). The upper triangle is gathered and `tf.topk` with
 * k = ⌊n/2⌋ + 1 returns the largest half sorted, whose last one or two
 * entries are the middle of the list: no read-back, no full sort.
 *
 * Fallbacks, so that σ is never 0 (σ = 0 would give 0/0 = NaN in the kernel):
 * when more than half of the pairs coincide (e.g. dead ReLUs) the median is
 * 0 and σ is the mean pairwise distance instead; when all samples coincide
 * that is 0 too and σ = 1 (any σ gives the same all-ones kernel then).
 *
 * σ is treated as a constant by gradients (as the heuristic is meant), which
 * also keeps `tf.grad` working through HSIC: `topk` has no gradient.
 */
export function medianPairwiseDistance(d2: tf.Tensor2D): tf.Scalar {
  return stopGradient(d2, (sq) => {
    const m = sq.shape[0];
    const n = (m * (m - 1)) / 2;
    if (n === 0) return tf.scalar(1);
    const dist = tf.sqrt(tf.gather(tf.reshape(sq, [m * m]), tf.tensor1d(upperTriangle(m), 'int32')));
    const k = Math.floor(n / 2) + 1;
    const top = tf.topk(dist, k, true).values;
    const median = n % 2 === 1 ? top.slice([k - 1], [1]) : tf.mean(top.slice([k - 2], [2]), 0, true);
    const mean = tf.mean(dist, 0, true);
    const sigma = tf.where(tf.greater(median, 0), median, tf.where(tf.greater(mean, 0), mean, tf.onesLike(mean)));
    return tf.reshape(sigma, []) as tf.Scalar;
  });
}

/** f(x), with a zero gradient with respect to x (tfjs has no stopGradient op). */
function stopGradient(x: tf.Tensor2D, f: (x: tf.Tensor2D) => tf.Scalar): tf.Scalar {
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = inputs[0] as tf.Tensor2D;
    return { value: f(input), gradFunc: () => tf.zerosLike(input) };
  });
  return op(x) as tf.Scalar;
}
