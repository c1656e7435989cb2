/**
 * HSIC against independent float64 loops (reference.ts), for every kernel ×
 * normalization, m ∈ {16, 32}, d ∈ {5, 50}, on cpu and wasm.
 *
 * Tolerance: 1e-3 relative, with no absolute slack. The one formula that
 * cancels badly in float32 is the unbiased one: Song et al.'s three terms
 * are each ~m² times larger than their sum. The library never evaluates it
 * in that form: it U-centers each kernel matrix (centering.ts), which is the
 * same number algebraically but sums small centered terms, and it centers
 * the data columns before the Gram product, so distances and linear kernels
 * lose few digits. The reference evaluates Song's formula literally, in
 * float64 (whose 1e-16 leaves ≥ 1e-10 after that cancellation), so it also
 * checks the identity. Observed errors are ~1e-6 relative.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { HSIC, type HSICArgs, type HSICNormalization } from '../../../src/lib/estimators';
import { ConfigError } from '../../../src/lib/errors';
import * as R from './reference';
import { assertClose, dependentBatch, disposeMemo, onEachBackend, t2 } from './helpers';

const NORMALIZATIONS: HSICNormalization[] = ['biased', 'unbiased', 'pyglow', 'cka'];
const KERNELS: { args: HSICArgs; ref: R.Kernel; label: string }[] = [
  { args: { kernel: 'gaussian', sigma: 5 }, ref: { kind: 'gaussian', sigma: 5 }, label: 'gaussian σ=5' },
  { args: { kernel: 'gaussian', sigma: 'median' }, ref: { kind: 'gaussian', sigma: 'median' }, label: 'gaussian σ=median' },
  { args: { kernel: 'linear' }, ref: { kind: 'linear' }, label: 'linear' },
];
const BATCHES = [16, 32].map((m) => ({ m, ...dependentBatch(m, 20, [5, 50], 10, 1000 + m) }));

onEachBackend(() => {
  for (const { m, x, hidden, target } of BATCHES) {
    for (const kernel of KERNELS) {
      it(`m=${m}, ${kernel.label}: every normalization matches the definition (d = 5 and 50)`, () => {
        for (const normalization of NORMALIZATIONS) {
          const estimator = new HSIC({ ...kernel.args, normalization });
          const memo = new Map<string, tf.Tensor>();
          const segment = { input: t2(x), hidden: hidden.map(t2), target: t2(target), memo };
          const got = estimator.evalDynamicsSegment(segment).arraySync() as number[][];
          hidden.forEach((h, l) => {
            const what = `${normalization}, layer d=${h[0].length}`;
            assertClose(got[l][0], R.hsic(h, x, kernel.ref, normalization), 1e-3, 0, `${what}, HSIC(H, X)`);
            assertClose(got[l][1], R.hsic(h, target, kernel.ref, normalization), 1e-3, 0, `${what}, HSIC(H, Y)`);
            const single = estimator.criterion(segment.hidden[l], segment.target);
            assertClose(single.dataSync()[0], got[l][1], 1e-5, 0, `${what}: criterion equals evalDynamicsSegment`);
            single.dispose();
          });
          tf.dispose([segment.input, segment.target, ...segment.hidden]);
          disposeMemo(memo);
        }
      });
    }
  }

  it('median bandwidth falls back to the mean distance when most pairs coincide, and to 1 when all do', () => {
    // 12 of 16 rows identical: 66 of the 120 pairs have distance 0, so the median is 0.
    const base = R.randnRow(4, 5);
    const x = Array.from({ length: 16 }, (_, i) => (i < 12 ? base : R.randnRow(4, 100 + i)));
    const y = Array.from({ length: 16 }, (_, i) => R.randnRow(3, 200 + i));
    const constant = Array.from({ length: 16 }, () => base);
    const estimator = new HSIC({ sigma: 'median' });
    assert.equal(R.medianDistance(constant), 1);
    for (const a of [x, constant]) {
      const got = estimator.criterion(t2(a), t2(y)).dataSync()[0];
      const want = R.hsic(a, y, { kind: 'gaussian', sigma: 'median' }, 'biased');
      assertClose(got, want, 1e-3, 1e-9, 'HSIC with the fallback bandwidth');
    }
  });

  it('gradients flow through the criterion (the median bandwidth is a constant)', () => {
    const { x, hidden } = BATCHES[0];
    const grad = tf.grad((h: tf.Tensor) => new HSIC().criterion(h as tf.Tensor2D, t2(x)))(t2(hidden[0]));
    assert.deepEqual(grad.shape, [16, 5]);
    assert.ok(Array.from(grad.dataSync()).every(Number.isFinite));
    assert.ok(Array.from(grad.dataSync()).some((v) => v !== 0));
  });
});

describe('HSIC options', () => {
  it('defaults to gaussian, median, biased and accepts (and ignores) PyGlow’s gpu flag', () => {
    const estimator = new HSIC({ kernel: 'gaussian', gpu: true, sigma: 5 });
    assert.deepEqual(estimator.params, { kernel: 'gaussian', sigma: 5, normalization: 'biased' });
    assert.deepEqual(new HSIC().params, { kernel: 'gaussian', sigma: 'median', normalization: 'biased' });
    assert.equal(estimator.describe(), 'HSIC · gaussian kernel · σ = 5 · biased (tr(KHLH)/(m−1)²)');
    assert.equal(new HSIC({ kernel: 'linear', normalization: 'cka' }).describe(), 'HSIC · linear kernel · CKA (normalized HSIC)');
    assert.equal(estimator.xLabel, 'HSIC(H, X)');
    assert.equal(estimator.yLabel, 'HSIC(H, Y)');
    assert.equal(new HSIC({ normalization: 'unbiased' }).minBatchSize, 4);
  });

  it('rejects bad options with a ConfigError that names the fix', () => {
    const bad: unknown[] = [
      { kernel: 'rbf' },
      { normalization: 'normalized' },
      { sigma: 0 },
      { sigma: -1 },
      { sigma: 'mean' },
      { sigma: NaN },
      { kernel: 'linear', sigma: 5 },
      { sigm: 5 },
    ];
    for (const args of bad) {
      assert.throws(() => new HSIC(args as HSICArgs), ConfigError, JSON.stringify(args));
    }
    assert.throws(() => new HSIC({ sigm: 5 } as HSICArgs), /unknown option 'sigm'\. Did you mean 'sigma'\? Known options: kernel, sigma, normalization, gpu/);
  });
});
