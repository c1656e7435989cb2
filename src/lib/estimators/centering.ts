/**
 * The centered forms of a kernel matrix that the HSIC normalizations need.
 * Each HSIC value is then Σ_ij A_ij B_ij of two such forms, divided by a
 * constant, so a form can be computed once per batch and shared.
 */
import { tf } from '../tf';

/**
 * HKH with H = I − 11ᵀ/m, without forming H:
 * (HKH)_ij = K_ij − (row mean)_i − (column mean)_j + (grand mean).
 * Since H is idempotent, tr(KHLH) = Σ_ij (HKH)_ij (HLH)_ij.
 */
export function doubleCenter(k: tf.Tensor2D): tf.Tensor2D {
  const rowMean = tf.mean(k, 1, true);
  const colMean = tf.mean(k, 0, true);
  return tf.add(tf.sub(tf.sub(k, rowMean), colMean), tf.mean(rowMean)) as tf.Tensor2D;
}

/**
 * The U-centered K̃ (Székely & Rizzo 2014), with K̃ = K with a zeroed
 * diagonal, r = K̃1, S = 1ᵀK̃1:
 *   Ǩ_ij = K̃_ij − r_i/(m−2) − r_j/(m−2) + S/((m−1)(m−2)) for i ≠ j, Ǩ_ii = 0.
 * Then Σ_ij Ǩ_ij Ľ_ij / (m(m−3)) equals Song et al.'s unbiased HSIC exactly
 * (expand the sum), but sums centered, small terms instead of subtracting
 * three large ones, which in float32 can cancel to noise. Needs m ≥ 4.
 */
export function uCenter(k: tf.Tensor2D): tf.Tensor2D {
  const m = k.shape[0];
  const offDiagonal = tf.sub(1, tf.eye(m));
  const kt = tf.mul(k, offDiagonal);
  const r = tf.div(tf.sum(kt, 1, true), m - 2);
  const c = tf.div(tf.sum(kt, 0, true), m - 2);
  const s = tf.div(tf.sum(kt), (m - 1) * (m - 2));
  return tf.mul(tf.add(tf.sub(tf.sub(kt, r), c), s), offDiagonal) as tf.Tensor2D;
}

/**
 * HKH / ‖HKH‖_F, so that Σ_ij of two such forms is CKA
 * = HSIC_b(K,L) / √(HSIC_b(K,K) · HSIC_b(L,L)) (the (m−1)² cancel, and
 * HSIC_b(K,K) = ‖HKH‖²_F/(m−1)²).
 *
 * A kernel with ‖HKH‖_F = 0 (a constant representation, e.g. a layer of
 * dead ReLUs, or a batch with a single class) carries no information about
 * anything, and CKA's 0/0 is then defined as 0: the form is the zero matrix,
 * so the CKA is 0 rather than NaN.
 */
export function ckaNormalize(k: tf.Tensor2D): tf.Tensor2D {
  const hkh = doubleCenter(k);
  const norm = tf.sqrt(tf.sum(tf.square(hkh)));
  const scale = tf.where(tf.greater(norm, 0), tf.div(1, norm), tf.zerosLike(norm));
  return tf.mul(hkh, scale) as tf.Tensor2D;
}
