/**
 * The permutation baseline's floor in the compare chart: its rows (each
 * run's, or each group's mean of its runs'), its marks in the spec (only
 * with a baseline), its words in the subtitle and captions, and where
 * headless Vega draws it (each series' dashed rules through its value,
 * inside the plot of each layer).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BASELINE_LABEL, buildCompareSpec, COMPARE_DATASET, compareCaptions, floorRows, hasFloor, type ComparePayload, type FloorRow, type RunPointRow,
} from '../../src/charts/index';
import { compileWithWarnings, units } from './compile';
import { HSIC_EVALUATOR, KDE_EVALUATOR } from './fixtures/payload';
import { makeCompare } from './fixtures/compare';
import { drawFloor } from './floorScene';

type Json = Record<string, unknown>;

const dashed = (unit: Json) => Array.isArray((unit.mark as Json).strokeDash);
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

/** Run k's baseline of an epoch, evaluator 0 (the fixture's, scaled per run). */
const baselineOf = (payload: ComparePayload, run: number, epoch: number, layer: number) => payload.runs[run].dynamics.epochs[epoch - 1].baseline![0][layer]!;

describe('compare floor rows', () => {
  test("aggregate 'none': each run's baseline at its last epoch in the plane, every epoch's by epoch; none for an evaluator without one", () => {
    const payload = makeCompare(3, 'none', { epochs: 4, layers: ['a', 'b'], evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR], baseline: true });
    // Run 2 lost its last epoch's baseline: its floor is epoch 3's.
    payload.runs[1].dynamics.epochs[3].baseline![0] = [null, null];
    const rows = floorRows(payload);
    const points = rows[COMPARE_DATASET.points] as FloorRow<RunPointRow>[];
    assert.equal(points.length, 3 * 2, 'one per run and layer, of the evaluator with a baseline');
    for (const row of points) {
      assert.equal(row.kind, 'baseline');
      assert.equal(row.batch, BASELINE_LABEL);
      assert.equal(row.evaluator, 0);
      assert.equal(row.epoch, row.runIndex === 1 ? 3 : 4);
      assert.deepEqual([row.x, row.y], baselineOf(payload, row.runIndex, row.epoch, row.layerIndex));
    }
    assert.notDeepEqual(baselineOf(payload, 0, 4, 0), baselineOf(payload, 2, 4, 0), "the runs' floors differ");
    const measures = rows[COMPARE_DATASET.measures];
    assert.equal(measures.length, (3 * 4 - 1) * 2 * 2, 'every epoch with a baseline, per run, layer and coordinate');
    const one = measures.find((m) => 'run' in m && m.run === 'seed 3' && m.layer === 'b' && m.epoch === 2 && m.measure === 'HSIC(H, Y)');
    assert.equal(one?.value, baselineOf(payload, 2, 2, 1)[1]);
    assert.equal(one?.panel, 'b · HSIC(H, Y) by epoch');
  });

  test("aggregate 'mean-sd': each group's mean of its runs' baselines per epoch, over the runs that have one then", () => {
    const payload = makeCompare(4, 'mean-sd', { epochs: 3, layers: ['a'], groups: ['sgd', 'sgd', 'adam', 'adam'], baseline: true });
    delete payload.runs[1].dynamics.epochs[2].baseline; // run 2 has no baseline at epoch 3
    const rows = floorRows(payload);
    const points = rows[COMPARE_DATASET.points];
    assert.deepEqual(points.map((r) => ['group' in r && r.group, r.epoch]), [['sgd', 3], ['adam', 3]], "each group's floor at its last epoch");
    const sgd = points[0];
    assert.deepEqual([sgd.x, sgd.y], baselineOf(payload, 0, 3, 0), 'only run 1 has one at epoch 3: its own value');
    const adam = points[1];
    close(adam.x, (baselineOf(payload, 2, 3, 0)[0] + baselineOf(payload, 3, 3, 0)[0]) / 2, 'adam x: the mean of its two runs');
    close(adam.y, (baselineOf(payload, 2, 3, 0)[1] + baselineOf(payload, 3, 3, 0)[1]) / 2, 'adam y');
    assert.ok(points.every((r) => 'series' in r && r.series.endsWith('mean ± 1 sd over 2 runs')), 'coloured as its band');
    const byEpoch = rows[COMPARE_DATASET.measures].filter((m) => 'group' in m && m.group === 'sgd' && m.measure === 'HSIC(H, X)');
    assert.deepEqual(byEpoch.map((m) => [m.epoch, 'n' in m && m.n]), [[1, 2], [2, 2], [3, 1]]);
    close(byEpoch[1].value, (baselineOf(payload, 0, 2, 0)[0] + baselineOf(payload, 1, 2, 0)[0]) / 2, 'sgd epoch 2: the mean of both runs');
  });

  test('runs without a baseline have no floor rows', () => {
    const plain = makeCompare(3, 'none', { epochs: 3 });
    assert.equal(hasFloor(plain), false);
    assert.deepEqual(floorRows(plain), { [COMPARE_DATASET.points]: [], [COMPARE_DATASET.measures]: [] });
    assert.equal(hasFloor(makeCompare(3, 'none', { epochs: 3, baseline: true })), true);
  });
});

