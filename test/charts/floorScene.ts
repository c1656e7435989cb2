/**
 * Where headless Vega drew a chart's permutation-baseline floor: the plane's
 * cells with their dashed rules and mean points, and the dashed lines of the
 * by-epoch panels. Read by the single-run (baseline.test.ts) and compare
 * (compareFloor.test.ts) floor tests, which check that each rule passes
 * through the value it should, inside its plot.
 */
import { plotPoints, UNDRAWN_MARK_PREFIX, type TopLevelSpec } from '../../src/charts/index';

export type SceneItem = { marktype?: string; name?: string; items?: SceneItem[]; width?: number; height?: number; datum?: Record<string, unknown>; x?: number; y?: number; x2?: number; y2?: number; strokeDash?: number[] };

/** One layer's plot in the plane. */
export interface FloorCell {
  layer: string;
  width: number;
  height: number;
  /** The floor's rules (rows of kind 'baseline'). */
  rules: SceneItem[];
  /** The drawn mean points: kind 'mean' in a single run, no kind in a comparison (domain keepers and batch points left out). */
  means: SceneItem[];
}

export interface FloorScene {
  cells: FloorCell[];
  /** Dashed line marks: a line mark's items are its vertices, so one drawn line is one mark (per layer or series, and panel). */
  dashedLines: number;
  /** Points of the plane reaching past their plot's edge. */
  clipped: number;
}

function floorScene(root: SceneItem): FloorScene {
  const cells: FloorCell[] = [];
  let cellName: string | undefined;
  let dashedLines = 0;
  const walk = (item: SceneItem, cell: FloorCell | undefined) => {
    if (item.marktype === 'rule' && cell) cell.rules.push(...(item.items ?? []).filter((r) => r.datum?.kind === 'baseline'));
    if (item.marktype === 'symbol' && cell && !item.name?.startsWith(UNDRAWN_MARK_PREFIX)) cell.means.push(...(item.items ?? []).filter((p) => (p.datum?.kind ?? 'mean') === 'mean'));
    if (item.marktype === 'line' && item.items?.[0]?.strokeDash?.length) dashedLines += 1;
    for (const child of item.items ?? []) {
      // The plane's cells: Vega-Lite's facet groups ('…_cell') whose datum is a layer (the by-epoch panels' is a panel).
      if (item.marktype === 'group' && item.name?.endsWith('_cell') && typeof child.datum?.layer === 'string') {
        cellName = item.name;
        const next: FloorCell = { layer: child.datum.layer, width: child.width ?? 0, height: child.height ?? 0, rules: [], means: [] };
        cells.push(next);
        walk(child, next);
      } else walk(child, cell);
    }
  };
  walk(root, undefined);
  const clipped = cellName ? plotPoints(root, cellName).reduce((n, p) => n + p.outside.length, 0) : 0;
  return { cells, dashedLines, clipped };
}

/** Draws a spec in headless Vega (with `signals` set first, e.g. the scrubber's) and reads its floor. */
export async function drawFloor(spec: TopLevelSpec, signals: Record<string, unknown> = {}): Promise<FloorScene> {
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
  for (const [name, value] of Object.entries(signals)) view.signal(name, value);
  await view.runAsync();
  const scene = floorScene((view.scenegraph() as unknown as { root: SceneItem }).root);
  view.finalize();
  return scene;
}
