/**
 * Payload → tidy rows, the only data the charts read. Pure and fast: it runs
 * on every live update, so per-batch points are averaged into bins of
 * consecutive batches (7 × 750 batches drawn one by one, per layer and
 * measure, are slow to draw and no easier to read than ~160 bins).
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import { baselineRows } from './baseline';
import { meanIntervals } from './bootstrap';
import { similarityRows } from './similarity';
import { DATASET, type ChartRows, type MeasureRow, type MetricRow, type PointRow } from './fields';

export interface RowOptions {
  /**
   * Consecutive batches (of one epoch) averaged into one point per layer and
   * evaluator; 1 keeps every batch. Default: batchesPerPointFor(recorded batches).
   */
  batchesPerPoint?: number;
  /** Each per-epoch mean with its 95 % bootstrap interval over the epoch's batches (costs the chart the resampling). */
  intervals?: boolean;
}

/** Per-batch points per layer and evaluator over the whole run, at most (by default). */
export const BATCH_POINTS_PER_LAYER = 200;

/**
 * The smallest power of two that keeps a layer's batch points within
 * BATCH_POINTS_PER_LAYER (7 epochs × 750 batches: bins of 32, 164 points).
 * A power of two changes only when the run doubles in length, so during
 * training the bins, and the rows sent to the view, rarely all change.
 */
export function batchesPerPointFor(recordedBatches: number): number {
  let size = 1;
  while (recordedBatches / size > BATCH_POINTS_PER_LAYER) size *= 2;
  return size;
}

export function toRows(payload: DynamicsPayload, options: RowOptions = {}): ChartRows {
  const points = [...meanRows(payload, options.intervals), ...baselineRows(payload), ...batchRows(payload, options.batchesPerPoint)];
  return {
    [DATASET.points]: points,
    [DATASET.measures]: measureRows(payload, points),
    [DATASET.metrics]: metricRows(payload),
    [DATASET.similarity]: similarityRows(payload),
  };
}

/** Each point row as two rows, one per coordinate, labelled by its evaluator. */
export function measureRows(payload: DynamicsPayload, points: PointRow[]): MeasureRow[] {
  const labels = payload.evaluators.map((e) => [e.xLabel, e.yLabel] as const);
  const rows: MeasureRow[] = new Array(points.length * 2);
  let i = 0;
  for (const p of points) {
    const [xLabel, yLabel] = labels[p.evaluator] ?? ['x', 'y'];
    const { kind, evaluator, layer, layerIndex, epoch, step, batch } = p;
    const order = 2 * layerIndex;
    rows[i++] = { kind, evaluator, layer, layerIndex, epoch, step, batch, coordinate: 0, measure: xLabel, panel: `${xLabel} by epoch`, layerPanel: `${layer} · ${xLabel}`, layerPanelOrder: order, value: p.x };
    rows[i++] = { kind, evaluator, layer, layerIndex, epoch, step, batch, coordinate: 1, measure: yLabel, panel: `${yLabel} by epoch`, layerPanel: `${layer} · ${yLabel}`, layerPanelOrder: order + 1, value: p.y };
  }
  return rows;
}

/** Finite numbers only: the payload carries null where a value was NaN (JSON has no NaN). */
function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function meanRows(payload: DynamicsPayload, intervals = false): PointRow[] {
  const rows: PointRow[] = [];
  const bounds = intervals ? meanIntervals(payload) : undefined;
  const batchCounts = batchesPerEpoch(payload);
  for (const epoch of payload.epochs) {
    const count = batchCounts.get(epoch.epoch);
    const label = count ? `mean of ${count}` : 'mean';
    epoch.mean.forEach((layers, evaluator) =>
      layers.forEach((pair, layerIndex) => {
        const [x, y] = pair ?? [];
        if (!finite(x) || !finite(y)) return;
        const interval = bounds?.get(`${epoch.epoch}|${evaluator}|${layerIndex}`);
        rows.push({ kind: 'mean', evaluator, layer: payload.layers[layerIndex] ?? `layer ${layerIndex + 1}`, layerIndex, epoch: epoch.epoch, step: epoch.epoch, batch: label, x, y, ...interval });
      }),
    );
  }
  return rows;
}

