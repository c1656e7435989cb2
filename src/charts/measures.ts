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
import { DATASET, NO_PARSE } from './fields';
import { domainKeeper } from './plane';
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

export function measuresSpec(payload: DynamicsPayload, size: PanelSize): ViewSpec {
  return {
    data: { name: DATASET.measures, format: NO_PARSE },
    transform: [selectionFilter()],
    // 'panel' is e.g. 'HSIC(H, X) by epoch'; the first coordinate's panel comes first.
    facet: { field: 'panel', type: 'nominal', title: null, sort: { field: 'coordinate', op: 'min' }, header: { labelFontWeight: 'bold', labelAnchor: 'start' } },
    columns: 2,
    spec: { width: size.width, height: size.height, layer: measureLayers(payload) },
    resolve: { scale: { y: 'independent' } },
  };
}
