/**
 * The Hilbert–Schmidt independence criterion (Gretton et al. 2005), with the
 * normalization chosen by name, and the X/Y kernels computed once per batch.
 */
import { checkKnownKeys, quote } from '../options';
import { tf } from '../tf';
import { ConfigError, EstimatorError } from '../errors';
import { Estimator, type DynamicsSegment, type EstimatorParams } from './estimator';
import { oneOrNaN, requireBatchSize, checkedCriterion, validatePair, validateSegment } from './guards';
import { kernelMatrix, type KernelName, type SigmaRule } from './kernels';
import { ckaNormalize, doubleCenter, uCenter } from './centering';
import { nextPermutation } from './permutation';

/**
 * How an HSIC value is scaled. K, L: the m×m kernel matrices of the two
 * operands; H = I − 11ᵀ/m.
 * - 'biased': tr(KHLH)/(m−1)², Gretton et al. (2005).
 * - 'unbiased': Song et al. (2012). With K̃, L̃ = K, L with zeroed diagonals,
 *   HSIC_u = [tr(K̃L̃) + (1ᵀK̃1)(1ᵀL̃1)/((m−1)(m−2)) − (2/(m−2)) 1ᵀK̃L̃1] / (m(m−3)).
 *   Needs m ≥ 4; can be slightly negative for independent variables.
 * - 'pyglow': tr(KHLH)/(m−1), the number PyGlow reports (its divisor is not
 *   Gretton's), for comparison with PyGlow runs.
 * - 'cka': HSIC_b(K,L)/√(HSIC_b(K,K)·HSIC_b(L,L)), in [0, 1] for PSD kernels;
 *   0 when either kernel has no variance (constant representation).
 */
export type HSICNormalization = 'biased' | 'unbiased' | 'pyglow' | 'cka';

export interface HSICArgs {
  /** Kernel of both operands: 'gaussian' (default) or 'linear' (K = XXᵀ). */
  kernel?: KernelName;
  /** Gaussian bandwidth σ > 0, or 'median' (default): each matrix's median pairwise distance in the batch. */
  sigma?: SigmaRule;
  /** 'biased' (default, tr(KHLH)/(m−1)²), 'unbiased' (Song et al. 2012), 'pyglow' (tr(KHLH)/(m−1)) or 'cka'. */
  normalization?: HSICNormalization;
  /** Ignored; accepted so PyGlow's HSIC(kernel, gpu, sigma) call runs unchanged (the backend is chosen once per process). */
  gpu?: boolean;
  /**
   * 'permutation' (default): also compute, per batch, HSIC with each layer's
   * rows shuffled (evalBaselineSegment), the level "independent of X and Y"
   * has, which charts draw as a dashed floor. It reuses the batch's kernel
   * matrices (two gathers and a product per layer): about 2 % of a tracked
   * step of the reference model (bench/baselineCost.ts). 'none' turns it off.
   */
  baseline?: HSICBaseline;
  /** Seed of the baseline's permutations (default 0): the same seed gives the same permutations, batch after batch. */
  seed?: number;
}

export type HSICBaseline = 'permutation' | 'none';
const BASELINES: readonly HSICBaseline[] = ['permutation', 'none'];

/** The smallest normal float32, 2^-126. */
const MIN_NORMAL_FLOAT32 = 1.1754943508222875e-38;

const KERNELS: readonly KernelName[] = ['gaussian', 'linear'];
const NORMALIZATIONS: readonly HSICNormalization[] = ['biased', 'unbiased', 'pyglow', 'cka'];

/** The centered form of a kernel matrix each normalization uses; HSIC = Σ A⊙B / divisor. */
type Form = 'double-centered' | 'u-centered' | 'cka-normalized';
const FORM: Record<HSICNormalization, Form> = {
  biased: 'double-centered',
  pyglow: 'double-centered',
  unbiased: 'u-centered',
  cka: 'cka-normalized',
};
const CAPTION: Record<HSICNormalization, string> = {
  biased: 'biased (tr(KHLH)/(m−1)²)',
  unbiased: 'unbiased (Song et al. 2012)',
  pyglow: "PyGlow's tr(KHLH)/(m−1)",
  cka: 'CKA (normalized HSIC)',
};