function batchesPerEpoch(payload: DynamicsPayload): Map<number, number> {
  const counts = new Map<number, number>();
  for (const epoch of payload.batches?.epoch ?? []) counts.set(epoch, (counts.get(epoch) ?? 0) + 1);
  return counts;
}

/** Running sums of one bin of consecutive batches in one epoch. */
interface Bin {
  epoch: number;
  first: number;
  last: number;
  batchSum: number;
  batchCount: number;
  /** Per (evaluator, layer, coordinate): sum and count of finite values. */
  sums: Float64Array;
  counts: Uint32Array;
}

export function batchRows(payload: DynamicsPayload, batchesPerPoint?: number): PointRow[] {
  const batches = payload.batches;
  if (!batches || batches.epoch.length === 0) return [];
  const cell = payload.evaluators.length * payload.layers.length * 2;
  if (cell === 0) return [];
  const binSize = Math.max(1, Math.floor(batchesPerPoint ?? batchesPerPointFor(batches.epoch.length)));
  // The widest epoch seen places batches within their epoch on the epoch axis.
  let maxBatch = 1;
  for (const b of batches.batch) if (b > maxBatch) maxBatch = b;

  // Bins are by batch number, not by arrival, so a finished bin keeps its value while the run goes on.
  const bins = new Map<string, Bin>();
  const order: Bin[] = [];
  for (let i = 0; i < batches.epoch.length; i++) {
    const epoch = batches.epoch[i];
    const batch = batches.batch[i];
    const key = `${epoch}:${Math.floor((batch - 1) / binSize)}`;
    let bin = bins.get(key);
    if (!bin) {
      bin = { epoch, first: batch, last: batch, batchSum: 0, batchCount: 0, sums: new Float64Array(cell), counts: new Uint32Array(cell) };
      bins.set(key, bin);
      order.push(bin);
    }
    bin.first = Math.min(bin.first, batch);
    bin.last = Math.max(bin.last, batch);
    bin.batchSum += batch;
    bin.batchCount += 1;
    const base = i * cell;
    for (let c = 0; c < cell; c++) {
      const v = batches.values[base + c];
      if (finite(v)) {
        bin.sums[c] += v;
        bin.counts[c] += 1;
      }
    }
  }
  order.sort((a, b) => a.epoch - b.epoch || a.first - b.first);

  const rows: PointRow[] = [];
  const L = payload.layers.length;
  for (const bin of order) {
    const batch = bin.first === bin.last ? String(bin.first) : `${bin.first}–${bin.last}`;
    const step = bin.epoch - 1 + bin.batchSum / bin.batchCount / maxBatch;
    for (let e = 0; e < payload.evaluators.length; e++) {
      for (let l = 0; l < L; l++) {
        const at = (e * L + l) * 2;
        if (bin.counts[at] === 0 || bin.counts[at + 1] === 0) continue;
        rows.push({
          kind: 'batch',
          evaluator: e,
          layer: payload.layers[l],
          layerIndex: l,
          epoch: bin.epoch,
          step,
          batch,
          x: bin.sums[at] / bin.counts[at],
          y: bin.sums[at + 1] / bin.counts[at + 1],
        });
      }
    }
  }
  return rows;
}

export function metricRows(payload: DynamicsPayload): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const e of payload.epochs) {
    const push = (metric: MetricRow['metric'], split: MetricRow['split'], value: number | null | undefined) => {
      if (finite(value)) rows.push({ epoch: e.epoch, metric, split, value });
    };
    push('loss', 'training', e.loss);
    push('loss', 'validation', e.valLoss);
    push('accuracy', 'training', e.accuracy);
    push('accuracy', 'validation', e.valAccuracy);
  }
  return rows;
}