describe('the compare spec with floors', () => {
  test("aggregate 'none': dashed rules under the trajectories, a dashed line by epoch, coloured by run; the trajectories leave the floor rows out", async () => {
    const payload = makeCompare(3, 'none', { epochs: 4, layers: ['a', 'b'], baseline: true });
    const spec = buildCompareSpec(payload) as unknown as Json;
    const all = units(spec);
    assert.deepEqual(all.map((u) => [(u.mark as Json).type, dashed(u)]), [['rule', true], ['rule', true], ['line', false], ['point', false], ['line', true], ['line', false], ['point', false]]);
    for (const unit of all) {
      assert.equal(((unit.encoding as Json).color as Json).field, 'run', "each floor in its run's colour");
      assert.deepEqual(unit.transform, [{ filter: dashed(unit) ? "datum.kind == 'baseline'" : "!(datum.kind == 'baseline')" }]);
    }
    const datasets = spec.datasets as Record<string, unknown[]>;
    assert.equal(datasets[COMPARE_DATASET.points].length, 3 * 4 * 2 + 3 * 2, 'the means and a floor per run and layer');
    assert.deepEqual(((spec.vconcat as Json[])[0].title as Json).subtitle, ['x = HSIC(H, X), y = HSIC(H, Y) · 3 runs, coloured by run', "dashed: permutation baseline, the value with the layer's rows shuffled (independence)"], 'the floor said on a line of its own');
    assert.deepEqual((await compileWithWarnings(buildCompareSpec(payload))).warnings, []);
  });

  test("aggregate 'mean-sd': the group's floor in the band's colour; compiles without warnings", async () => {
    const payload = makeCompare(3, 'mean-sd', { epochs: 4, layers: ['a', 'b'], baseline: true });
    const all = units(buildCompareSpec(payload));
    assert.deepEqual(all.filter(dashed).map((u) => (u.mark as Json).type), ['rule', 'rule', 'line']);
    for (const unit of all.filter(dashed)) assert.equal(((unit.encoding as Json).color as Json).field, 'series');
    assert.deepEqual((await compileWithWarnings(buildCompareSpec(payload))).warnings, []);
  });

  test('without a baseline, the spec is as before: no dashed marks, no filters, no words about a floor', () => {
    for (const aggregate of ['none', 'mean-sd'] as const) {
      const spec = buildCompareSpec(makeCompare(3, aggregate, { epochs: 4 })) as unknown as Json;
      assert.equal(JSON.stringify(spec).includes('strokeDash'), false);
      assert.ok(units(spec).every((u) => u.transform === undefined));
      assert.doesNotMatch(JSON.stringify((spec.vconcat as Json[])[0].title), /baseline/);
    }
  });

  test("the report's captions name the floor for the evaluator that has one", () => {
    const [hsic, kde] = compareCaptions(makeCompare(2, 'none', { evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR], baseline: true }));
    assert.match(hsic, /; dashed: permutation baseline, the value with the layer's rows shuffled \(independence\)$/);
    assert.doesNotMatch(kde, /baseline/);
    assert.doesNotMatch(compareCaptions(makeCompare(2))[0], /baseline/);
  });
});

