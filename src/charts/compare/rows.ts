/**
 * Compare payload → tidy rows. Runs: one row per (run, evaluator, layer,
 * epoch) mean. Aggregate ('mean-sd'): runs of one group reduced per (group,
 * evaluator, layer, epoch) to the mean and the sample standard deviation
 * over the runs that reached that epoch, with the band's bounds precomputed
 * so the spec draws them without expressions.
 */
import type { ComparePayload, EpochDynamics } from '../../contract/dynamicsPayload';

/** Names of the inline datasets a compare spec reads. */
export const COMPARE_DATASET = {
  points: 'ibnb_compare_points',
  measures: 'ibnb_compare_measures',
} as const;

/** A run's per-epoch mean in the plane. */
export interface RunPointRow {
  run: string;
  runIndex: number;
  evaluator: number;
  layer: string;
  layerIndex: number;
  epoch: number;
  x: number;
  y: number;
}

/** One coordinate of a RunPointRow, for the by-epoch panels (one panel per layer and coordinate). */
export interface RunMeasureRow {
  run: string;
  runIndex: number;
  evaluator: number;
  layer: string;
  layerIndex: number;
  epoch: number;
  /** 'dense_1 · HSIC(H, X) by epoch'. */
  panel: string;
  /** Panel order: layer first, then coordinate. */
  panelOrder: number;
  measure: string;
  value: number;
}

/** A group's mean ± 1 sd at one epoch, in the plane. */
export interface BandPointRow {
  group: string;
  /** The legend entry: 'mean ± 1 sd over 3 runs' (after the group's name when there are several). */
  series: string;
  evaluator: number;
  layer: string;
  layerIndex: number;
  epoch: number;
  /** Runs with a value at this epoch. */
  n: number;
  x: number;
  y: number;
  xSd: number;
  ySd: number;
  xLow: number;
  xHigh: number;
  yLow: number;
  yHigh: number;
}

/** One coordinate of a BandPointRow, for the by-epoch panels. */
export interface BandMeasureRow {
  group: string;
  series: string;
  evaluator: number;
  layer: string;
  layerIndex: number;
  epoch: number;
  n: number;
  panel: string;
  panelOrder: number;
  measure: string;
  mean: number;
  sd: number;
  low: number;
  high: number;
}

export interface CompareRows {
  [COMPARE_DATASET.points]: RunPointRow[] | BandPointRow[];
  [COMPARE_DATASET.measures]: RunMeasureRow[] | BandMeasureRow[];
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** An epoch's [evaluator][layer] pairs: its means, or (compare/baseline.ts) its baselines, null where there is none. */
type EpochPairs = (epoch: EpochDynamics) => EpochDynamics['baseline'];

/** Every run's per-epoch means, or other pairs (non-finite or missing ones left out: JSON carries NaN as null). */
export function runPointRows(payload: ComparePayload, pairsOf: EpochPairs = (epoch) => epoch.mean): RunPointRow[] {
  const rows: RunPointRow[] = [];
  payload.runs.forEach((run, runIndex) => {
    const { layers } = run.dynamics;
    for (const epoch of run.dynamics.epochs) {
      pairsOf(epoch)?.forEach((perLayer, evaluator) =>
        perLayer?.forEach((pair, layerIndex) => {
          const [x, y] = pair ?? [];
          if (finite(x) && finite(y)) rows.push({ run: run.label, runIndex, evaluator, layer: layers[layerIndex], layerIndex, epoch: epoch.epoch, x, y });
        }),
      );
    }
  });
  return rows;
}

function labelsOf(payload: ComparePayload): (readonly [string, string])[] {
  return (payload.runs[0]?.dynamics.evaluators ?? []).map((e) => [e.xLabel, e.yLabel] as const);
}

function panelOf(labels: (readonly [string, string])[], evaluator: number, layer: string, layerIndex: number, coordinate: 0 | 1) {
  const measure = labels[evaluator]?.[coordinate] ?? (coordinate === 0 ? 'x' : 'y');
  return { measure, panel: `${layer} · ${measure} by epoch`, panelOrder: layerIndex * 2 + coordinate };
}

/** The fields a plane row needs to become by-epoch rows. */
type PlaneRow = Pick<RunPointRow, 'evaluator' | 'layer' | 'layerIndex' | 'x' | 'y'>;

/** A plane row as a by-epoch row: one coordinate's value in its panel. */
export type MeasureRowOf<P> = Omit<P, 'x' | 'y'> & Pick<RunMeasureRow, 'panel' | 'panelOrder' | 'measure' | 'value'>;

/** Each plane row as two by-epoch rows, one per coordinate, with the row's other fields kept. */
export function measureRowsOf<P extends PlaneRow>(payload: ComparePayload, points: P[]): MeasureRowOf<P>[] {
  const labels = labelsOf(payload);
  return points.flatMap(({ x, y, ...p }) =>
    ([x, y] as const).map((value, c) => ({ ...p, ...panelOf(labels, p.evaluator, p.layer, p.layerIndex, c as 0 | 1), value })),
  );
}

export function runMeasureRows(payload: ComparePayload, points = runPointRows(payload)): RunMeasureRow[] {
  return measureRowsOf(payload, points);
}

/** Mean and sample standard deviation (n − 1; 0 for a single value, whose band is a point). */
export function meanSd(values: number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, sd: 0 };
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (n - 1)) };
}

