/**
 * The plane's scales, drawn headless by Vega: each layer's small multiple on
 * its own scales (the output layer's ~1e-4 values no longer collapse into a
 * corner), and no point drawn past its plot's edge, where the clip would cut it.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { controlParams, DATASET, PLANE_CELLS, planeSpec, plotPoints, toRows, type PlaneScales, type PlotPoints, type PointRow } from '../../src/charts/index';
import { makePayload } from './fixtures/payload';

/** Layers 'a' and 'b' as the fixture makes them; 'out' 10⁴ times smaller; 'edge' exactly on round numbers, where a nice domain ends. */
async function drawPlane(scales: PlaneScales | undefined): Promise<PlotPoints[]> {
  const payload = makePayload({ epochs: 4, batchesPerEpoch: 5, layers: ['a', 'b', 'out', 'edge'] });
  const points = toRows(payload)[DATASET.points] as PointRow[];
  for (const row of points) {
    if (row.layer === 'out') Object.assign(row, { x: row.x * 1e-4, y: row.y * 1e-4 });
    if (row.layer === 'edge') Object.assign(row, { x: row.epoch % 2, y: row.epoch >= 3 ? 1 : 0 });
  }
  const spec = { datasets: { [DATASET.points]: points }, params: controlParams(payload), ...planeSpec(payload, { layout: 'facet', size: { width: 200, height: 160 }, columns: 2, scales }) };
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
  await view.runAsync();
  const cells = plotPoints((view.scenegraph() as unknown as { root: unknown }).root, PLANE_CELLS);
  view.finalize();
  return cells;
}

for (const scales of [undefined, 'shared'] as const) {
  test(`no point is drawn outside its plot (${scales ?? 'independent'} scales)`, async () => {
    const cells = await drawPlane(scales);
    assert.deepEqual(cells.map((c) => c.panel), ['a', 'b', 'out', 'edge']);
    for (const cell of cells) {
      assert.equal(cell.points, 4 * 5 + 4, `${cell.panel}: every batch and mean point drawn`);
      assert.deepEqual(cell.outside, [], `${cell.panel}: points reach past the ${cell.width} × ${cell.height} plot`);
    }
  });
}

test("each layer's small multiple has its own scales by default: a layer 10⁴ times smaller fills its plot", async () => {
  for (const cell of await drawPlane(undefined)) {
    assert.ok(cell.spanX > 0.5 * cell.width, `${cell.panel} spans its plot's width`);
    assert.ok(cell.spanY > 0.5 * cell.height, `${cell.panel} spans its plot's height`);
  }
  // On one shared scale the small layer collapses into a corner: what independent scales fix.
  const shared = (await drawPlane('shared')).find((c) => c.panel === 'out')!;
  assert.ok(shared.spanX < 0.02 * shared.width);
});
