/**
 * Several runs in one chart: the information plane per layer (small
 * multiples on scales of their own, as the single-run plane) with one
 * trajectory per run, coloured by run, then each layer's measures by epoch.
 * With aggregate 'mean-sd', each configuration's runs are one trajectory of
 * means with ±1 sd bars in the plane and ±1 sd bands by epoch. Where runs
 * have a permutation baseline, each run's or group's dashed floor sits under
 * them (compare/baseline.ts).
 */
import type { ComparePayload } from '../../contract/dynamicsPayload';
import { axisTitle } from '../caption';
import { PARAM } from '../controls';
import { NO_PARSE } from '../fields';
import { EDGE_PADDING } from '../plane';
import { dashboardSizes, DEFAULT_WIDTH } from '../sizes';
import { LIGHT_THEME, themeConfig, type ChartTheme } from '../theme';
import type { LayerMember, TooltipFields, TopLevelParameter, TopLevelSpec, ViewSpec } from '../vl';
import { floorMeasureLayers, floorPlaneLayers, floorRows, withoutFloor } from './baseline';
import { compareTitle, seriesNames, seriesTitle } from './caption';
import { COMPARE_DATASET, compareRows, type CompareRows } from './rows';

export interface CompareChartOptions {
  /** Pixels available for the whole chart. Default 720. */
  width?: number;
  theme?: ChartTheme;
  /** Rows already computed by compareRows; by default computed here. The floors' rows (compare/baseline.ts) are added to them here. */
  rows?: CompareRows;
}

const EPOCH_AXIS = { title: 'epoch', tickMinStep: 1 } as const;
const BAND_OPACITY = 0.22;

function evaluatorsOf(payload: ComparePayload) {
  return payload.runs[0]?.dynamics.evaluators ?? [];
}

/**
 * One colour per series; a fixed domain keeps each run's colour in both
 * parts and in the legend. The legend sits on top: its entries (run labels,
 * 'mean ± 1 sd over 3 runs') are longer than the room a right-hand legend gets.
 */
function colour(payload: ComparePayload) {
  const field = payload.aggregate === 'mean-sd' ? 'series' : 'run';
  const legend = { orient: 'top', direction: 'horizontal', symbolOpacity: 1, labelLimit: 360 } as const;
  return { field, type: 'nominal', title: seriesTitle(payload), scale: { domain: seriesNames(payload) }, sort: seriesNames(payload), legend } as const;
}

function evaluatorParam(payload: ComparePayload): TopLevelParameter {
  const evaluators = evaluatorsOf(payload);
  if (evaluators.length <= 1) return { name: PARAM.evaluator, value: 0 };
  const labels = evaluators.map((e, i, all) => (all.filter((o) => o.name === e.name).length > 1 ? `${e.name} (${i + 1})` : e.name));
  return { name: PARAM.evaluator, value: 0, bind: { input: 'select', options: evaluators.map((_, i) => i), labels, name: 'estimator ' } };
}

const shownEvaluator = { filter: `datum.evaluator == ${PARAM.evaluator}` } as const;

function planeLayers(payload: ComparePayload): LayerMember[] {
  const evaluators = evaluatorsOf(payload);
  const xTitle = axisTitle(evaluators, 'x');
  const yTitle = axisTitle(evaluators, 'y');
  const scale = { zero: false, padding: EDGE_PADDING } as const;
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale } as const;
  const y = { field: 'y', type: 'quantitative', title: yTitle, scale } as const;
  const color = colour(payload);
  const band = payload.aggregate === 'mean-sd';
  const tooltip: TooltipFields = [
    { field: color.field, type: 'nominal', title: color.title },
    { field: 'layer', type: 'nominal', title: 'layer' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'x', type: 'quantitative', title: band ? `${xTitle} (mean)` : xTitle, format: '.4~g' },
    { field: 'y', type: 'quantitative', title: band ? `${yTitle} (mean)` : yTitle, format: '.4~g' },
    ...(band
      ? ([
          { field: 'xSd', type: 'quantitative', title: `${xTitle} sd`, format: '.3~g' },
          { field: 'ySd', type: 'quantitative', title: `${yTitle} sd`, format: '.3~g' },
          { field: 'n', type: 'quantitative', title: 'runs' },
        ] as TooltipFields)
      : []),
  ];
  const bars: LayerMember[] = band
    ? [
        // ±1 sd of each coordinate, as a cross at every mean point: the plane's two axes each get their own spread.
        { mark: { type: 'rule', strokeWidth: 2, opacity: 0.45 }, encoding: { x: { ...x, field: 'xLow' }, x2: { field: 'xHigh' }, y, color } },
        { mark: { type: 'rule', strokeWidth: 2, opacity: 0.45 }, encoding: { x, y: { ...y, field: 'yLow' }, y2: { field: 'yHigh' }, color } },
      ]
    : [];
  return [
    // Under the trajectories: a floor to read them against, not something to hover first.
    ...floorPlaneLayers(payload, x, y, color),
    ...withoutFloor(payload, [
      ...bars,
      { mark: { type: 'line', strokeWidth: 1.75, opacity: 0.85 }, encoding: { x, y, color, order: { field: 'epoch' } } },
      { mark: { type: 'point', filled: true, size: 44, opacity: 1 }, encoding: { x, y, color, tooltip } },
    ]),
  ];
}