/** Group names in the order their first run appears. */
export function groupsOf(payload: ComparePayload): string[] {
  return [...new Set(payload.runs.map((r) => r.group))];
}

/** 'mean ± 1 sd over 3 runs'. */
export function bandStatement(runs: number): string {
  return `mean ± 1 sd over ${runs} run${runs === 1 ? '' : 's'}`;
}

/** Runs per group, in group order. */
export function groupSizes(payload: ComparePayload): Map<string, number> {
  const sizes = new Map<string, number>(groupsOf(payload).map((g) => [g, 0]));
  for (const run of payload.runs) sizes.set(run.group, (sizes.get(run.group) ?? 0) + 1);
  return sizes;
}

/** Each group's legend entry: the band's statement, after the group's name when there are several. */
export function groupSeries(payload: ComparePayload): Map<string, string> {
  const sizes = groupSizes(payload);
  return new Map([...sizes].map(([group, n]) => [group, sizes.size === 1 ? bandStatement(n) : `${group}: ${bandStatement(n)}`]));
}

/** The row of each series (run or group), evaluator and layer at its last epoch. */
export function lastPerSeries<R extends RunPointRow | BandPointRow>(rows: readonly R[]): R[] {
  const last = new Map<string, R>();
  for (const row of rows) {
    const key = JSON.stringify(['run' in row ? row.run : row.group, row.evaluator, row.layerIndex]);
    if ((last.get(key)?.epoch ?? -Infinity) < row.epoch) last.set(key, row);
  }
  return [...last.values()];
}

/** Each group's mean ± 1 sd per evaluator, layer and epoch of its runs' rows (by default their means). */
export function bandPointRows(payload: ComparePayload, runs = runPointRows(payload)): BandPointRow[] {
  const cells = new Map<string, { group: string; evaluator: number; layer: string; layerIndex: number; epoch: number; xs: number[]; ys: number[] }>();
  for (const row of runs) {
    const group = payload.runs[row.runIndex].group;
    const key = JSON.stringify([group, row.evaluator, row.layerIndex, row.epoch]);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { group, evaluator: row.evaluator, layer: row.layer, layerIndex: row.layerIndex, epoch: row.epoch, xs: [], ys: [] }));
    cell.xs.push(row.x);
    cell.ys.push(row.y);
  }
  const order = groupsOf(payload);
  const series = groupSeries(payload);
  return [...cells.values()]
    .map(({ xs, ys, ...cell }) => {
      const x = meanSd(xs);
      const y = meanSd(ys);
      return { ...cell, series: series.get(cell.group) ?? cell.group, n: xs.length, x: x.mean, y: y.mean, xSd: x.sd, ySd: y.sd, xLow: x.mean - x.sd, xHigh: x.mean + x.sd, yLow: y.mean - y.sd, yHigh: y.mean + y.sd };
    })
    .sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group) || a.evaluator - b.evaluator || a.layerIndex - b.layerIndex || a.epoch - b.epoch);
}

export function bandMeasureRows(payload: ComparePayload, points = bandPointRows(payload)): BandMeasureRow[] {
  const labels = labelsOf(payload);
  return points.flatMap((p) =>
    ([0, 1] as const).map((c) => {
      const mean = c === 0 ? p.x : p.y;
      const sd = c === 0 ? p.xSd : p.ySd;
      const { group, series, evaluator, layer, layerIndex, epoch, n } = p;
      return { group, series, evaluator, layer, layerIndex, epoch, n, ...panelOf(labels, evaluator, layer, layerIndex, c), mean, sd, low: mean - sd, high: mean + sd };
    }),
  );
}

export function compareRows(payload: ComparePayload): CompareRows {
  if (payload.aggregate === 'mean-sd') {
    const points = bandPointRows(payload);
    return { [COMPARE_DATASET.points]: points, [COMPARE_DATASET.measures]: bandMeasureRows(payload, points) };
  }
  const points = runPointRows(payload);
  return { [COMPARE_DATASET.points]: points, [COMPARE_DATASET.measures]: runMeasureRows(payload, points) };
}
