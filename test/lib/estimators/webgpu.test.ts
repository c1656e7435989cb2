/**
 * Every estimator on the webgpu backend (SwiftShader here, test/support/swiftShader.ts) against
 * the same float64 references and tolerances as on cpu and wasm (hsic.test.ts, mi.test.ts,
 * estimator.test.ts; their headers justify them). Values are read asynchronously, as webgpu
 * in Node cannot read synchronously.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { initBackend } from '../../../src/lib/backend/backends';
import { BinningMI, Estimator, HSIC, KDEMI, type HSICNormalization } from '../../../src/lib/estimators';
import * as R from './reference';
import { assertClose, dependentBatch, disposeMemo, safeBatch, t2 } from './helpers';
import { useSwiftShader } from '../../support/swiftShader';

const skip = useSwiftShader();

async function evalLayers(estimator: Estimator, x: R.Matrix, hidden: R.Matrix[], target: R.Matrix): Promise<number[][]> {
  const memo = new Map<string, tf.Tensor>();
  const segment = { input: t2(x), hidden: hidden.map(t2), target: t2(target), memo };
  const result = estimator.evalDynamicsSegment(segment);
  const got = (await result.array()) as number[][];
  tf.dispose([result, segment.input, segment.target, ...segment.hidden]);
  disposeMemo(memo);
  return got;
}

/** A user subclass: mean |h| · mean |z|, as a scalar tensor. */
class MeanAbs extends Estimator {
  readonly name = 'mean';
  criterion(h: tf.Tensor2D, z: tf.Tensor2D) {
    return tf.mul(tf.mean(tf.abs(h)), tf.mean(tf.abs(z))) as tf.Scalar;
  }
}

describe('estimators on webgpu (SwiftShader)', { skip }, () => {
  before(async () => {
    assert.equal((await initBackend({ backend: 'webgpu' })).name, 'webgpu');
  });
  after(() => initBackend({ backend: 'cpu' }));

  const normalizations: HSICNormalization[] = ['biased', 'unbiased', 'pyglow', 'cka'];
  const kernels: { args: ConstructorParameters<typeof HSIC>[0]; ref: R.Kernel }[] = [
    { args: { kernel: 'gaussian', sigma: 5 }, ref: { kind: 'gaussian', sigma: 5 } },
    { args: { kernel: 'gaussian', sigma: 'median' }, ref: { kind: 'gaussian', sigma: 'median' } },
    { args: { kernel: 'linear' }, ref: { kind: 'linear' } },
  ];
  for (const m of [16, 32]) {
    it(`HSIC, m=${m}: every kernel × normalization matches the definition (d = 5 and 50)`, async () => {
      const { x, hidden, target } = dependentBatch(m, 20, [5, 50], 10, 1000 + m);
      for (const kernel of kernels) {
        for (const normalization of normalizations) {
          const got = await evalLayers(new HSIC({ ...kernel.args, normalization }), x, hidden, target);
          hidden.forEach((h, l) => {
            const what = `${JSON.stringify(kernel.args)} ${normalization}, d=${h[0].length}`;
            assertClose(got[l][0], R.hsic(h, x, kernel.ref, normalization), 1e-3, 0, `${what}: HSIC(H, X)`);
            assertClose(got[l][1], R.hsic(h, target, kernel.ref, normalization), 1e-3, 0, `${what}: HSIC(H, Y)`);
          });
        }
      }
    });
  }

  it('BinningMI (30 bins) and KDEMI (σ² = 0.1 and 1) match the definitions', async () => {
    const binned = safeBatch(32, [5, 50], 30, 2032);
    const gotBins = await evalLayers(new BinningMI({ bins: 30 }), binned.x, binned.hidden, binned.target);
    binned.hidden.forEach((h, l) => {
      const [ix, iy] = R.binningMI(h, binned.target, 30);
      assertClose(gotBins[l][0], ix, 0, 1e-4, `bins, d=${h[0].length}: I(T;X)`);
      assertClose(gotBins[l][1], iy, 0, 1e-4, `bins, d=${h[0].length}: I(T;Y)`);
    });
    const { x, hidden, target } = dependentBatch(32, 20, [5, 50], 10, 3032);
    for (const noiseVariance of [0.1, 1]) {
      const got = await evalLayers(new KDEMI({ noiseVariance }), x, hidden, target);
      hidden.forEach((h, l) => {
        const [ix, iy] = R.kdeMI(h, target, noiseVariance);
        assertClose(got[l][0], ix, 1e-3, 1e-4, `σ²=${noiseVariance}, d=${h[0].length}: I(T;X)`);
        assertClose(got[l][1], iy, 1e-3, 1e-4, `σ²=${noiseVariance}, d=${h[0].length}: I(T;Y)`);
      });
    }
  });

  it('a custom Estimator subclass runs through the default evalDynamicsSegment', async () => {
    const { x, hidden, target } = dependentBatch(12, 6, [4, 9], 3, 5);
    const got = await evalLayers(new MeanAbs(), x, hidden, target);
    const meanAbs = (a: R.Matrix) => a.flat().reduce((s, v) => s + Math.abs(v), 0) / a.flat().length;
    hidden.forEach((h, l) => {
      assertClose(got[l][0], meanAbs(h) * meanAbs(x), 1e-5, 0, `layer ${l}, X`);
      assertClose(got[l][1], meanAbs(h) * meanAbs(target), 1e-5, 0, `layer ${l}, Y`);
    });
  });

  it('a stand-alone criterion with a non-finite operand is NaN, not a wrong number (no synchronous check on the GPU)', async () => {
    const { x, hidden } = dependentBatch(16, 6, [4], 3, 8);
    const bad = hidden[0].map((row, i) => (i === 3 ? [NaN, ...row.slice(1)] : row));
    const value = new HSIC({ sigma: 5 }).criterion(t2(bad), t2(x));
    assert.ok(Number.isNaN((await value.data())[0]));
    const fine = new HSIC({ sigma: 5 }).criterion(t2(hidden[0]), t2(x));
    assertClose((await fine.data())[0], R.hsic(hidden[0], x, { kind: 'gaussian', sigma: 5 }, 'biased'), 1e-3, 0, 'stand-alone HSIC');
    tf.dispose([value, fine]);
  });
});
