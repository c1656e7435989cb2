/**
 * The plane's scales, drawn headless by Vega: each layer's small multiple on
 * its own scales (the output layer's ~1e-4 values no longer collapse into a
 * corner), and no point drawn past its plot's edge, where the clip would cut it.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { controlParams, DATASET, UNDRAWN_MARK_PREFIX, planeSpec, toRows, type PlaneScales, type PointRow } from '../../src/charts/index';
import { makePayload } from './fixtures/payload';

interface Cell {
  layer: string;
  width: number;
  height: number;
  /** Bounds of every drawn point, in the cell's coordinates. */
  points: { x1: number; x2: number; y1: number; y2: number; x: number; y: number }[];
}

type SceneItem = { marktype?: string; name?: string; items?: SceneItem[]; width?: number; height?: number; datum?: { layer?: string }; x?: number; y?: number; bounds?: { x1: number; x2: number; y1: number; y2: number } };

/** Layers 'a' and 'b' as the fixture makes them; 'out' 10⁴ times smaller; 'edge' exactly on round numbers, where a nice domain ends. */
async function drawPlane(scales: PlaneScales | undefined): Promise<Cell[]> {
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
  const cells: Cell[] = [];
  const walk = (item: SceneItem, cell: Cell | undefined) => {
    if (item.marktype === 'symbol' && item.name?.startsWith(UNDRAWN_MARK_PREFIX)) return;
    if (item.marktype === 'symbol') return cell?.points.push(...(item.items ?? []).map((p) => ({ ...p.bounds!, x: p.x!, y: p.y! })));
    for (const child of item.items ?? []) {
      // Vega-Lite names the facet's cell groups 'cell'; each item is one layer's plot.
      if (item.marktype === 'group' && item.name === 'cell') {
        const next = { layer: String(child.datum?.layer), width: child.width ?? 0, height: child.height ?? 0, points: [] };
        cells.push(next);
        walk(child, next);
      } else walk(child, cell);
    }
  };
  walk((view.scenegraph() as unknown as { root: SceneItem }).root, undefined);
  view.finalize();
  return cells;
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

for (const scales of [undefined, 'shared'] as const) {
  test(`no point is drawn outside its plot (${scales ?? 'independent'} scales)`, async () => {
    const cells = await drawPlane(scales);
    assert.deepEqual(cells.map((c) => c.layer), ['a', 'b', 'out', 'edge']);
    for (const cell of cells) {
      assert.equal(cell.points.length, 4 * 5 + 4, `${cell.layer}: every batch and mean point drawn`);
      for (const p of cell.points) {
        assert.ok(p.x1 >= 0 && p.y1 >= 0 && p.x2 <= cell.width && p.y2 <= cell.height, `${cell.layer}: a point at (${p.x.toFixed(1)}, ${p.y.toFixed(1)}) reaches past the ${cell.width} × ${cell.height} plot`);
      }
    }
  });
}

test("each layer's small multiple has its own scales by default: a layer 10⁴ times smaller fills its plot", async () => {
  for (const cell of await drawPlane(undefined)) {
    assert.ok(spread(cell.points.map((p) => p.x)) > 0.5 * cell.width, `${cell.layer} spans its plot's width`);
    assert.ok(spread(cell.points.map((p) => p.y)) > 0.5 * cell.height, `${cell.layer} spans its plot's height`);
  }
  // On one shared scale the small layer collapses into a corner: what independent scales fix.
  const shared = (await drawPlane('shared')).find((c) => c.layer === 'out')!;
  assert.ok(spread(shared.points.map((p) => p.x)) < 0.02 * shared.width);
});
