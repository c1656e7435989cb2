/**
 * An estimator's baseline drawn as a floor (HSIC's baseline: 'permutation'):
 * the value its coordinates take when the layer is made independent of X and
 * Y by shuffling its rows. HSIC is never 0 on a finite batch (the biased
 * estimator's bias alone is ~1/n of the kernels' scale), so without this
 * level a reader cannot tell "compressed to independence" from "small".
 *
 * In the plane, each layer's small multiple gets a dashed vertical rule at
 * the baseline's x and a dashed horizontal one at its y, for the latest epoch
 * the scrubber reaches: points left of the first or below the second are
 * indistinguishable from independence. In the by-epoch panels, a dashed line
 * per layer follows the baseline epoch by epoch.
 */
import type { DynamicsPayload, EpochDynamics } from '../contract/dynamicsPayload';
import { scrubFilter } from './controls';
import type { PointRow } from './fields';
import type { LayerMember, TooltipFields, Transform } from './vl';

/** The dash of every baseline mark: a floor, not a trajectory. */
export const BASELINE_DASH = [5, 4];

/** Tooltip text of a baseline row's batch field, and the legend-less charts' wording. */
export const BASELINE_LABEL = 'permutation baseline';

/** Whether any epoch carries a baseline for any evaluator: payloads without one draw no floor. */
export function hasBaseline(payload: DynamicsPayload): boolean {
  return payload.epochs.some((e) => epochHasBaseline(e));
}

/** Whether evaluator `e` has a baseline in some epoch. */
export function hasBaselineFor(payload: DynamicsPayload, e: number): boolean {
  return payload.epochs.some((epoch) => epoch.baseline?.[e]?.some((pair) => pair != null) ?? false);
}

/** Whether an epoch has a baseline pair for some evaluator and layer ([E][L], null where an evaluator has none). */
export function epochHasBaseline(epoch: EpochDynamics): boolean {
  return epoch.baseline?.some((layers) => layers?.some((pair) => pair != null)) ?? false;
}

/** The subtitle's sentence: what the dashed lines are. */
export const BASELINE_CAPTION = 'dashed: permutation baseline, the value with the layer\'s rows shuffled (independence)';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One row per (epoch, evaluator with a baseline, layer), at the epoch's step (where its mean sits). */
export function baselineRows(payload: DynamicsPayload): PointRow[] {
  const rows: PointRow[] = [];
  for (const epoch of payload.epochs) {
    epoch.baseline?.forEach((layers, evaluator) =>
      layers?.forEach((pair, layerIndex) => {
        const [x, y] = pair ?? [];
        if (!finite(x) || !finite(y)) return;
        rows.push({ kind: 'baseline', evaluator, layer: payload.layers[layerIndex] ?? `layer ${layerIndex + 1}`, layerIndex, epoch: epoch.epoch, step: epoch.epoch, batch: BASELINE_LABEL, x, y });
      }),
    );
  }
  return rows;
}

/** Keeps the baseline rows of a dataset that holds them beside the means (their `kind`). */
export const BASELINE_FILTER = { filter: "datum.kind == 'baseline'" } as const;

/**
 * Which rows a floor's marks draw, and what the tooltip names before layer
 * and epoch. The single-run chart's defaults pick the scrubbed epoch's
 * rows; the compare chart (compare/baseline.ts) passes its own, as its rows
 * come already picked and belong to a run or a group.
 */
export interface FloorSource {
  transform: Transform[];
  /** Tooltip fields in front of layer and epoch: whose floor it is (the compare chart's run or group). */
  lead?: TooltipFields;
}

/** Each layer's baseline of the latest epoch the scrubber reaches (the last one while it follows the run). */
function latestBaseline(): Transform[] {
  return [
    BASELINE_FILTER,
    scrubFilter(),
    { joinaggregate: [{ op: 'max', field: 'epoch', as: 'baselineEpoch' }], groupby: ['layerIndex'] },
    { filter: 'datum.epoch == datum.baselineEpoch' },
  ] as Transform[];
}

const RULE = { type: 'rule', strokeDash: BASELINE_DASH, strokeWidth: 1.2, opacity: 0.8 } as const;

/**
 * The plane's floor: a vertical rule at the baseline's x and a horizontal one
 * at its y. `colour` is an encoding fragment: none in small multiples (the
 * theme's text colour, as the interval bars); in one overlaid panel the
 * layer's stroke; in the compare chart its run's or group's colour.
 */
export function planeBaselineLayers(x: object, y: object, colour: object = {}, source: FloorSource = { transform: latestBaseline() }): LayerMember[] {
  const tooltip = (coordinate: 'x' | 'y', title: string): TooltipFields => [
    ...(source.lead ?? []),
    { field: 'layer', type: 'nominal', title: 'layer' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'batch', type: 'nominal', title: 'what' },
    { field: coordinate, type: 'quantitative', title, format: '.4~g' },
  ];
  const xTitle = (x as { title?: string }).title ?? 'x';
  const yTitle = (y as { title?: string }).title ?? 'y';
  return [
    { transform: source.transform, mark: RULE, encoding: { x, tooltip: tooltip('x', xTitle), ...colour } },
    { transform: source.transform, mark: RULE, encoding: { y, tooltip: tooltip('y', yTitle), ...colour } },
  ] as LayerMember[];
}

/** The by-epoch panels' floor: a dashed line per layer (and, in the compare chart, per run or group) through each epoch's baseline. */
export function measureBaselineLayer(color: object, source: FloorSource = { transform: [BASELINE_FILTER, scrubFilter()] }): LayerMember {
  const tooltip: TooltipFields = [
    ...(source.lead ?? []),
    { field: 'layer', type: 'nominal', title: 'layer' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'batch', type: 'nominal', title: 'what' },
    { field: 'value', type: 'quantitative', title: 'value', format: '.4~g' },
  ];
  return {
    transform: source.transform,
    mark: { type: 'line', strokeDash: BASELINE_DASH, strokeWidth: 1.2, opacity: 0.85, point: false },
    encoding: { x: { field: 'epoch', type: 'quantitative', axis: { title: 'epoch', tickMinStep: 1 } }, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } }, color, order: { field: 'epoch' }, detail: { field: 'layer' }, tooltip },
  } as LayerMember;
}
