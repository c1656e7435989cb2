import assert from 'node:assert/strict';
import test from 'node:test';
import { bootstrapMean, meanIntervals, RESAMPLES } from '../../src/charts/bootstrap';
import { buildDynamicsSpec, DATASET, toRows } from '../../src/charts/index';
import { compileWithWarnings, runHeadless } from './compile';
import { makePayload } from './fixtures/payload';

/** Deterministic draws from N(mean, sd²) (Box–Muller over a fixed sequence). */
function normalSample(n: number, mean: number, sd: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    const v = ((i * 0.618033988749) % 1) + 1e-9;
    out.push(mean + sd * Math.sqrt(-2 * Math.log(v)) * Math.cos(2 * Math.PI * u));
  }
  return out;
}

test('the bootstrap interval of a mean: around the mean, as wide as 2·1.96·sd/√n, the same on every call', () => {
  const values = normalSample(400, 0.3, 0.05);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  const [lo, hi] = bootstrapMean(values, 7)!;
  assert.ok(lo < mean && mean < hi, `${lo} < ${mean} < ${hi}`);
  const expected = (2 * 1.96 * sd) / Math.sqrt(values.length);
  // 200 resamples: the percentile ends wander by ~10 %; 25 % leaves room and still fails a wrong scale (e.g. sd, not sd/√n).
  assert.ok(Math.abs(hi - lo - expected) < 0.25 * expected, `width ${hi - lo} vs ${expected}`);
  assert.deepEqual(bootstrapMean(values, 7), [lo, hi], 'seeded: a redraw shows the same interval');
  assert.notDeepEqual(bootstrapMean(values, 8), [lo, hi]);
  assert.equal(bootstrapMean([0.5], 1), undefined, 'one batch: no interval');
  const [flatLo, flatHi] = bootstrapMean([0.2, 0.2, 0.2], 1)!;
  assert.ok(Math.abs(flatLo - 0.2) < 1e-12 && Math.abs(flatHi - flatLo) < 1e-12, 'no spread, no width');
  assert.equal(RESAMPLES, 200);
});

test('every per-epoch mean gets an interval that holds it, with the intervals option only', () => {
  const payload = makePayload({ epochs: 3, batchesPerEpoch: 30, layers: ['a', 'b'] });
  const intervals = meanIntervals(payload);
  assert.equal(intervals.size, 3 * 2);
  const rows = toRows(payload, { intervals: true })[DATASET.points].filter((r) => r.kind === 'mean');
  assert.equal(rows.length, 3 * 2);
  for (const r of rows) {
    assert.ok(r.xLo! <= r.x && r.x <= r.xHi! && r.yLo! <= r.y && r.y <= r.yHi!, JSON.stringify(r));
    assert.ok(r.xHi! > r.xLo!, 'the fixture varies within an epoch');
  }
  assert.ok(toRows(payload)[DATASET.points].every((r) => r.xLo === undefined), 'off by default');
  // Computed intervals are reused only for the same values: the same run id with other batches gets its own.
  assert.deepEqual(meanIntervals(payload), intervals);
  const shifted = { ...payload, batches: { ...payload.batches!, values: payload.batches!.values.map((v) => v + 0.1) } };
  const moved = meanIntervals(shifted).get('1|0|0')!;
  assert.ok(Math.abs(moved.xLo - (intervals.get('1|0|0')!.xLo + 0.1)) < 1e-9, 'shifted values, shifted interval: not a stale cache hit');
});

test('the plane draws crossed bars through each mean shown, and the scrubber hides them with their means', async () => {
  const payload = makePayload({ epochs: 3, batchesPerEpoch: 12, layers: ['a', 'b'] });
  const plain = await runHeadless((await compileWithWarnings(buildDynamicsSpec(payload))).vega);
  const without = plain.marks().rule ?? 0;
  plain.finalize();
  const spec = buildDynamicsSpec(payload, { intervals: true });
  assert.match(JSON.stringify((spec as { vconcat: unknown[] }).vconcat[0]), /bars: 95 % bootstrap interval of each epoch's mean over its batches/, 'the chart says what the bars are');
  const { vega, warnings } = await compileWithWarnings(spec);
  assert.deepEqual(warnings, []);
  const view = await runHeadless(vega);
  try {
    assert.equal((view.marks().rule ?? 0) - without, 2 * 3 * 2, 'an x bar and a y bar per mean');
    await view.signal('upTo', 1);
    assert.equal((view.marks().rule ?? 0) - without, 2 * 2);
  } finally {
    view.finalize();
  }
});
