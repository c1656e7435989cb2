/**
 * Panel sizes from the width the output area gives. Vega-Lite cannot size a
 * faceted or concatenated chart to its container ('container' width works
 * for single views only), so the builders take the width in pixels and the
 * renderer rebuilds the sizes when the output area resizes.
 */
export type LayerLayout = 'facet' | 'overlay';

export interface PanelSize {
  width: number;
  height: number;
}

export interface DashboardSizes {
  /** Columns of the small multiples (facet layout). */
  columns: number;
  plane: PanelSize;
  measure: PanelSize;
  metric: PanelSize;
}

export const DEFAULT_WIDTH = 720;
const MIN_WIDTH = 360;
/** Room for a y axis with its labels and title, per panel. */
const AXIS = 64;
/** Room for legends at the right of a row. */
const LEGEND = 110;
/** Vega-Lite's default spacing between facet cells and concatenated views. */
const SPACING = 20;

const clamp = (value: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, value)));

/** Small multiples wrap into at most three columns; four layers make a 2 × 2 grid. */
export function facetColumns(layerCount: number): number {
  if (layerCount <= 3) return Math.max(1, layerCount);
  return layerCount === 4 ? 2 : 3;
}

/** `axisPerPanel`: small multiples with scales of their own each draw a y axis. */
export function dashboardSizes(availableWidth: number, layerCount: number, layout: LayerLayout, axisPerPanel = false): DashboardSizes {
  const width = Math.max(MIN_WIDTH, Number.isFinite(availableWidth) ? availableWidth : DEFAULT_WIDTH);
  const columns = layout === 'facet' ? facetColumns(layerCount) : 1;
  const axes = axisPerPanel ? AXIS * columns : AXIS;
  const planeWidth =
    layout === 'facet'
      ? clamp((width - axes - LEGEND - SPACING * (columns - 1)) / columns, 110, 420)
      : clamp(width - AXIS - LEGEND, 200, 900);
  const planeHeight = layout === 'facet' ? clamp(planeWidth * 0.8, 110, 280) : clamp(planeWidth * 0.6, 200, 420);
  const halfWidth = clamp((width - 2 * AXIS - SPACING - LEGEND) / 2, 120, 600);
  return {
    columns,
    plane: { width: planeWidth, height: planeHeight },
    measure: { width: halfWidth, height: 160 },
    metric: { width: halfWidth, height: 130 },
  };
}
