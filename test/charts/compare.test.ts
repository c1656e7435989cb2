import assert from 'node:assert/strict';
import test from 'node:test';
import {
  bandMeasureRows, bandPointRows, buildCompareSpec, COMPARE_DATASET, compareCaptions, runMeasureRows, runPointRows, seriesNames, validateComparePayload,
  type BandPointRow, type RunPointRow,
} from '../../src/charts/index';
import { compileWithWarnings, runHeadless, units } from './compile';
import { HSIC_EVALUATOR, KDE_EVALUATOR } from './fixtures/payload';
import { makeCompare } from './fixtures/compare';

type Json = Record<string, unknown>;

const markType = (unit: Json) => (unit.mark as Json).type;
const enc = (unit: Json, channel: string) => ((unit.encoding as Json)[channel] ?? {}) as Json;

test('run rows: one per run, evaluator, layer and epoch, holding that run’s own epoch means', () => {
  const payload = makeCompare(3, 'none', { epochs: 4, layers: ['a', 'b'] });
  const rows = runPointRows(payload);
  assert.equal(rows.length, 3 * 4 * 2);
  for (const row of rows) {
    const [x, y] = payload.runs[row.runIndex].dynamics.epochs[row.epoch - 1].mean[row.evaluator][row.layerIndex];
    assert.deepEqual([row.x, row.y], [x, y]);
    assert.equal(row.run, `seed ${row.runIndex + 1}`);
    assert.equal(row.layer, ['a', 'b'][row.layerIndex]);
  }
  const measures = runMeasureRows(payload);
  assert.equal(measures.length, rows.length * 2);
  assert.deepEqual([...new Set(measures.map((m) => m.panel))], ['a · HSIC(H, X) by epoch', 'a · HSIC(H, Y) by epoch', 'b · HSIC(H, X) by epoch', 'b · HSIC(H, Y) by epoch']);
  const one = measures.find((m) => m.run === 'seed 2' && m.layer === 'b' && m.epoch === 3 && m.measure === 'HSIC(H, Y)');
  assert.equal(one?.value, payload.runs[1].dynamics.epochs[2].mean[0][1][1]);
});

test('a non-finite mean (null in JSON) is left out, not drawn at 0', () => {
  const payload = makeCompare(2, 'none', { epochs: 2, layers: ['a'] });
  payload.runs[0].dynamics.epochs[1].mean[0][0] = [null as unknown as number, 0.5];
  assert.equal(runPointRows(payload).length, 3);
});

/** Mean and sample sd, written out independently of the module under test. */
function reference(values: number[]) {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, sd: Math.sqrt(ss / (values.length - 1)) };
}

test('band rows: per group, layer and epoch, the mean over runs ± the sample sd (n − 1), bounds included', () => {
  const payload = makeCompare(3, 'mean-sd', { epochs: 5, layers: ['a', 'b', 'c'] });
  const rows = bandPointRows(payload);
  assert.equal(rows.length, 5 * 3, 'one row per layer and epoch: the three runs are one group');
  for (const row of rows) {
    const pairs = payload.runs.map((r) => r.dynamics.epochs[row.epoch - 1].mean[0][row.layerIndex]);
    const x = reference(pairs.map((p) => p[0]));
    const y = reference(pairs.map((p) => p[1]));
    assert.equal(row.n, 3);
    const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);
    close(row.x, x.mean, 'x mean');
    close(row.y, y.mean, 'y mean');
    close(row.xLow, x.mean - x.sd, 'x low');
    close(row.xHigh, x.mean + x.sd, 'x high');
    close(row.yLow, y.mean - y.sd, 'y low');
    close(row.yHigh, y.mean + y.sd, 'y high');
    assert.ok(row.xSd > 0 && row.ySd > 0, 'the runs differ, so the band has width');
    assert.equal(row.series, 'mean ± 1 sd over 3 runs');
  }
  const measures = bandMeasureRows(payload);
  const m = measures.find((r) => r.layer === 'c' && r.epoch === 4 && r.measure === 'HSIC(H, X)')!;
  const ref = reference(payload.runs.map((r) => r.dynamics.epochs[3].mean[0][2][0]));
  assert.ok(Math.abs(m.low - (ref.mean - ref.sd)) < 1e-12 && Math.abs(m.high - (ref.mean + ref.sd)) < 1e-12);
});

test('band rows keep configurations apart, and count only the runs that reached an epoch', () => {
  const payload = makeCompare(4, 'mean-sd', { epochs: 3, layers: ['a'], groups: ['sgd', 'sgd', 'adam', 'adam'] });
  payload.runs[1].dynamics.epochs.pop(); // interrupted after 2 epochs
  const rows = bandPointRows(payload);
  assert.deepEqual(rows.map((r) => [r.group, r.epoch, r.n]), [['sgd', 1, 2], ['sgd', 2, 2], ['sgd', 3, 1], ['adam', 1, 2], ['adam', 2, 2], ['adam', 3, 2]]);
  const last = rows.find((r) => r.group === 'sgd' && r.epoch === 3) as BandPointRow;
  assert.equal(last.x, payload.runs[0].dynamics.epochs[2].mean[0][0][0], 'one run: its own value');
  assert.equal(last.xSd, 0);
  assert.deepEqual(seriesNames(payload), ['sgd: mean ± 1 sd over 2 runs', 'adam: mean ± 1 sd over 2 runs']);
});

