/**
 * The permutation baseline's floor in the compare chart, drawn as the
 * single-run chart draws it (src/charts/baseline.ts), once per series: each
 * run's own floor, coloured as its trajectory; with aggregate 'mean-sd', each
 * group's mean of its runs' baselines, coloured as its band. In the plane,
 * the dashed rules sit at the series' last epoch with a baseline (a
 * comparison has no scrubber); by epoch, a dashed line follows it.
 *
 * Floor rows share the trajectories' datasets (a facet's layers cannot have
 * data of their own), told apart by `kind: 'baseline'` as in the single-run
 * rows. Runs without a baseline add no rows, no marks and no filters: their
 * chart is as before.
 */
import type { ComparePayload, EpochDynamics } from '../../contract/dynamicsPayload';
import { BASELINE_FILTER, BASELINE_LABEL, hasBaseline, measureBaselineLayer, planeBaselineLayers, type FloorSource } from '../baseline';
import type { LayerMember, Transform } from '../vl';
import { bandPointRows, COMPARE_DATASET, lastPerSeries, measureRowsOf, runPointRows, type BandPointRow, type MeasureRowOf, type RunPointRow } from './rows';

/** A floor row: its plane or by-epoch row, tagged as the single-run baseline rows are ('what' in the tooltip reads `batch`). */
export type FloorRow<R> = R & { kind: 'baseline'; batch: typeof BASELINE_LABEL };

type FloorPoint = RunPointRow | BandPointRow;

export interface FloorRows {
  /** Each series' baseline at its last epoch with one, per evaluator and layer. */
  [COMPARE_DATASET.points]: FloorRow<FloorPoint>[];
  /** Every epoch's, one row per coordinate. */
  [COMPARE_DATASET.measures]: FloorRow<MeasureRowOf<FloorPoint>>[];
}

/** Whether any run has a baseline: without one the compare chart draws no floor. */
export function hasFloor(payload: ComparePayload): boolean {
  return payload.runs.some((run) => hasBaseline(run.dynamics));
}

const baselines = (epoch: EpochDynamics) => epoch.baseline;

/**
 * Each run's baselines per epoch, or with a band each group's mean of them:
 * per epoch over the group's runs that have one then (as the band's means
 * are over the runs that reached the epoch).
 */
function perEpoch(payload: ComparePayload): FloorPoint[] {
  const runs = runPointRows(payload, baselines);
  return payload.aggregate === 'mean-sd' ? bandPointRows(payload, runs) : runs;
}

export function floorRows(payload: ComparePayload): FloorRows {
  const rows = perEpoch(payload);
  const tag = <R>(row: R): FloorRow<R> => ({ ...row, kind: 'baseline', batch: BASELINE_LABEL });
  // Runs may stop, or gain a baseline, at different epochs: each series' own last one.
  return { [COMPARE_DATASET.points]: lastPerSeries(rows).map(tag), [COMPARE_DATASET.measures]: measureRowsOf(payload, rows).map(tag) };
}

/** The trajectories' own rows, once floor rows share their dataset. */
const NOT_FLOOR: Transform = { filter: `!(${BASELINE_FILTER.filter})` };

/** Where floor rows are, each trajectory layer leaves them out (before its own transforms); without floors the layers are returned as they are. */
export function withoutFloor(payload: ComparePayload, layers: LayerMember[]): LayerMember[] {
  if (!hasFloor(payload)) return layers;
  return layers.map((layer) => ({ ...layer, transform: [NOT_FLOOR, ...(('transform' in layer && layer.transform) || [])] }) as LayerMember);
}

/** The floor rows, their tooltip naming the run or group by the colour's own field. */
function source(color: { field: string; title: string }): FloorSource {
  return { transform: [BASELINE_FILTER], lead: [{ field: color.field, type: 'nominal', title: color.title }] };
}

/** The plane's dashed rules per series, in its colour; none without a floor. */
export function floorPlaneLayers(payload: ComparePayload, x: object, y: object, color: { field: string; title: string }): LayerMember[] {
  return hasFloor(payload) ? planeBaselineLayers(x, y, { color }, source(color)) : [];
}

/** The by-epoch panels' dashed line per series; none without a floor. */
export function floorMeasureLayers(payload: ComparePayload, color: { field: string; title: string }): LayerMember[] {
  return hasFloor(payload) ? [measureBaselineLayer(color, source(color))] : [];
}
