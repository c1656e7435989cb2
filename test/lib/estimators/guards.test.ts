/** Batch-size guards, non-finite data, zero-variance CKA, shape errors. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { assertFiniteDynamics, BinningMI, HSIC, KDEMI } from '../../../src/lib/estimators';
import { EstimatorError, ShapeError } from '../../../src/lib/errors';
import { dependentBatch, onEachBackend, randn, t2 } from './helpers';

function segmentOf(x: number[][], hidden: number[][][], target: number[][]) {
  return { input: t2(x), hidden: hidden.map(t2), target: t2(target), memo: new Map<string, tf.Tensor>() };
}

function release(segment: ReturnType<typeof segmentOf>): void {
  tf.dispose([segment.input, segment.target, ...segment.hidden, ...segment.memo.values()]);
}

onEachBackend(() => {
  it('unbiased HSIC needs m ≥ 4, the others m ≥ 2: a clear EstimatorError otherwise', () => {
    const three = dependentBatch(3, 4, [5], 2, 1);
    const one = dependentBatch(1, 4, [5], 2, 1);
    const unbiased = new HSIC({ normalization: 'unbiased' });
    const seg3 = segmentOf(three.x, three.hidden, three.target);
    assert.throws(() => unbiased.evalDynamicsSegment(seg3), (e: Error) => e instanceof EstimatorError && /at least 4 samples.*got 3.*larger batch/.test(e.message));
    assert.throws(() => unbiased.criterion(seg3.hidden[0], seg3.input), EstimatorError);
    assert.equal(new HSIC().evalDynamicsSegment(seg3).shape.join(), '1,2');
    for (const normalization of ['biased', 'pyglow', 'cka'] as const) {
      const seg1 = segmentOf(one.x, one.hidden, one.target);
      assert.throws(() => new HSIC({ normalization }).evalDynamicsSegment(seg1), (e: Error) => e instanceof EstimatorError && /at least 2 samples.*got 1/.test(e.message));
      release(seg1);
    }
    release(seg3);
  });

  it('NaN or Infinity: criterion throws; evalDynamicsSegment marks exactly the affected row or column, and assertFiniteDynamics explains it', () => {
    const { x, hidden, target } = dependentBatch(16, 8, [5, 7, 3], 4, 2);
    for (const estimator of [new HSIC(), new HSIC({ kernel: 'linear', normalization: 'cka' }), new BinningMI(), new KDEMI()]) {
      const withNaN = hidden.map((h, l) => (l === 1 ? h.map((row, i) => (i === 3 ? [NaN, ...row.slice(1)] : row)) : h));
      const badLayer = segmentOf(x, withNaN, target);
      assert.throws(() => estimator.criterion(badLayer.hidden[1], badLayer.target), (e: Error) => e instanceof EstimatorError && /NaN or ±Infinity/.test(e.message), estimator.describe());
      const values = Array.from(estimator.evalDynamicsSegment(badLayer).dataSync());
      assert.deepEqual(values.map(Number.isNaN), [false, false, true, true, false, false], estimator.describe());
      assert.throws(() => assertFiniteDynamics(values, estimator), /activations of layer 2/);
      release(badLayer);

      const infInput = segmentOf(x.map((row, i) => (i === 0 ? [Infinity, ...row.slice(1)] : row)), hidden, target);
      const inputValues = Array.from(estimator.evalDynamicsSegment(infInput).dataSync());
      assert.deepEqual(inputValues.map(Number.isNaN), [true, false, true, false, true, false], estimator.describe());
      assert.throws(() => assertFiniteDynamics(inputValues, estimator.name), /input batch X/);
      release(infInput);
    }
    assert.doesNotThrow(() => assertFiniteDynamics([1, 2, 3, 4], 'HSIC'));
  });

  it('CKA of a constant representation (dead ReLUs) is 0, not NaN; so is a single-class target', () => {
    const { x, hidden, target } = dependentBatch(16, 8, [5], 4, 3);
    const dead = hidden[0].map((row) => row.map(() => 0));
    const oneClass = target.map(() => [1, 0, 0, 0]);
    for (const kernel of ['gaussian', 'linear'] as const) {
      const cka = new HSIC({ kernel, normalization: 'cka' });
      const segment = segmentOf(x, [dead, hidden[0]], oneClass);
      const values = cka.evalDynamicsSegment(segment).arraySync() as number[][];
      assert.deepEqual(values[0], [0, 0], kernel);
      assert.equal(values[1][1], 0, kernel);
      assert.ok(values[1][0] > 0.1, kernel);
      assert.equal(cka.criterion(segment.hidden[0], segment.input).dataSync()[0], 0);
      release(segment);
    }
  });

  it('shape errors name the tensor and the fix', () => {
    const estimator = new HSIC();
    const input = t2(randn(8, 3, 1));
    const target = t2(randn(8, 2, 2));
    assert.throws(
      () => estimator.evalDynamicsSegment({ input, target, hidden: [t2(randn(7, 3, 3))], memo: new Map() }),
      (e: Error) => e instanceof ShapeError && /hidden\[0\] has 7 rows but the input has 8/.test(e.message),
    );
    assert.throws(
      () => estimator.evalDynamicsSegment({ input, target, hidden: [tf.zeros([8, 2, 2]) as unknown as tf.Tensor2D], memo: new Map() }),
      (e: Error) => e instanceof ShapeError && /2-D tensor.*Flatten/.test(e.message),
    );
    assert.throws(() => estimator.criterion(input, t2(randn(4, 3, 1))), ShapeError);
    tf.dispose([input, target]);
  });
});
