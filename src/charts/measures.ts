/**
 * Each measure against the epoch, per layer (the reference notebook's second
 * figure): one panel per coordinate, a line per layer through the per-epoch
 * means, with the (binned) per-batch values faint behind them.
 *
 * The panels are a facet over the long-form measure rows (not an hconcat):
 * a facet's cell size is a top-level Vega signal, which the renderer can
 * change when the output resizes without rebuilding the view, and each
 * panel's header is its evaluator's own label.
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import { hasBaseline, measureBaselineLayer } from './baseline';
import { BATCH_OPACITY, kindFilter, scrubFilter, selectionFilter } from './controls';
import { DATASET, NO_PARSE, VIEW } from './fields';
import { domainKeeper } from './plane';
import type { PlaneScales } from './plane';
import type { PanelSize } from './sizes';
import type { LayerMember, TooltipFields, ViewSpec } from './vl';

const EPOCH_AXIS = { title: 'epoch', tickMinStep: 1 } as const;

function layerColour(payload: DynamicsPayload) {
  // symbolOpacity: the legend would otherwise copy the faint batch points' opacity.
  return { field: 'layer', type: 'nominal', title: 'layer', scale: { domain: payload.layers }, sort: payload.layers, legend: { symbolOpacity: 1 } } as const;
}

function measureLayers(payload: DynamicsPayload): LayerMember[] {
  const value = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  const color = layerColour(payload);
  const tooltip: TooltipFields = [
    { field: 'layer', type: 'nominal', title: 'layer' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'batch', type: 'nominal', title: 'batch' },
    { field: 'measure', type: 'nominal', title: 'measure' },
    { field: 'value', type: 'quantitative', title: 'value', format: '.4~g' },
  ];
  const step = { field: 'step', type: 'quantitative', axis: EPOCH_AXIS } as const;
  return [
    domainKeeper('measures', step, value),
    ...(hasBaseline(payload) ? [measureBaselineLayer(color)] : []),
    {
      transform: [kindFilter('batch'), scrubFilter()],
      mark: { type: 'circle', size: 10, opacity: BATCH_OPACITY },
      encoding: { x: { field: 'step', type: 'quantitative', axis: EPOCH_AXIS }, y: value, color, tooltip },
    },
    {
      transform: [kindFilter('mean'), scrubFilter()],
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: { x: { field: 'epoch', type: 'quantitative', axis: EPOCH_AXIS }, y: value, color, order: { field: 'epoch' } },
    },
    {
      transform: [kindFilter('mean'), scrubFilter()],
      mark: { type: 'point', filled: true, size: 40 },
      encoding: { x: { field: 'epoch', type: 'quantitative', axis: EPOCH_AXIS }, y: value, color, tooltip },
    },
  ];
}

/**
 * On their own scales (the default, as in the plane), each layer gets a row
 * of panels, one per coordinate ('dense_4 · HSIC(H, X)', by epoch): an output
 * layer at ~1e-4 would otherwise be a flat line at 0 under layers at ~1e-2.
 * Shared, one panel per coordinate holds every layer.
 */
export function measuresSpec(payload: DynamicsPayload, size: PanelSize, scales: PlaneScales = 'independent'): ViewSpec {
  // labelLimit: a long layer name is cut with an ellipsis rather than widening the chart past its output.
  const header = { labelFontWeight: 'bold', labelAnchor: 'start', ...(scales === 'independent' ? { labelLimit: size.width } : {}) } as const;
  const facet =
    scales === 'independent'
      ? ({ field: 'layerPanel', type: 'nominal', title: null, sort: { field: 'layerPanelOrder', op: 'min' }, header } as const)
      : // 'panel' is e.g. 'HSIC(H, X) by epoch'; the first coordinate's panel comes first.
        ({ field: 'panel', type: 'nominal', title: null, sort: { field: 'coordinate', op: 'min' }, header } as const);
  const height = scales === 'independent' ? LAYER_ROW_HEIGHT : size.height;
  return {
    name: VIEW.measures,
    data: { name: DATASET.measures, format: NO_PARSE },
    transform: [selectionFilter()],
    facet,
    columns: 2,
    spec: { width: size.width, height, layer: measureLayers(payload) },
    resolve: { scale: { y: 'independent' } },
  };
}

/** A layer's row of by-epoch panels: lower than the shared panels, as there is one row per layer. */
export const LAYER_ROW_HEIGHT = 100;
