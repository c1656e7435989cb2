/**
 * HSIC's permutation baseline: HSIC with each layer's rows shuffled.
 *
 * Tolerance 1e-4 relative (+1e-7 absolute): the baseline gathers the layer's
 * centred form and the direct computation builds it from tf.gather(H, p);
 * both are float32 sums of the same m² products in a different order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { HSIC, type HSICNormalization } from '../../../src/lib/estimators';
import { nextPermutation } from '../../../src/lib/estimators/permutation';
import { ConfigError } from '../../../src/lib/errors';
import { assertClose, disposeMemo, oneHot, randn, t2 } from './helpers';

const m = 32;
const x = randn(m, 6, 1);
const labels = Array.from({ length: m }, (_, i) => i % 4);
const y = oneHot(labels, 4);
const noise = randn(m, 5, 2);

function run(estimator: HSIC, hidden: number[][][]) {
  const memo = new Map<string, tf.Tensor>();
  const segment = { input: t2(x), hidden: hidden.map(t2), target: t2(y), memo };
  const value = estimator.evalDynamicsSegment(segment);
  const base = estimator.evalBaselineSegment(segment);
  const out = { value: value.arraySync() as number[][], baseline: base?.arraySync() as number[][] | undefined };
  tf.dispose([value, base, segment.input, segment.target, ...segment.hidden]);
  disposeMemo(memo);
  return out;
}

describe('HSIC permutation baseline', () => {
  for (const normalization of ['biased', 'unbiased', 'cka'] as HSICNormalization[]) {
    it(`${normalization}: equals HSIC computed on tf.gather(H, perm) with the same permutation`, () => {
      const estimator = new HSIC({ sigma: 3, normalization, baseline: 'permutation', seed: 7 });
      const { baseline } = run(estimator, [x, noise]);
      const perm = nextPermutation(m, 7, 0);
      [x, noise].forEach((h, l) => {
        const shuffled = tf.gather(t2(h), tf.tensor1d(perm, 'int32')) as tf.Tensor2D;
        const direct = estimator.evalDynamicsSegment({ input: t2(x), hidden: [shuffled], target: t2(y), memo: new Map() }).arraySync() as number[][];
        assertClose(baseline![l][0], direct[0][0], 1e-4, 1e-7, `${normalization} layer ${l}, X`);
        assertClose(baseline![l][1], direct[0][1], 1e-4, 1e-7, `${normalization} layer ${l}, Y`);
      });
    });
  }

  it('H = X is far above its baseline; H independent of X and Y is close to it', () => {
    const { value, baseline } = run(new HSIC({ sigma: 3, baseline: 'permutation' }), [x, noise]);
    assert.ok(value[0][0] > 2 * baseline![0][0], `H = X: ${value[0][0]} vs baseline ${baseline![0][0]}`);
    // Independent noise: value and baseline are both draws of the null; a loose factor keeps it from flaking.
    assert.ok(Math.abs(value[1][0] - baseline![1][0]) < 0.1 * value[0][0], `noise: ${value[1][0]} vs ${baseline![1][0]}`);
  });

  it('is reproducible with the same seed, and changes with the seed and from batch to batch', () => {
    const a = new HSIC({ sigma: 3, baseline: 'permutation', seed: 3 });
    const b = new HSIC({ sigma: 3, baseline: 'permutation', seed: 3 });
    const c = new HSIC({ sigma: 3, baseline: 'permutation', seed: 4 });
    const first = run(a, [noise]).baseline!;
    assert.deepEqual(run(b, [noise]).baseline, first);
    assert.notDeepEqual(run(c, [noise]).baseline, first);
    assert.notDeepEqual(run(a, [noise]).baseline, first, 'the second batch draws a new permutation');
  });

  it("is on by default, off with baseline: 'none', and leaks no tensors", () => {
    const before = tf.memory().numTensors;
    assert.deepEqual(run(new HSIC({ sigma: 3 }), [noise]).baseline, run(new HSIC({ sigma: 3, baseline: 'permutation' }), [noise]).baseline);
    assert.equal(run(new HSIC({ sigma: 3, baseline: 'none' }), [noise]).baseline, undefined);
    run(new HSIC({ sigma: 3, baseline: 'permutation' }), [noise, x]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('a non-finite layer gives a NaN baseline row', () => {
    const bad = noise.map((r, i) => (i === 0 ? [NaN, ...r.slice(1)] : r));
    const { baseline } = run(new HSIC({ sigma: 3, baseline: 'permutation' }), [bad, x]);
    assert.ok(baseline![0].every(Number.isNaN));
    assert.ok(baseline![1].every(Number.isFinite));
  });

  it('bad options are ConfigErrors naming the accepted values', () => {
    assert.throws(() => new HSIC({ baseline: 'shuffle' as never }), (e: unknown) => e instanceof ConfigError && /'permutation'/.test(e.message));
    assert.throws(() => new HSIC({ seed: -1 }), ConfigError);
    assert.throws(() => new HSIC({ seed: 1.5 }), ConfigError);
  });
});
