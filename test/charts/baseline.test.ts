/**
 * HSIC's permutation baseline as a floor: its rows, its place in the specs,
 * and where headless Vega draws it (each layer's dashed rules at the
 * baseline's value on that layer's own scales, for the epoch the scrubber
 * reaches).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BASELINE_LABEL, baselineRows, buildDynamicsSpec, DATASET, dynamicsTextAlternative, hasBaseline, PARAM, rowKey, scrubFrames, structureKey, toRows, type DynamicsPayload,
} from '../../src/charts/index';
import { fixtureBaseline, HSIC_EVALUATOR, KDE_EVALUATOR, makePayload } from './fixtures/payload';
import { drawFloor } from './floorScene';

describe('baseline rows', () => {
  test('one row per epoch and layer of the evaluator that has a baseline; none for the evaluator without', () => {
    const payload = makePayload({ epochs: 3, batchesPerEpoch: 4, evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR], baseline: true });
    const rows = baselineRows(payload);
    assert.equal(rows.length, 3 * payload.layers.length);
    assert.ok(rows.every((r) => r.kind === 'baseline' && r.evaluator === 0 && r.step === r.epoch && r.batch === BASELINE_LABEL));
    const row = rows.find((r) => r.epoch === 2 && r.layerIndex === 3)!;
    assert.deepEqual([row.x, row.y], fixtureBaseline(2, 3));
    assert.equal(row.layer, payload.layers[3]);
  });

  test('payloads without a baseline (or with only nulls) have no rows and draw no floor', () => {
    const plain = makePayload({ epochs: 2 });
    assert.equal(hasBaseline(plain), false);
    assert.deepEqual(baselineRows(plain), []);
    const nulls = makePayload({ epochs: 2 });
    for (const e of nulls.epochs) e.baseline = [nulls.layers.map(() => null)];
    assert.equal(hasBaseline(nulls), false);
    assert.equal(JSON.stringify(buildDynamicsSpec(plain)).includes('strokeDash'), false);
  });

  test('toRows carries them, in both datasets, with keys of their own; the scrubber makes no frames of them', () => {
    const withBaseline = makePayload({ epochs: 3, batchesPerEpoch: 4, baseline: true });
    const rows = toRows(withBaseline);
    const points = rows[DATASET.points];
    assert.equal(points.filter((r) => r.kind === 'baseline').length, 3 * withBaseline.layers.length);
    assert.equal(rows[DATASET.measures].filter((r) => r.kind === 'baseline').length, 2 * 3 * withBaseline.layers.length);
    const keys = points.map((r) => rowKey(DATASET.points, r));
    assert.equal(new Set(keys).size, keys.length, 'every point row has its own key');
    const without = toRows(makePayload({ epochs: 3, batchesPerEpoch: 4 }))[DATASET.points];
    for (const mode of ['epoch', 'batch'] as const) assert.deepEqual(scrubFrames(points, mode), scrubFrames(without, mode));
  });

  test('the subtitle, the text alternative and the structure key say there is a floor', () => {
    const withBaseline = makePayload({ epochs: 3, baseline: true });
    const plain = makePayload({ epochs: 3 });
    const subtitle = (p: DynamicsPayload) => JSON.stringify((buildDynamicsSpec(p) as { vconcat: { title: unknown }[] }).vconcat[0].title);
    assert.match(subtitle(withBaseline), /dashed: permutation baseline/);
    assert.doesNotMatch(subtitle(plain), /baseline/);
    const text = dynamicsTextAlternative(withBaseline).summary;
    assert.match(text, /HSIC permutation baseline \(the layer's rows shuffled: the level of independence\) at epoch 3/);
    assert.ok(text.includes(`${withBaseline.layers[0]} ${fixtureBaseline(3, 0)[0].toPrecision(3)}, ${fixtureBaseline(3, 0)[1].toPrecision(3)}`), text);
    assert.doesNotMatch(dynamicsTextAlternative(plain).summary, /baseline/);
    assert.notEqual(structureKey(withBaseline), structureKey(plain), 'the floor appearing rebuilds the view');
  });
});

/** The plane's cells with their dashed rules and mean points, as headless Vega draws the whole dashboard. */
const drawDashboard = (payload: DynamicsPayload, upTo: number | null) => drawFloor(buildDynamicsSpec(payload), { [PARAM.upTo]: upTo });

