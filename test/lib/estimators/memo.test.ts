/** Sharing X/Y kernels through the memo, and no tensor leaks. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { BinningMI, Estimator, HSIC, KDEMI } from '../../../src/lib/estimators';
import { dependentBatch, disposeMemo, onEachBackend, t2 } from './helpers';

const { x, hidden, target } = dependentBatch(16, 10, [5, 20, 3], 4, 11);

function withSegment<T>(f: (segment: { input: tf.Tensor2D; hidden: tf.Tensor2D[]; target: tf.Tensor2D; memo: Map<string, tf.Tensor> }) => T): T {
  const segment = { input: t2(x), hidden: hidden.map(t2), target: t2(target), memo: new Map<string, tf.Tensor>() };
  try {
    return f(segment);
  } finally {
    tf.dispose([segment.input, segment.target, ...segment.hidden]);
    disposeMemo(segment.memo);
  }
}

onEachBackend(() => {
  it('HSIC evaluators with the same kernel share one X entry and one Y entry, and give the separate results', () => {
    for (const [a, b] of [
      [new HSIC({ sigma: 5 }), new HSIC({ sigma: 5, normalization: 'pyglow' })],
      [new HSIC({ kernel: 'linear', normalization: 'unbiased' }), new HSIC({ kernel: 'linear', normalization: 'unbiased' })],
    ]) {
      const shared = withSegment((segment) => {
        const ra = a.evalDynamicsSegment(segment);
        const rb = b.evalDynamicsSegment(segment);
        const keys = [...segment.memo.keys()];
        const layerForms = keys.filter((k) => /\/hidden\d+\//.test(k));
        assert.equal(keys.length - layerForms.length, 2, keys.join(' | '));
        // The permutation baseline (on by default) keeps each layer's form: one entry per layer for both evaluators.
        assert.equal(layerForms.length, segment.hidden.length, keys.join(' | '));
        assert.ok(segment.memo.has(a.memoKey('input')) && segment.memo.has(a.memoKey('target')));
        return [ra, rb].map((r) => {
          const v = r.arraySync();
          r.dispose();
          return v;
        });
      });
      const separate = [a, b].map((e) => withSegment((segment) => e.evalDynamicsSegment(segment).arraySync()));
      assert.deepEqual(shared, separate);
    }
    // Different kernels, bandwidth rules or forms do not collide.
    withSegment((segment) => {
      for (const e of [new HSIC(), new HSIC({ sigma: 5 }), new HSIC({ kernel: 'linear' }), new HSIC({ normalization: 'cka' }), new HSIC({ normalization: 'unbiased' })]) {
        e.evalDynamicsSegment(segment).dispose();
      }
      const keys = [...segment.memo.keys()];
      // Each one's X and Y entries (the layer forms the baseline keeps are per estimator too).
      assert.equal(keys.filter((k) => !/\/hidden\d+\//.test(k)).length, 10, keys.join(' | '));
    });
  });

  it('no leaks: inside tf.tidy only the result and the memo entries survive; nothing after disposing them', () => {
    class Mean extends Estimator {
      name = 'mean';
      criterion(h: tf.Tensor2D, z: tf.Tensor2D) {
        return tf.mul(tf.mean(h), tf.mean(z)) as tf.Scalar;
      }
    }
    const estimators: Estimator[] = [
      new HSIC(),
      new HSIC({ kernel: 'linear', normalization: 'unbiased' }),
      new HSIC({ sigma: 3, normalization: 'cka' }),
      new BinningMI(),
      new KDEMI(),
      new Mean(),
    ];
    withSegment((segment) => {
      const before = tf.memory().numTensors;
      for (const estimator of estimators) {
        const memoBefore = segment.memo.size;
        const start = tf.memory().numTensors;
        const result = tf.tidy(() => estimator.evalDynamicsSegment(segment));
        const added = segment.memo.size - memoBefore;
        assert.equal(tf.memory().numTensors, start + 1 + added, `${estimator.describe()}: new tensors besides result and memo`);
        result.dispose();
        // Evaluating again reuses the memo: one new tensor, no new entries.
        const again = tf.tidy(() => estimator.evalDynamicsSegment(segment));
        assert.equal(tf.memory().numTensors, start + 1 + added, `${estimator.describe()}: second evaluation`);
        again.dispose();
        // A built-in criterion outside tidy returns one scalar and nothing else (Mean's own
        // intermediates are its author's business).
        if (estimator instanceof Mean) continue;
        const c0 = tf.memory().numTensors;
        const c = estimator.criterion(segment.hidden[0], segment.target);
        assert.equal(tf.memory().numTensors, c0 + (typeof c === 'number' ? 0 : 1), `${estimator.describe()}: criterion`);
        if (typeof c !== 'number') c.dispose();
      }
      disposeMemo(segment.memo);
      assert.equal(tf.memory().numTensors, before);
    });
  });
});
