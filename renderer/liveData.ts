/**
 * The dynamics chart's data inside a running view, updated by difference: a
 * live update sends Vega a changeset with only the rows that appeared,
 * changed or went (during training, the newest bin, the current epoch's
 * mean and metrics), so the cost of an update follows what changed, not the
 * size of the run, and the view keeps its selections, zoom and controls.
 */
import { vega, type Result } from 'vega-embed';
import { rowKey, type ChartRows, type DatasetName } from '../src/charts/index';

type View = Result['view'];
type Row = ChartRows[DatasetName][number];

/** Same values in every field of `next` (Vega may have added its own fields to `held`). */
function sameValues(held: Row, next: Row): boolean {
  const a = held as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  for (const key of Object.keys(b)) if (a[key] !== b[key]) return false;
  return true;
}

/** The extent of everything drawn (axes, legends, titles included), in view coordinates. */
function drawnBounds(view: View): string {
  const root = (view.scenegraph() as unknown as { root?: { bounds?: { x1: number; y1: number; x2: number; y2: number } } }).root;
  const b = root?.bounds;
  return b ? `${b.x1},${b.y1},${b.x2},${b.y2}` : '';
}

/**
 * Runs the view, then fits its canvas to what it drew if that grew or shrank.
 * Vega lays marks out again after a data change but sizes the canvas only
 * when asked (view.resize()), and a resize redraws everything, so it is asked
 * only when the drawing's extent changed (new facet cells, wider axis labels).
 */
export async function runAndFit(view: View): Promise<void> {
  const before = drawnBounds(view);
  await view.runAsync();
  if (drawnBounds(view) !== before) await view.resize().runAsync();
}

export interface DataChange {
  inserted: number;
  removed: number;
}

export class LiveDatasets {
  /** Per dataset: row key → the row object Vega holds as its tuple. */
  private readonly tables = new Map<DatasetName, Map<string, Row>>();

  /** Changes `view`'s datasets from what it holds to `rows`, and runs the view. */
  async apply(view: View, rows: ChartRows): Promise<DataChange> {
    const change: DataChange = { inserted: 0, removed: 0 };
    for (const name of Object.keys(rows) as DatasetName[]) {
      const held = this.tables.get(name) ?? new Map<string, Row>();
      const next = new Map<string, Row>();
      const insert: Row[] = [];
      const remove: Row[] = [];
      const repeats = new Map<string, number>();
      for (const row of rows[name] as Row[]) {
        let key = rowKey(name, row);
        // Keys should be unique; if a payload repeats a batch, number the repeats.
        const seen = repeats.get(key) ?? 0;
        repeats.set(key, seen + 1);
        if (seen > 0) key = `${key}#${seen}`;
        const old = held.get(key);
        held.delete(key);
        if (old && sameValues(old, row)) {
          next.set(key, old);
          continue;
        }
        if (old) remove.push(old);
        // Vega ingests the inserted object itself as its tuple, so it can be removed by reference later.
        insert.push(row);
        next.set(key, row);
      }
      for (const gone of held.values()) remove.push(gone);
      if (insert.length > 0 || remove.length > 0) view.change(name, vega.changeset().remove(remove).insert(insert));
      this.tables.set(name, next);
      change.inserted += insert.length;
      change.removed += remove.length;
    }
    await runAndFit(view);
    return change;
  }
}
