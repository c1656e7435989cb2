/**
 * The information plane: x = the evaluator's first measure (e.g. HSIC(H, X),
 * complexity), y = its second (e.g. HSIC(H, Y), relevance). Each tracked
 * layer's per-epoch means are joined in epoch order into a trajectory, points
 * coloured by epoch; per-batch points sit faintly behind. Layers are small
 * multiples ('facet') or share one panel, told apart by colour ('overlay').
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import { BASELINE_CAPTION, hasBaseline, planeBaselineLayers } from './baseline';
import { axisTitle, describeEvaluator, expressionString } from './caption';
import { BATCH_OPACITY, kindFilter, PARAM, scrubFilter, selectionFilter } from './controls';
import { DATASET, NO_PARSE, UNDRAWN_MARK_PREFIX, VIEW } from './fields';
import { FADED, HOVER, LAYER_LIT, hasSimilarity, hoverParam } from './similarity';
import type { LayerLayout, PanelSize } from './sizes';
import type { LayerMember, TooltipFields, UnitParameter, ViewSpec } from './vl';

export interface PlaneOptions {
  layout: LayerLayout;
  size: PanelSize;
  columns: number;
  /** Small multiples: each layer on its own x/y scales (default) or all on one. */
  scales?: PlaneScales;
  /** Draw each mean's bootstrap interval (the rows carry xLo…yHi: RowOptions.intervals). */
  intervals?: boolean;
}

/**
 * Layers differ by orders of magnitude (HSIC of the output layer ~1e-4 at
 * σ = 5, against ~1e-2 for the first): on one shared scale the small ones
 * collapse into a corner, so each small multiple gets its own by default.
 */
export type PlaneScales = 'independent' | 'shared';

/**
 * Pixels kept free inside each edge of the plane: a mean point (size 56,
 * radius ≈ 4.2 px, plus its outline) at the domain's end would otherwise be
 * cut in half by the plot's clip, which pan and zoom need.
 */
export const EDGE_PADDING = 8;

/** 'Information plane · HSIC · gaussian kernel · σ = 5 · biased' for the evaluator shown. */
export function planeTitle(payload: DynamicsPayload, intervals = false): ViewSpec['title'] {
  const titles = payload.evaluators.map((e) => `Information plane · ${describeEvaluator(e)}`);
  const bars = `${intervals ? " · bars: 95 % bootstrap interval of each epoch's mean over its batches" : ''}${hasBaseline(payload) ? ` · ${BASELINE_CAPTION}` : ''}`;
  const subtitle = `${payload.evaluators.map((e) => `x = ${e.xLabel}, y = ${e.yLabel}`)[0] ?? ''} · run ${payload.runId} · ${payload.backend}${bars}`;
  if (titles.length <= 1) return { text: titles[0] ?? 'Information plane', subtitle };
  // The title follows the evaluator control (axis titles cannot; see axisTitle).
  return { text: { expr: `[${titles.map(expressionString).join(', ')}][${PARAM.evaluator}]` }, subtitle: `run ${payload.runId} · ${payload.backend}${bars}` };
}

/** The x/y/tooltip encodings every plane layer shares. */
function coordinates(payload: DynamicsPayload) {
  const xTitle = axisTitle(payload.evaluators, 'x');
  const yTitle = axisTitle(payload.evaluators, 'y');
  const tooltip: TooltipFields = [
    { field: 'layer', type: 'nominal', title: 'layer' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'batch', type: 'nominal', title: 'batch' },
    { field: 'x', type: 'quantitative', title: xTitle, format: '.4~g' },
    { field: 'y', type: 'quantitative', title: yTitle, format: '.4~g' },
  ];
  return {
    tooltip,
    x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false, padding: EDGE_PADDING } },
    y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false, padding: EDGE_PADDING } },
  } as const;
}

// Legends would otherwise copy the first layer's opacity: the faint batch points.
const EPOCH_FILL = { field: 'epoch', type: 'quantitative', title: 'epoch', legend: { tickMinStep: 1, format: 'd', gradientOpacity: 1 } } as const;

function layerColour(payload: DynamicsPayload) {
  // A fixed domain keeps each layer's colour when layers are hidden or a run adds data.
  // Rings in the legend: the points' fill shows the epoch, their outline the layer.
  return { field: 'layer', type: 'nominal', title: 'layer', scale: { domain: payload.layers }, sort: payload.layers, legend: { symbolOpacity: 1, symbolFillColor: 'transparent', symbolStrokeWidth: 2 } } as const;
}

/**
 * Every point, drawn invisibly under the rest: the scales then span the whole
 * run, so scrubbing or playing moves the points across fixed axes instead of
 * rescaling them at every step (and `more`, e.g. the epoch colours, keeps its
 * scale too). Without a tooltip it answers no hover.
 */
