/** A user subclass (as written in a notebook cell) works through the default evalDynamicsSegment. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { Estimator } from '../../../src/lib/estimators';
import { EstimatorError } from '../../../src/lib/errors';
import * as R from './reference';
import { assertClose, dependentBatch, onEachBackend, t2 } from './helpers';

/** Mean |x| · mean |y|, returned as a scalar tensor. */
class MeanAbs extends Estimator {
  name = 'mean';
  criterion(x: tf.Tensor2D, y: tf.Tensor2D) {
    return tf.mul(tf.mean(tf.abs(x)), tf.mean(tf.abs(y))) as tf.Scalar;
  }
}

/** Squared distance correlation (Székely et al. 2007), computed on the CPU and returned as a plain number. */
class DistanceCorrelation extends Estimator {
  name = 'dCor²';
  override get params() {
    return { exponent: 1 };
  }
  criterion(x: tf.Tensor2D, y: tf.Tensor2D): number {
    const center = (d: number[][]) => {
      const m = d.length;
      const row = d.map((r) => r.reduce((a, b) => a + b, 0) / m);
      const all = row.reduce((a, b) => a + b, 0) / m;
      return d.map((r, i) => r.map((v, j) => v - row[i] - row[j] + all));
    };
    const a = center(R.sqDistances(x.arraySync()).map((r) => r.map(Math.sqrt)));
    const b = center(R.sqDistances(y.arraySync()).map((r) => r.map(Math.sqrt)));
    const dot = (p: number[][], q: number[][]) => p.reduce((s, r, i) => s + r.reduce((t, v, j) => t + v * q[i][j], 0), 0);
    return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  }
}

onEachBackend(() => {
  it('a criterion returning a scalar tensor, and one returning a number, give [L, 2] through the default', () => {
    const { x, hidden, target } = dependentBatch(12, 6, [4, 9], 3, 5);
    const memo = new Map<string, tf.Tensor>();
    const segment = { input: t2(x), hidden: hidden.map(t2), target: t2(target), memo };
    for (const estimator of [new MeanAbs(), new DistanceCorrelation()]) {
      const before = tf.memory().numTensors;
      const result = tf.tidy(() => estimator.evalDynamicsSegment(segment));
      assert.equal(tf.memory().numTensors, before + 1, `${estimator.name}: only the result survives`);
      assert.deepEqual(result.shape, [2, 2]);
      const got = result.arraySync();
      result.dispose();
      hidden.forEach((h, l) => {
        [x, target].forEach((z, c) => {
          const value = tf.tidy(() => {
            const want = estimator.criterion(t2(h), t2(z));
            return typeof want === 'number' ? want : want.dataSync()[0];
          });
          assertClose(got[l][c], value, 1e-5, 1e-7, `${estimator.name} layer ${l} column ${c}`);
        });
      });
    }
    assert.equal(new DistanceCorrelation().describe(), 'dCor² · exponent = 1');
    assert.equal(new MeanAbs().xLabel, 'mean(H, X)');
    assert.equal(new MeanAbs().yLabel, 'mean(H, Y)');
    assert.equal(memo.size, 0);
  });

  it('a criterion returning a non-scalar is a clear error, and leaks nothing', () => {
    class Wrong extends Estimator {
      name = 'wrong';
      criterion(x: tf.Tensor2D) {
        return tf.mean(x, 0) as unknown as tf.Scalar;
      }
    }
    const segment = { input: t2([[1], [2]]), hidden: [t2([[1, 2], [3, 4]])], target: t2([[1], [0]]), memo: new Map() };
    const before = tf.memory().numTensors;
    assert.throws(() => new Wrong().evalDynamicsSegment(segment), (e: Error) => e instanceof EstimatorError && /scalar tensor.*\[2\].*layer 1/.test(e.message));
    assert.equal(tf.memory().numTensors, before);
  });
});
