/**
 * BinningMI and KDEMI against independent float64 loops (reference.ts: a
 * Map of pattern strings for binning, explicit pairwise sums for KDE), on
 * cpu and wasm.
 *
 * Binning counts are exact on the device, so the only float32 error is in
 * the logarithms (~1e-7 bits per term): 1e-4 bits absolute is ample. The
 * test data keeps every activation at least 1e-3 bin widths from a bin edge
 * (edgeSafe), because float32 and float64 may legitimately put a value that
 * sits on an edge into neighbouring bins. KDE: 1e-3 relative plus 1e-4 bits
 * absolute, since I(T; Y) is a difference of two entropies and can be
 * near 0.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { BinningMI, KDEMI } from '../../../src/lib/estimators';
import { ConfigError } from '../../../src/lib/errors';
import * as R from './reference';
import { assertClose, dependentBatch, edgeSafe, oneHot, onEachBackend, randn, rng, safeBatch, t2 } from './helpers';

/** The first edge-safe matrix make(seed), make(seed + 1), ... */
function safeMatrix(make: (seed: number) => R.Matrix, bins: number, seed: number): R.Matrix {
  for (let s = seed; s < seed + 1000; s++) {
    const t = make(s);
    if (edgeSafe(t, bins)) return t;
  }
  throw new Error('no edge-safe matrix found');
}

/** Rows drawn from a few prototypes, so many patterns repeat exactly. */
function repeatedRows(m: number, d: number, prototypes: number, seed: number): R.Matrix {
  const protos = randn(prototypes, d, seed);
  const u = rng(seed + 1);
  return Array.from({ length: m }, () => protos[Math.floor(u() * prototypes)]);
}

function evalLayers(estimator: BinningMI | KDEMI, x: R.Matrix, hidden: R.Matrix[], target: R.Matrix): number[][] {
  const memo = new Map<string, tf.Tensor>();
  const segment = { input: t2(x), hidden: hidden.map(t2), target: t2(target), memo };
  const got = estimator.evalDynamicsSegment(segment).arraySync() as number[][];
  tf.dispose([segment.input, segment.target, ...segment.hidden, ...memo.values()]);
  return got;
}

