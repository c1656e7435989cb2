import { tf } from '../tf';

/**
 * Linear CKA (centred kernel alignment, Kornblith et al. 2019) between every
 * pair of L layer representations of one batch of m samples:
 *
 *   K_l = H_l H_lᵀ, Kc_l = C K_l C (C = I − 11ᵀ/m),
 *   CKA(i, j) = ⟨Kc_i, Kc_j⟩_F / (‖Kc_i‖_F ‖Kc_j‖_F).
 *
 * Split in two: `ckaInnerProducts` on the device (one [L, m²]·[m², L] matmul
 * gives every ⟨Kc_i, Kc_j⟩), `ckaFromInnerProducts` on the host in float64
 * after the asynchronous read-back.
 */

/**
 * On the device: [L·L] inner products ⟨Kc_i, Kc_j⟩ (row-major), then [L]
 * ranges (max − min of each layer), in one flat tensor. Call inside tf.tidy.
 *
 * float32 care, where it matters:
 * - C K C is computed as (C H)(C H)ᵀ: centring the columns of H before the
 *   Gram is the same matrix, and avoids subtracting Gram entries that are
 *   large and nearly equal (a positive layer's K is dominated by its mean).
 * - Each centred H is divided by its largest |entry| first. CKA does not
 *   change under isotropic scaling, and the fourth power of the activations
 *   in ⟨Kc_i, Kc_j⟩ would otherwise overflow float32 (max ≈ 3.4e38) for
 *   large activations or underflow for tiny ones.
 * - The range tells a constant layer exactly: max − min of identical floats
 *   is 0, whereas its centred values are only ≈ 0 after float32 rounding of
 *   the mean (then ‖Kc‖ is rounding noise, not a representation).
 */
export function ckaInnerProducts(hidden: readonly tf.Tensor[]): tf.Tensor1D {
  const m = hidden[0].shape[0];
  const grams = hidden.map((raw) => {
    const h = tf.reshape(raw, [m, -1]) as tf.Tensor2D;
    const centred = tf.sub(h, tf.mean(h, 0, true));
    const largest = tf.max(tf.abs(centred));
    // A constant layer has largest ≈ 0: divide by 1 there (its CKA is null anyway, decided by its range).
    const scaled = tf.div(centred, tf.where(tf.greater(largest, 0), largest, tf.onesLike(largest)));
    return tf.reshape(tf.matMul(scaled, scaled, false, true), [m * m]);
  });
  const flat = tf.stack(grams) as tf.Tensor2D; // [L, m²]
  const inner = tf.matMul(flat, flat, false, true); // [L, L]
  const ranges = tf.stack(hidden.map((h) => tf.sub(tf.max(h), tf.min(h))));
  return tf.concat([tf.reshape(inner, [-1]), ranges]) as tf.Tensor1D;
}

/**
 * On the host, from `ckaInnerProducts`'s read-back: the L×L CKA matrix,
 * symmetric, row-major by layer.
 *
 * - The diagonal is 1 by construction (a representation is perfectly aligned
 *   with itself): written as 1, not as the float quotient G_ii / √(G_ii G_ii),
 *   which float rounding puts a few ulps off 1 and would make "self" look
 *   like "almost self" in a table or a colour scale.
 * - A constant layer (range 0, so Kc = 0 and ‖Kc‖ = 0) has no CKA with any
 *   layer, itself included: 0/0 is undefined. It gives null there, not NaN
 *   (which JSON cannot hold) nor 0 (which would read as "unrelated").
 * - Off the diagonal the quotient is computed in float64 from the float32
 *   inner products and clamped to [0, 1]: ⟨Kc_i, Kc_j⟩ = ‖(CH_i)ᵀ(CH_j)‖²_F
 *   ≥ 0 and Cauchy–Schwarz bounds it by 1, so anything outside is rounding.
 */
export function ckaFromInnerProducts(values: ArrayLike<number>, layers: number): (number | null)[][] {
  if (values.length !== layers * layers + layers) {
    throw new RangeError(`ckaFromInnerProducts: expected ${layers * layers + layers} values (L×L inner products, then L ranges, L = ${layers}), got ${values.length}.`);
  }
  const inner = (i: number, j: number) => values[i * layers + j];
  const constant = (l: number) => !(values[layers * layers + l] > 0) || !(inner(l, l) > 0);
  const matrix: (number | null)[][] = [];
  for (let i = 0; i < layers; i++) {
    const row: (number | null)[] = [];
    for (let j = 0; j < layers; j++) {
      if (constant(i) || constant(j)) row.push(null);
      else if (i === j) row.push(1);
      else {
        // The mean of the two float32 products symmetrises the matmul's rounding.
        const g = (inner(i, j) + inner(j, i)) / 2;
        row.push(Math.min(1, Math.max(0, g / Math.sqrt(inner(i, i) * inner(j, j)))));
      }
    }
    matrix.push(row);
  }
  return matrix;
}

/** Both halves for callers that hold the representations: an L×L CKA matrix, read back asynchronously. */
export async function linearCka(hidden: readonly tf.Tensor[]): Promise<(number | null)[][]> {
  const t = tf.tidy(() => ckaInnerProducts(hidden));
  try {
    return ckaFromInnerProducts(await t.data(), hidden.length);
  } finally {
    t.dispose();
  }
}
