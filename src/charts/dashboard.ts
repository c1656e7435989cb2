/**
 * The whole dynamics chart from one payload: the information plane, each
 * measure by epoch, then loss and accuracy, with the controls above. The
 * data travel inline as named datasets so the spec is self-contained (HTML
 * report, PNG/SVG export) and a live update can swap them in place.
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import { hasBaseline } from './baseline';
import { controlParams, type Detail } from './controls';
import { DATASET, type ChartRows } from './fields';
import { measuresSpec } from './measures';
import { metricsSpec } from './metrics';
import { planeSpec, type PlaneScales } from './plane';
import { toRows, type RowOptions } from './rows';
import { hasSimilarity, similaritySpec } from './similarity';
import { dashboardSizes, DEFAULT_WIDTH, type LayerLayout } from './sizes';
import { LIGHT_THEME, themeConfig, type ChartTheme } from './theme';
import type { TopLevelSpec } from './vl';

export interface DynamicsChartOptions extends RowOptions {
  /** Pixels available for the whole chart (the output area's width). Default 720. */
  width?: number;
  /** Layers as small multiples ('facet', default) or in one panel by colour ('overlay'). */
  layout?: LayerLayout;
  /** Small multiples on scales of their own ('independent', default) or one shared scale. */
  scales?: PlaneScales;
  /** Initial value of the points control. Default 'both'. */
  detail?: Detail;
  theme?: ChartTheme;
  /** Rows already computed by toRows (the renderer reuses them); by default computed here. */
  rows?: ChartRows;
}

export function buildDynamicsSpec(payload: DynamicsPayload, options: DynamicsChartOptions = {}): TopLevelSpec {
  const layout = options.layout ?? 'facet';
  const scales = options.scales ?? 'independent';
  const sizes = dashboardSizes(options.width ?? DEFAULT_WIDTH, payload.layers.length, layout, layout === 'facet' && scales === 'independent');
  const rows = options.rows ?? toRows(payload, options);
  const similarity = hasSimilarity(payload);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Training dynamics of run ${payload.runId}`,
    config: themeConfig(options.theme ?? LIGHT_THEME),
    datasets: {
      [DATASET.points]: rows[DATASET.points],
      [DATASET.measures]: rows[DATASET.measures],
      [DATASET.metrics]: rows[DATASET.metrics],
      ...(similarity ? { [DATASET.similarity]: rows[DATASET.similarity] } : {}),
    },
    params: controlParams(payload, options.detail),
    vconcat: [
      planeSpec(payload, { layout, size: sizes.plane, columns: sizes.columns, scales, intervals: options.intervals }),
      // Right after the plane, which it is linked to by hover; only for payloads with CKA maps.
      ...(similarity ? [similaritySpec(payload)] : []),
      // One overlaid plane is one scale: its by-epoch panels are the shared ones too.
      measuresSpec(payload, sizes.measure, layout === 'overlay' ? 'shared' : scales),
      metricsSpec(sizes.metric),
    ],
    spacing: 28,
    // Each part keeps its own colours and legends: epochs in the plane, layers by epoch, splits under.
    resolve: { scale: { color: 'independent', fill: 'independent', stroke: 'independent' }, legend: { color: 'independent', fill: 'independent', stroke: 'independent' } },
  };
}

/**
 * What, besides the data, shapes the spec: while this key stays the same a
 * live update only replaces the datasets (keeping selections and zoom);
 * when it changes the chart is rebuilt.
 */
export function structureKey(payload: DynamicsPayload, options: Pick<DynamicsChartOptions, 'layout' | 'scales' | 'intervals'> = {}): string {
  // hasSimilarity, hasBaseline: the heatmap and the floors appear with the first epoch that has them, which needs a new view.
  return JSON.stringify([payload.version, payload.runId, payload.backend, payload.layers, payload.evaluators, options.layout ?? 'facet', options.scales ?? 'independent', options.intervals ?? false, hasSimilarity(payload), hasBaseline(payload)]);
}