/** A payload whose baseline of epoch e is exactly layer l's mean of epoch e: each rule must then pass through that mean point. */
function baselineAtMeans(): DynamicsPayload {
  const payload = makePayload({ epochs: 4, batchesPerEpoch: 6, baseline: true });
  for (const e of payload.epochs) e.baseline = e.mean.map((layers) => layers.map(([x, y]) => [x, y] as [number, number]));
  return payload;
}

describe('the floor as headless Vega draws it', () => {
  for (const upTo of [null, 2] as const) {
    test(`each layer's plot has a vertical and a horizontal dashed rule at its baseline of epoch ${upTo ?? 'last'}, inside the plot`, async () => {
      const payload = baselineAtMeans();
      const shown = upTo ?? payload.epochs.length;
      const { cells, clipped } = await drawDashboard(payload, upTo);
      assert.deepEqual(cells.map((c) => c.layer), payload.layers);
      assert.equal(clipped, 0, 'no point clipped');
      for (const cell of cells) {
        assert.equal(cell.rules.length, 2, `${cell.layer}: one vertical and one horizontal rule`);
        assert.ok(cell.rules.every((r) => r.datum?.epoch === shown), `${cell.layer}: the rules are epoch ${shown}'s`);
        const mean = cell.means.find((p) => p.datum?.epoch === shown);
        assert.ok(mean, `${cell.layer}: epoch ${shown}'s mean is drawn`);
        // Vega draws a rule from (x, y) to (x2, y2); a full-height one leaves x2 out, a full-width one y2.
        const vertical = cell.rules.find((r) => r.x2 === undefined)!;
        const horizontal = cell.rules.find((r) => r.y2 === undefined)!;
        assert.ok(vertical && horizontal, `${cell.layer}: ${JSON.stringify(cell.rules.map(({ x, x2, y, y2 }) => ({ x, x2, y, y2 })))}`);
        assert.ok(Math.abs(vertical.x! - mean.x!) < 1e-6, `${cell.layer}: vertical rule at x ${vertical.x}, the mean at ${mean.x}`);
        assert.ok(Math.abs(horizontal.y! - mean.y!) < 1e-6, `${cell.layer}: horizontal rule at y ${horizontal.y}, the mean at ${mean.y}`);
        assert.ok(vertical.x! >= 0 && vertical.x! <= cell.width && horizontal.y! >= 0 && horizontal.y! <= cell.height, `${cell.layer}: the floor is inside the plot`);
      }
    });
  }

  test('a baseline far below the trajectories widens the axes to show it, rather than being clipped', async () => {
    const payload = makePayload({ epochs: 3, batchesPerEpoch: 5, baseline: true });
    for (const e of payload.epochs) e.baseline = [payload.layers.map(() => [1e-3, 1e-3] as [number, number])];
    const { cells } = await drawDashboard(payload, null);
    for (const cell of cells) {
      assert.equal(cell.rules.length, 2);
      for (const r of cell.rules) {
        for (const x of [r.x, r.x2 ?? r.x]) assert.ok(x! >= 0 && x! <= cell.width, `${cell.layer}: rule inside the plot (x ${x})`);
        for (const y of [r.y, r.y2 ?? r.y]) assert.ok(y! >= 0 && y! <= cell.height, `${cell.layer}: rule inside the plot (y ${y})`);
      }
    }
  });

  test('the by-epoch panels draw a dashed baseline line per layer and measure', async () => {
    const payload = makePayload({ epochs: 3, batchesPerEpoch: 5, baseline: true });
    const { dashedLines } = await drawDashboard(payload, null);
    assert.equal(dashedLines, 2 * payload.layers.length);
    assert.equal((await drawDashboard(makePayload({ epochs: 3, batchesPerEpoch: 5 }), null)).dashedLines, 0);
  });
});