/**
 * The Hilbert-Schmidt independence criterion between a layer's activations
 * and the input (or the labels), from one batch's kernel matrices: how much
 * the layer depends on X (or Y). `new HSIC({ kernel, sigma, normalization })`.
 */
export class HSIC extends Estimator {
  readonly name = 'HSIC';
  readonly kernel: KernelName;
  readonly sigma: SigmaRule;
  readonly normalization: HSICNormalization;
  readonly baseline: HSICBaseline;
  readonly seed: number;
  /** Batches whose baseline was drawn so far: the permutation of batch k is drawn from (seed, k). */
  private baselineDraws = 0;

  constructor(args: HSICArgs = {}) {
    super();
    const options = checkKnownKeys(args, ['kernel', 'sigma', 'normalization', 'gpu', 'baseline', 'seed'], 'HSIC');
    const { kernel = 'gaussian', sigma, normalization = 'biased', baseline = 'permutation', seed = 0 } = options as HSICArgs;
    if (!BASELINES.includes(baseline)) {
      throw new ConfigError(`HSIC baseline ${quote(baseline)} is unknown. Use 'permutation' (the default) or 'none' for no baseline.`);
    }
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ConfigError(`HSIC seed must be a non-negative integer, got ${quote(seed)}.`);
    }
    if (!KERNELS.includes(kernel)) {
      throw new ConfigError(`HSIC kernel '${String(kernel)}' is unknown. Use 'gaussian' or 'linear'.`);
    }
    if (!NORMALIZATIONS.includes(normalization)) {
      throw new ConfigError(`HSIC normalization '${String(normalization)}' is unknown. Use one of: ${NORMALIZATIONS.join(', ')}.`);
    }
    if (sigma !== undefined && kernel === 'linear') {
      throw new ConfigError("HSIC sigma applies to the gaussian kernel only. Remove sigma, or use kernel: 'gaussian'.");
    }
    if (sigma !== undefined && sigma !== 'median' && !(typeof sigma === 'number' && Number.isFinite(sigma) && sigma > 0)) {
      throw new ConfigError(`HSIC sigma must be a positive number or 'median', got ${quote(sigma)}.`);
    }
    // K_ij = exp(−d²/(2σ²)) is computed in float32: once σ² < 2^-126 (σ below ~1.1e-19) the exponent's
    // divisor underflows, d²/0 gives −Infinity off the diagonal and 0/0 = NaN on it; and well before that,
    // every off-diagonal entry underflows to 0 (K = I), so HSIC no longer depends on the data at all.
    // Reject σ that small: the coordinates would be NaN or meaningless.
    if (typeof sigma === 'number' && sigma * sigma < MIN_NORMAL_FLOAT32) {
      throw new ConfigError(
        `HSIC sigma ${quote(sigma)} is so small that the Gaussian kernel underflows in float32 (σ² < 1.2e-38): every ` +
          "off-diagonal entry would be 0 and the coordinates NaN or independent of the data. Use a σ near the data's pairwise distances (e.g. 5 for MNIST-scale inputs) or sigma: 'median'.",
      );
    }
    this.kernel = kernel;
    this.sigma = sigma ?? 'median';
    this.normalization = normalization;
    this.baseline = baseline;
    this.seed = seed;
  }

  override get params(): EstimatorParams {
    return this.kernel === 'gaussian'
      ? { kernel: this.kernel, sigma: this.sigma, normalization: this.normalization }
      : { kernel: this.kernel, normalization: this.normalization };
  }
  // The baseline and its seed are left out of params on purpose: they do not change the coordinates.

  /** 4 for the unbiased estimator (its divisor m(m−3)), else 2 (m−1 > 0). */
  override get minBatchSize(): number {
    return this.normalization === 'unbiased' ? 4 : 2;
  }

  override describe(): string {
    const parts = [this.name, `${this.kernel} kernel`];
    if (this.kernel === 'gaussian') parts.push(this.sigma === 'median' ? 'σ = median pairwise distance' : `σ = ${this.sigma}`);
    parts.push(CAPTION[this.normalization]);
    return parts.join(' · ');
  }

  /**
   * HSIC of one pair. Reads back one finiteness flag pair, so NaN or
   * ±Infinity in x or y throws EstimatorError instead of returning NaN.
   */
  criterion(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const m = validatePair(x, y, this.name);
    this.requireBatch(m);
    const { value, flags } = tf.tidy(() => {
      const kx = this.prepare(x, false);
      const ky = this.prepare(y, false);
      return { value: this.combine(kx.form, ky.form, m), flags: tf.stack([kx.finite, ky.finite]) as tf.Tensor1D };
    });
    return checkedCriterion(value, flags, ['x', 'y'], this.name);
  }

  /**
   * All layers at once. X's and Y's centered kernels are computed once per
   * batch and kept in `segment.memo` (shared with every HSIC evaluator of the
   * same kernel, bandwidth rule and form); each layer's kernel is computed
   * once and used for both coordinates. A non-finite operand turns its
   * kernel form into NaN, so the result shows it (see assertFiniteDynamics);
   * nothing is read back.
   */
  override evalDynamicsSegment(segment: DynamicsSegment): tf.Tensor2D {
    const m = validateSegment(segment, this.name);
    this.requireBatch(m);
    return tf.tidy(() => {
      if (segment.hidden.length === 0) return tf.zeros([0, 2]) as tf.Tensor2D;
      const kx = this.memoized(segment.memo, 'input', segment.input);
      const ky = this.memoized(segment.memo, 'target', segment.target);
      // Each layer's form centered too: tr(KHLH) = Σ K ⊙ HLH as well, but K's large constant part
      // then cancels in float32 (7e-4 relative with σ = 5 on a narrow layer; centered, the two agree to 1e-5).
      // Rows stacked (contiguous copies), then one product [L, m²]·[2, m²]ᵀ gives every Σ A⊙B.
      const layers = tf.stack(segment.hidden.map((h, l) => tf.reshape(this.layerForm(segment, h, l), [m * m])));
      const xy = tf.stack([tf.reshape(kx, [m * m]), tf.reshape(ky, [m * m])]);
      return tf.div(tf.matMul(layers, xy, false, true), this.divisor(m)) as tf.Tensor2D;
    });
  }

  /**
   * With baseline: 'permutation', [L, 2] = [HSIC(P·H_l, X), HSIC(P·H_l, Y)]
   * for one random permutation P of the batch's rows; else undefined.
   *
   * Cheap: the kernel of P·H is P K Pᵀ, and every centering used here commutes
   * with a permutation (P(I − 11ᵀ/m)Pᵀ = I − 11ᵀ/m; U-centering uses row and
   * column means and the diagonal, which P Pᵀ only reorders; CKA's Frobenius
   * norm is permutation-invariant), so the permuted layer's form is
   * P F_l Pᵀ = gather(gather(F_l, p, 0), p, 1). evalDynamicsSegment left F_l in
   * segment.memo, so this costs two gathers per layer and one [L, m²]·[2, m²]ᵀ
   * product, no kernel. A non-finite layer's form is all NaN, and so is its
   * baseline (NaN in, NaN out, as for the coordinates).
   *
   * One permutation per batch suffices: the chart shows the epoch's mean over
   * its batches, which averages as many independent draws of the null as the
   * epoch has batches. Draws follow the seed, so a run is reproducible.
   */
  override evalBaselineSegment(segment: DynamicsSegment): tf.Tensor2D | undefined {
    if (this.baseline === 'none') return undefined;
    const m = validateSegment(segment, this.name);
    this.requireBatch(m);
    const perm = nextPermutation(m, this.seed, this.baselineDraws++);
    return tf.tidy(() => {
      if (segment.hidden.length === 0) return tf.zeros([0, 2]) as tf.Tensor2D;
      const p = tf.tensor1d(perm, 'int32');
      const kx = this.memoized(segment.memo, 'input', segment.input);
      const ky = this.memoized(segment.memo, 'target', segment.target);
      const shuffled = tf.stack(
        segment.hidden.map((h, l) => tf.reshape(tf.gather(tf.gather(this.layerForm(segment, h, l), p, 0), p, 1), [m * m])),
      );
      const xy = tf.stack([tf.reshape(kx, [m * m]), tf.reshape(ky, [m * m])]);
      return tf.div(tf.matMul(shuffled, xy, false, true), this.divisor(m)) as tf.Tensor2D;
    });
  }

  /**
   * Layer l's kernel form. With a baseline it is kept in segment.memo for
   * evalBaselineSegment (disposed with the memo after the batch: L·m²
   * floats, 80 KB for the reference model); with baseline: 'none' it stays
   * inside the caller's tidy.
   */
  private layerForm(segment: DynamicsSegment, h: tf.Tensor2D, l: number): tf.Tensor2D {
    if (this.baseline === 'none') return this.prepare(h, true).form;
    const key = `${this.memoKey('input').replace('/input/', `/hidden${l}/`)}`;
    const hit = segment.memo.get(key);
    if (hit && hit.shape[0] === h.shape[0]) return hit as tf.Tensor2D;
    const form = tf.keep(this.prepare(h, true).form);
    hit?.dispose();
    segment.memo.set(key, form);
    return form;
  }

  /** The memo key of X's or Y's kernel form: everything the form depends on. */
  memoKey(which: 'input' | 'target'): string {
    const bandwidth = this.kernel === 'gaussian' ? `/sigma=${this.sigma}` : '';
    return `HSIC/${which}/${this.kernel}${bandwidth}/${FORM[this.normalization]}`;
  }

  private memoized(memo: Map<string, tf.Tensor>, which: 'input' | 'target', t: tf.Tensor2D): tf.Tensor2D {
    const key = this.memoKey(which);
    const m = t.shape[0];
    const hit = memo.get(key);
    if (hit) {
      if (hit.shape[0] !== m) {
        throw new EstimatorError(`HSIC: segment.memo holds '${key}' for a batch of ${hit.shape[0]}, this batch has ${m}. Use a fresh memo per batch.`);
      }
      return hit as tf.Tensor2D;
    }
    const form = tf.keep(this.prepare(t, true).form);
    memo.set(key, form);
    return form;
  }

  /** The kernel form of t and its finiteness flag; with `poison`, a non-finite t gives an all-NaN form. */
  private prepare(t: tf.Tensor2D, poison: boolean): { form: tf.Tensor2D; finite: tf.Scalar } {
    const { k, finite } = kernelMatrix(t, this.kernel, this.sigma);
    const form = FORM[this.normalization];
    const centered = form === 'u-centered' ? uCenter(k) : form === 'cka-normalized' ? ckaNormalize(k) : doubleCenter(k);
    return { form: poison ? (tf.mul(centered, oneOrNaN(finite)) as tf.Tensor2D) : centered, finite };
  }

  private combine(a: tf.Tensor2D, b: tf.Tensor2D, m: number): tf.Scalar {
    return tf.div(tf.sum(tf.mul(a, b)), this.divisor(m)) as tf.Scalar;
  }

  private divisor(m: number): number {
    switch (this.normalization) {
      case 'biased':
        return (m - 1) * (m - 1);
      case 'pyglow':
        return m - 1;
      case 'unbiased':
        return m * (m - 3);
      case 'cka':
        return 1;
    }
  }

  private requireBatch(m: number): void {
    const why = this.normalization === 'unbiased' ? 'the unbiased estimator divides by m(m−3)' : 'the estimator divides by m−1';
    requireBatchSize(m, this.minBatchSize, `HSIC (${this.normalization})`, why);
  }
}
