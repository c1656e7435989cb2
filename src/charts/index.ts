/**
 * Pure chart builders: a dynamics payload → Vega-Lite specs. Runs in the
 * browser (the notebook renderer) and in Node (the HTML report); the
 * report's Node-only helper is in ./report.
 */
export { validatePayload, validateDelta, type PayloadCheck, type DeltaCheck } from './validate';
export { dynamicsDelta, mergeDynamics, type MergeResult } from './merge';
export { toRows, meanRows, batchRows, measureRows, metricRows, batchesPerPointFor, BATCH_POINTS_PER_LAYER, type RowOptions } from './rows';
export { countMarks, plotPoints, type PlotPoints } from './scene';
export { DATASET, VIEW, PLANE_CELLS, MEASURE_CELLS, UNDRAWN_MARK_PREFIX, rowKey, type ChartRows, type PointRow, type MeasureRow, type MetricRow, type SimilarityRow, type DatasetName } from './fields';
export { describeEvaluator, axisTitle, expressionString } from './caption';
export { controlParams, controlNames, scrubFilter, PARAM, DETAIL_OPTIONS, type Detail } from './controls';
export { scrubFrames, frameAt, type Frame, type ScrubMode } from './frames';
export { planeSpec, planeLayers, planeTitle, EDGE_PADDING, type PlaneScales } from './plane';
export { measuresSpec } from './measures';
export { metricsSpec } from './metrics';
export { buildDynamicsSpec, structureKey, type DynamicsChartOptions } from './dashboard';
export { dynamicsTextAlternative, type TextAlternative } from './textAlternative';
export { dashboardSizes, facetColumns, DEFAULT_WIDTH, type LayerLayout, type DashboardSizes, type PanelSize } from './sizes';
export { themeConfig, LIGHT_THEME, type ChartTheme, type ThemeKind } from './theme';
export type { TopLevelSpec, Config, ViewSpec } from './vl';
export { DYNAMICS_MIME, DYNAMICS_PAYLOAD_VERSION } from './contract';
export type { DynamicsPayload, DynamicsDelta, DynamicsDeltaMessage, DynamicsResyncMessage, EvaluatorInfo, EpochDynamics, BatchDynamics, RunStatus } from '../contract/dynamicsPayload';
export { buildCompareSpec, type CompareChartOptions } from './compare/spec';
export { compareRows, runPointRows, runMeasureRows, bandPointRows, bandMeasureRows, meanSd, bandStatement, COMPARE_DATASET, type CompareRows, type RunPointRow, type RunMeasureRow, type BandPointRow, type BandMeasureRow } from './compare/rows';
export { compareCaptions, compareTitle, seriesNames } from './compare/caption';
export { compareTextAlternative } from './compare/textAlternative';
export { floorRows, hasFloor, type FloorRow, type FloorRows } from './compare/baseline';
export { validateComparePayload, type CompareCheck } from './compare/validate';
export { COMPARE_MIME, COMPARE_PAYLOAD_VERSION } from './contract';
export type { ComparePayload, CompareRun, CompareAggregate } from '../contract/dynamicsPayload';
export { HOVER, FADED, hasSimilarity, similarityRows, similaritySpec } from './similarity';
export { hasBaseline, baselineRows, BASELINE_LABEL } from './baseline';