onEachBackend(() => {
  for (const m of [16, 32]) {
    it(`BinningMI, m=${m}: 30 bins on d = 5 and 50, and 4 bins on d = 3 (shared patterns)`, () => {
      for (const [bins, widths] of [[30, [5, 50]], [4, [3, 2]]] as [number, number[]][]) {
        const { x, hidden, target } = safeBatch(m, widths, bins, 2000 + m);
        const got = evalLayers(new BinningMI({ bins }), x, hidden, target);
        hidden.forEach((h, l) => {
          const [ix, iy] = R.binningMI(h, target, bins);
          assertClose(got[l][0], ix, 0, 1e-4, `bins=${bins}, d=${h[0].length}: I(T;X)`);
          assertClose(got[l][1], iy, 0, 1e-4, `bins=${bins}, d=${h[0].length}: I(T;Y)`);
        });
      }
    });

    it(`KDEMI, m=${m}: d = 5 and 50, noise variance 0.1 and 1`, () => {
      const { x, hidden, target } = dependentBatch(m, 20, [5, 50], 10, 3000 + m);
      for (const noiseVariance of [0.1, 1]) {
        const got = evalLayers(new KDEMI({ noiseVariance }), x, hidden, target);
        hidden.forEach((h, l) => {
          const [ix, iy] = R.kdeMI(h, target, noiseVariance);
          assertClose(got[l][0], ix, 1e-3, 1e-4, `σ²=${noiseVariance}, d=${h[0].length}: I(T;X)`);
          assertClose(got[l][1], iy, 1e-3, 1e-4, `σ²=${noiseVariance}, d=${h[0].length}: I(T;Y)`);
        });
      }
    });
  }

  it('BinningMI with repeated patterns, ReLU zeros, a constant layer, and a layer wide enough to be split into exact chunks', () => {
    const m = 32;
    const u = rng(7);
    const labels = Array.from({ length: m }, () => Math.floor(u() * 3));
    const target = oneHot(labels, 3);
    const relu = safeMatrix((s) => randn(m, 3, s).map((row) => row.map((v) => Math.max(0, v))), 30, 8);
    const constant = Array.from({ length: m }, () => [0.5, 0.5, 0.5]);
    // 1000 bins → |index| ≤ 500 → chunks of 33 columns. Values sit at bin centres (k + 0.5)/1000 of the
    // range [0, 1] (pinned by two entries), and every 4th row leaves its prototype by 20 bins in one
    // column far into the row, so only the later chunks tell those rows apart.
    const wide = repeatedRows(m, 200, 5, 9).map((row, i) =>
      row.map((v, j) => {
        const k = Math.floor(500 + 100 * v) + (i % 4 === 0 && j === 150 + i ? 20 : 0);
        return i === 0 && j === 0 ? 0 : i === 1 && j === 0 ? 1 : Math.fround((k + 0.5) / 1000);
      }),
    );
    const cases = { repeated: [30, safeMatrix((s) => repeatedRows(m, 50, 6, s), 30, 4)], relu: [30, relu], constant: [30, constant], wide: [1000, wide] };
    for (const [name, [bins, h]] of Object.entries(cases) as [string, [number, R.Matrix]][]) {
      assert.ok(edgeSafe(h, bins), `${name}: test data sits on a bin edge; pick another seed`);
      const got = evalLayers(new BinningMI({ bins }), randn(m, 4, 1), [h], target)[0];
      const [ix, iy] = R.binningMI(h, target, bins);
      assertClose(got[0], ix, 0, 1e-4, `${name}: I(T;X)`);
      assertClose(got[1], iy, 0, 1e-4, `${name}: I(T;Y)`);
    }
    assert.deepEqual(R.binningMI(constant, target, 30), [0, 0]);
  });

  it('criterion(T, X) is H(T) for distinct inputs and criterion(T, one-hot Y) is I(T;Y)', () => {
    const { x, hidden, target } = safeBatch(16, [5], 30, 4000);
    for (const [estimator, ref] of [
      [new BinningMI(), R.binningMI(hidden[0], target, 30)],
      [new KDEMI(), R.kdeMI(hidden[0], target, 0.1)],
    ] as [BinningMI | KDEMI, [number, number]][]) {
      assertClose(estimator.criterion(t2(hidden[0]), t2(x)).dataSync()[0], ref[0], 1e-3, 1e-4, `${estimator.name} criterion(T, X)`);
      assertClose(estimator.criterion(t2(hidden[0]), t2(target)).dataSync()[0], ref[1], 1e-3, 1e-4, `${estimator.name} criterion(T, Y)`);
    }
  });
});

describe('MI estimator options', () => {
  it('labels, params, descriptions, and ConfigErrors', () => {
    const binning = new BinningMI();
    assert.deepEqual(binning.params, { bins: 30 });
    assert.equal(binning.xLabel, 'I(T; X)');
    assert.equal(binning.yLabel, 'I(T; Y)');
    assert.match(binning.describe(), /30 equal-width bins.*bits/);
    assert.deepEqual(new KDEMI().params, { noiseVariance: 0.1 });
    assert.match(new KDEMI({ noiseVariance: 0.5 }).describe(), /σ² = 0\.5 · bits/);
    for (const bins of [0, 1, 2.5, -3, 5000, '30']) {
      assert.throws(() => new BinningMI({ bins: bins as number }), ConfigError);
    }
    for (const noiseVariance of [0, -1, Infinity, NaN]) {
      assert.throws(() => new KDEMI({ noiseVariance }), ConfigError);
    }
    assert.throws(() => new KDEMI({ variance: 1 } as never), /unknown option 'variance'\. Did you mean 'noiseVariance'\?/);
  });
});