/** The plane's cells with their floor rules and mean points, and the dashed line marks, as headless Vega draws the compare chart. */
const drawCompare = (payload: ComparePayload) => drawFloor(buildCompareSpec(payload));

/** Each run's baseline of an epoch set to its mean of that epoch: each floor rule must pass through its series' last mean point. */
function baselineAtMeans(aggregate: ComparePayload['aggregate']): ComparePayload {
  const payload = makeCompare(3, aggregate, { epochs: 4, layers: ['a', 'b', 'c'], baseline: true });
  for (const run of payload.runs) for (const e of run.dynamics.epochs) e.baseline = e.mean.map((layers) => layers.map(([x, y]) => [x, y] as [number, number]));
  return payload;
}

describe('the compare floor as headless Vega draws it', () => {
  for (const aggregate of ['none', 'mean-sd'] as const) {
    test(`${aggregate}: in each layer's plot, every series' vertical and horizontal dashed rule passes through its last mean, inside the plot`, async () => {
      const payload = baselineAtMeans(aggregate);
      const series = aggregate === 'none' ? 3 : 1;
      const key = aggregate === 'none' ? 'run' : 'series';
      const { cells, clipped } = await drawCompare(payload);
      assert.deepEqual(cells.map((c) => c.layer), ['a', 'b', 'c']);
      assert.equal(clipped, 0, 'no point clipped');
      for (const cell of cells) {
        assert.equal(cell.rules.length, 2 * series, `${cell.layer}: two rules per series`);
        for (const rule of cell.rules) {
          const mean = cell.means.find((p) => p.datum?.[key] === rule.datum?.[key] && p.datum?.epoch === 4);
          assert.ok(mean, `${cell.layer}: the series' last mean is drawn`);
          // Vega draws a rule from (x, y) to (x2, y2); a full-height one leaves x2 out, a full-width one y2.
          if (rule.x2 === undefined) assert.ok(Math.abs(rule.x! - mean.x!) < 1e-6, `${cell.layer}: vertical rule at x ${rule.x}, the mean at ${mean.x}`);
          else assert.ok(Math.abs(rule.y! - mean.y!) < 1e-6, `${cell.layer}: horizontal rule at y ${rule.y}, the mean at ${mean.y}`);
        }
        assert.equal(cell.rules.filter((r) => r.x2 === undefined).length, series, `${cell.layer}: one vertical rule per series`);
      }
    });
  }

  test("a baseline far below the trajectories widens each plot's axes to show it, rather than being clipped", async () => {
    const payload = makeCompare(3, 'none', { epochs: 3, layers: ['a', 'b'], baseline: true });
    for (const run of payload.runs) for (const e of run.dynamics.epochs) e.baseline = [['a', 'b'].map(() => [1e-3, 1e-3] as [number, number])];
    const { cells, clipped } = await drawCompare(payload);
    assert.equal(clipped, 0);
    for (const cell of cells) {
      assert.equal(cell.rules.length, 2 * 3);
      for (const r of cell.rules) {
        for (const x of [r.x, r.x2 ?? r.x]) assert.ok(x! >= 0 && x! <= cell.width, `${cell.layer}: rule inside the plot (x ${x})`);
        for (const y of [r.y, r.y2 ?? r.y]) assert.ok(y! >= 0 && y! <= cell.height, `${cell.layer}: rule inside the plot (y ${y})`);
      }
    }
  });

  test('the by-epoch panels draw a dashed line per series and panel; none without a baseline', async () => {
    assert.equal((await drawCompare(makeCompare(3, 'none', { epochs: 3, layers: ['a', 'b'], baseline: true }))).dashedLines, 3 * 2 * 2);
    assert.equal((await drawCompare(makeCompare(4, 'mean-sd', { epochs: 3, layers: ['a', 'b'], groups: ['sgd', 'sgd', 'adam', 'adam'], baseline: true }))).dashedLines, 2 * 2 * 2);
    const plain = await drawCompare(makeCompare(3, 'none', { epochs: 3, layers: ['a', 'b'] }));
    assert.equal(plain.dashedLines, 0);
    assert.ok(plain.cells.every((c) => c.rules.length === 0));
  });
});