function measureLayers(payload: ComparePayload): LayerMember[] {
  const color = colour(payload);
  const x = { field: 'epoch', type: 'quantitative', axis: EPOCH_AXIS } as const;
  if (payload.aggregate === 'mean-sd') {
    const y = { field: 'mean', type: 'quantitative', title: null, scale: { zero: false } } as const;
    const tooltip: TooltipFields = [
      { field: 'series', type: 'nominal', title: color.title },
      { field: 'epoch', type: 'quantitative', title: 'epoch' },
      { field: 'measure', type: 'nominal', title: 'measure' },
      { field: 'mean', type: 'quantitative', title: 'mean', format: '.4~g' },
      { field: 'sd', type: 'quantitative', title: 'sd', format: '.3~g' },
      { field: 'n', type: 'quantitative', title: 'runs' },
    ];
    return [
      ...floorMeasureLayers(payload, color),
      ...withoutFloor(payload, [
        { mark: { type: 'area', opacity: BAND_OPACITY }, encoding: { x, y: { field: 'low', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'high' }, color } },
        { mark: { type: 'line', strokeWidth: 1.75 }, encoding: { x, y, color, order: { field: 'epoch' } } },
        { mark: { type: 'point', filled: true, size: 36 }, encoding: { x, y, color, tooltip } },
      ]),
    ];
  }
  const y = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  const tooltip: TooltipFields = [
    { field: 'run', type: 'nominal', title: 'run' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'measure', type: 'nominal', title: 'measure' },
    { field: 'value', type: 'quantitative', title: 'value', format: '.4~g' },
  ];
  return [
    ...floorMeasureLayers(payload, color),
    ...withoutFloor(payload, [
      { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color, order: { field: 'epoch' } } },
      { mark: { type: 'point', filled: true, size: 32 }, encoding: { x, y, color, tooltip } },
    ]),
  ];
}

export function buildCompareSpec(payload: ComparePayload, options: CompareChartOptions = {}): TopLevelSpec {
  const layers = payload.runs[0]?.dynamics.layers ?? [];
  const sizes = dashboardSizes(options.width ?? DEFAULT_WIDTH, layers.length, 'facet', true);
  const rows = options.rows ?? compareRows(payload);
  const floors = floorRows(payload);
  const plane: ViewSpec = {
    title: compareTitle(payload),
    data: { name: COMPARE_DATASET.points, format: NO_PARSE },
    transform: [shownEvaluator],
    facet: { field: 'layer', type: 'nominal', title: null, sort: { field: 'layerIndex', op: 'min' }, header: { labelFontWeight: 'bold' } },
    columns: sizes.columns,
    spec: { width: sizes.plane.width, height: sizes.plane.height, layer: planeLayers(payload) },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
  const measures: ViewSpec = {
    data: { name: COMPARE_DATASET.measures, format: NO_PARSE },
    transform: [shownEvaluator],
    // One panel per layer and coordinate ('dense_1 · HSIC(H, X) by epoch'): layers differ by orders of magnitude.
    facet: { field: 'panel', type: 'nominal', title: null, sort: { field: 'panelOrder', op: 'min' }, header: { labelFontWeight: 'bold', labelAnchor: 'start' } },
    columns: 2,
    spec: { width: sizes.measure.width, height: 130, layer: measureLayers(payload) },
    resolve: { scale: { y: 'independent' } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Comparison of ${payload.runs.length} runs: ${payload.runs.map((r) => r.label).join(', ')}`,
    config: themeConfig(options.theme ?? LIGHT_THEME),
    datasets: {
      [COMPARE_DATASET.points]: [...rows[COMPARE_DATASET.points], ...floors[COMPARE_DATASET.points]],
      [COMPARE_DATASET.measures]: [...rows[COMPARE_DATASET.measures], ...floors[COMPARE_DATASET.measures]],
    },
    params: [evaluatorParam(payload)],
    vconcat: [plane, measures],
    spacing: 28,
  };
}