test('the compare spec colours by run in the plane and the by-epoch panels, with one fixed domain, and compiles without warnings', async () => {
  const payload = makeCompare(3);
  const spec = buildCompareSpec(payload) as unknown as Json;
  const [plane, measures] = spec.vconcat as Json[];
  assert.deepEqual(plane.facet, { field: 'layer', type: 'nominal', title: null, sort: { field: 'layerIndex', op: 'min' }, header: { labelFontWeight: 'bold' } });
  assert.deepEqual(plane.resolve, { scale: { x: 'independent', y: 'independent' } }, 'each layer on its own scales, as the single-run plane');
  assert.equal((measures.facet as Json).field, 'panel');
  const all = units(spec);
  assert.deepEqual(all.map(markType), ['line', 'point', 'line', 'point']);
  for (const unit of all) {
    assert.equal(enc(unit, 'color').field, 'run');
    assert.deepEqual((enc(unit, 'color').scale as Json).domain, ['seed 1', 'seed 2', 'seed 3']);
  }
  assert.deepEqual(enc(all[0], 'order'), { field: 'epoch' }, 'trajectories in epoch order');
  assert.equal(((plane.title as Json).text), 'Information plane · HSIC · gaussian kernel · σ = 5 · biased');
  assert.match(String((plane.title as Json).subtitle), /x = HSIC\(H, X\), y = HSIC\(H, Y\) · 3 runs, coloured by run/);
  const datasets = spec.datasets as Record<string, RunPointRow[]>;
  assert.equal(datasets[COMPARE_DATASET.points].length, 3 * 7 * 5);

  const { warnings, vega } = await compileWithWarnings(buildCompareSpec(payload));
  assert.deepEqual(warnings, []);
  const view = await runHeadless(vega);
  const marks = view.marks();
  // Items: a vertex per run, layer and epoch, in the plane (5 layers) and in the by-epoch panels (10).
  assert.equal(marks.line, 3 * 7 * (5 + 10), JSON.stringify(marks));
  assert.equal(marks.symbol, 3 * 7 * (5 + 10), 'a point per run, layer and epoch, in the plane and in both panels of its layer');
  view.finalize();
});

test('the band spec: ±1 sd bars in the plane and bands by epoch, said on the chart as "mean ± 1 sd over N runs"', async () => {
  const payload = makeCompare(3, 'mean-sd', { layers: ['a', 'b'] });
  const spec = buildCompareSpec(payload) as unknown as Json;
  const [plane] = spec.vconcat as Json[];
  const all = units(spec);
  assert.deepEqual(all.map(markType), ['rule', 'rule', 'line', 'point', 'area', 'line', 'point']);
  const [xBar, yBar, , , area] = all;
  assert.deepEqual([enc(xBar, 'x').field, enc(xBar, 'x2').field], ['xLow', 'xHigh']);
  assert.deepEqual([enc(yBar, 'y').field, enc(yBar, 'y2').field], ['yLow', 'yHigh']);
  assert.deepEqual([enc(area, 'y').field, enc(area, 'y2').field], ['low', 'high']);
  // An order channel would make Vega-Lite cut the band into one area per epoch.
  assert.equal((area.encoding as Json).order, undefined);
  for (const unit of all) assert.deepEqual((enc(unit, 'color').scale as Json).domain, ['mean ± 1 sd over 3 runs'], 'the legend says what the band is');
  assert.match(String((plane.title as Json).subtitle), /mean ± 1 sd over 3 runs/);
  assert.match(compareCaptions(payload)[0], /mean ± 1 sd over 3 runs: seed 1 \(run run-1, wasm, 7 epochs, done\); seed 2/);

  const { warnings, vega } = await compileWithWarnings(buildCompareSpec(payload));
  assert.deepEqual(warnings, []);
  const view = await runHeadless(vega);
  const marks = view.marks();
  assert.equal(marks.rule, 2 * 7 * 2, 'two bars per layer and epoch');
  assert.equal(marks.area, 4 * 7, 'a band through every epoch of each panel (2 layers × 2 measures)');
  view.finalize();
});

test('several evaluators: a select picks the one shown, the title follows it', async () => {
  const payload = makeCompare(2, 'none', { evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR], layers: ['a'] });
  const spec = buildCompareSpec(payload) as unknown as Json;
  assert.deepEqual((spec.params as Json[])[0].bind, { input: 'select', options: [0, 1], labels: ['HSIC', 'KDEMI'], name: 'estimator ' });
  const view = await runHeadless((await compileWithWarnings(buildCompareSpec(payload))).vega);
  assert.ok(view.titles().some((t) => String(t).includes('HSIC · gaussian kernel')));
  await view.signal('evaluator', 1);
  assert.ok(view.titles().some((t) => String(t).includes('KDEMI')), JSON.stringify(view.titles()));
  view.finalize();
});

test('the compare validator accepts a good payload and names what is wrong in a bad one', () => {
  assert.ok(validateComparePayload(makeCompare(2)).ok);
  const cases: [unknown, RegExp][] = [
    [{ ...makeCompare(2), version: 2 }, /version 2 of the compare format/],
    [{ ...makeCompare(2), runs: [] }, /non-empty/],
    [{ ...makeCompare(2), aggregate: 'median' }, /aggregate/],
    [{ ...makeCompare(2), runs: makeCompare(2).runs.map((r) => ({ ...r, label: 'same' })) }, /used twice/],
    [{ ...makeCompare(1), runs: [...makeCompare(1).runs, makeCompare(1, 'none', { layers: ['x'] }).runs[0]].map((r, i) => ({ ...r, label: `r${i}` })) }, /other layers or evaluators/],
    [{ ...makeCompare(1), runs: [{ label: 'a', group: 'g', dynamics: { version: 1 } }] }, /runs\[0\] \(a\): Cannot show these training dynamics/],
  ];
  for (const [value, message] of cases) {
    const check = validateComparePayload(value);
    assert.ok(!check.ok);
    assert.match(check.message, message);
  }
});
