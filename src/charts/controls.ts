/**
 * The chart's controls, as Vega-Lite parameters bound to inputs: they live in
 * the view, so a live data update keeps whatever the user picked.
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import type { TopLevelParameter, Transform } from './vl';

export const PARAM = {
  /** Index of the evaluator shown. */
  evaluator: 'evaluator',
  /** 'mean' | 'batch' | 'both': per-epoch means, per-batch points, or both. */
  detail: 'detail',
  /** Array of booleans, one per layer: shown or not. */
  layerShown: 'layerShown',
  /** The layer-i checkbox. */
  layer: (i: number) => `showLayer${i}`,
  /** Interval selection bound to the plane's scales: pan and zoom. */
  zoom: 'zoom',
  /**
   * The scrubber's position: the chart shows the run up to this step (the
   * PointRow.step axis: epoch − 1 + batch / batches per epoch, and the epoch
   * itself for its mean), or all of it while null (which also follows a live
   * run). The renderer's scrubber sets it; a static export shows everything.
   */
  upTo: 'upTo',
} as const;

export type Detail = 'mean' | 'batch' | 'both';
export const DETAIL_OPTIONS: Detail[] = ['mean', 'batch', 'both'];
const DETAIL_LABELS = ['per-epoch mean', 'per-batch', 'both'];

/** Names of the parameters a user sets (the renderer carries them across a re-embed). */
export function controlNames(payload: DynamicsPayload): string[] {
  return [PARAM.evaluator, PARAM.detail, PARAM.upTo, ...payload.layers.map((_, i) => PARAM.layer(i))];
}

export function controlParams(payload: DynamicsPayload, detail: Detail = 'both'): TopLevelParameter[] {
  const evaluatorLabels = payload.evaluators.map((e, i, all) => (all.filter((o) => o.name === e.name).length > 1 ? `${e.name} (${i + 1})` : e.name));
  const evaluator: TopLevelParameter =
    payload.evaluators.length > 1
      ? { name: PARAM.evaluator, value: 0, bind: { input: 'select', options: payload.evaluators.map((_, i) => i), labels: evaluatorLabels, name: 'estimator ' } }
      : { name: PARAM.evaluator, value: 0 };
  const layers: TopLevelParameter[] = payload.layers.map((name, i) => ({
    name: PARAM.layer(i),
    value: true,
    // The layer name is shown as the label's text (Vega sets textContent), never parsed as HTML.
    bind: { input: 'checkbox', name: ` ${name}` },
  }));
  return [
    evaluator,
    { name: PARAM.detail, value: detail, bind: { input: 'radio', options: DETAIL_OPTIONS, labels: DETAIL_LABELS, name: 'points ' } },
    ...layers,
    { name: PARAM.upTo, value: null },
    // One array parameter so filters need not spell out every layer.
    { name: PARAM.layerShown, expr: `[${payload.layers.map((_, i) => PARAM.layer(i)).join(', ')}]` },
  ];
}

/** Keeps the chosen evaluator and the checked layers. */
export function selectionFilter(): Transform {
  return { filter: `datum.evaluator == ${PARAM.evaluator} && ${PARAM.layerShown}[datum.layerIndex]` };
}

/**
 * Keeps what happened up to the scrubber's step. The tolerance absorbs the
 * float sum in PointRow.step, so the batch that ends an epoch is not lost.
 */
export function scrubFilter(): Transform {
  return { filter: `${PARAM.upTo} == null || datum.step <= ${PARAM.upTo} + 1e-9` };
}

/** Keeps one kind of point, while the detail control shows it. */
export function kindFilter(kind: 'mean' | 'batch'): Transform {
  const shown = kind === 'mean' ? `${PARAM.detail} != 'batch'` : `${PARAM.detail} != 'mean'`;
  return { filter: `datum.kind == '${kind}' && ${shown}` };
}

/** Batch points are faint behind the means, and plain when shown alone. */
export const BATCH_OPACITY = { expr: `${PARAM.detail} == 'batch' ? 0.65 : 0.22` };