export function domainKeeper(view: string, x: object, y: object, more: object = {}): LayerMember {
  return { name: `${UNDRAWN_MARK_PREFIX}${view}`, mark: { type: 'point', opacity: 0, size: 1 }, encoding: { x, y, ...more } } as LayerMember;
}

/** Crossed bars through each mean: its 95 % bootstrap interval in x and in y. */
function intervalLayers(x: object, y: object): LayerMember[] {
  // No colour of their own: neutral marks take the theme's text colour (theme.ts).
  const bar = { type: 'rule', strokeWidth: 1.2, opacity: 0.7 } as const;
  const transform = [kindFilter('mean'), scrubFilter(), { filter: 'isValid(datum.xLo)' }];
  const tooltip: TooltipFields = [
    { field: 'layer', type: 'nominal', title: 'layer' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'xLo', type: 'quantitative', title: 'x 95 % low', format: '.4~g' },
    { field: 'xHi', type: 'quantitative', title: 'x 95 % high', format: '.4~g' },
    { field: 'yLo', type: 'quantitative', title: 'y 95 % low', format: '.4~g' },
    { field: 'yHi', type: 'quantitative', title: 'y 95 % high', format: '.4~g' },
  ];
  return [
    { transform, mark: bar, encoding: { x: { ...x, field: 'xLo' }, x2: { field: 'xHi' }, y, tooltip } },
    { transform, mark: bar, encoding: { x, y: { ...y, field: 'yLo' }, y2: { field: 'yHi' }, tooltip } },
  ] as LayerMember[];
}

/** The plane's marks: interval bars and baseline rules, the domain keeper, faint batch points, the mean trajectory, the mean points (which carry pan and zoom). */
export function planeLayers(payload: DynamicsPayload, layout: LayerLayout, intervals = false): LayerMember[] {
  const { x, y, tooltip } = coordinates(payload);
  const zoom: UnitParameter = { name: PARAM.zoom, select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' };
  const overlay = layout === 'overlay';
  return [
    ...(intervals ? intervalLayers(x, y) : []),
    // Under the points: a floor to read them against, not something to hover first.
    ...(hasBaseline(payload) ? planeBaselineLayers(x, y, overlay ? { stroke: layerColour(payload) } : {}) : []),
    // The epoch colours too: epoch 2 keeps its colour while a replay shows epochs 1–2 only.
    domainKeeper('plane', x, y, { fill: EPOCH_FILL }),
    {
      transform: [kindFilter('batch'), scrubFilter()],
      mark: { type: 'circle', size: 14, opacity: BATCH_OPACITY },
      encoding: { x, y, fill: EPOCH_FILL, tooltip },
    },
    {
      transform: [kindFilter('mean'), scrubFilter()],
      mark: { type: 'line', strokeWidth: 1.5, opacity: 0.75 },
      encoding: overlay ? { x, y, order: { field: 'epoch' }, stroke: layerColour(payload) } : { x, y, order: { field: 'epoch' }, detail: { field: 'layer' } },
    },
    {
      // The hover selection links the plane to the CKA heatmap (similarity.ts); harmless without one.
      params: [zoom, hoverParam(HOVER.layer, ['layerIndex'])],
      transform: [kindFilter('mean'), scrubFilter()],
      mark: { type: 'point', filled: true, size: 56, strokeWidth: overlay ? 1.5 : 0.5 },
      encoding: { x, y, fill: EPOCH_FILL, tooltip, opacity: hoverOpacity(payload), ...(overlay ? { stroke: layerColour(payload) } : {}) },
    },
  ];
}

/** Faded unless the hovered CKA cell is one of this point's layer's; the store exists only with the heatmap. */
function hoverOpacity(payload: DynamicsPayload) {
  return hasSimilarity(payload) ? { condition: { test: LAYER_LIT, value: 1 }, value: FADED } : { value: 1 };
}

export function planeSpec(payload: DynamicsPayload, options: PlaneOptions): ViewSpec {
  const { width, height } = options.size;
  const layer = planeLayers(payload, options.layout, options.intervals);
  const common = { name: VIEW.plane, title: planeTitle(payload, options.intervals), data: { name: DATASET.points, format: NO_PARSE }, transform: [selectionFilter()] };
  if (options.layout === 'overlay') return { ...common, width, height, layer };
  return {
    ...common,
    facet: { field: 'layer', type: 'nominal', title: null, sort: { field: 'layerIndex', op: 'min' }, header: { labelFontWeight: 'bold' } },
    columns: options.columns,
    spec: { width, height, layer },
    ...(options.scales === 'shared' ? {} : { resolve: { scale: { x: 'independent', y: 'independent' } } }),
  };
}
