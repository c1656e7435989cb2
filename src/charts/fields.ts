/**
 * Names shared by the transform (rows.ts), the spec builders and the
 * renderer's live updates: a live update replaces these named data sets in
 * the running view, so the names are part of the contract between them.
 */
export const DATASET = {
  /** Coordinates: per-epoch means and (binned) per-batch points of every evaluator and layer. */
  points: 'ibnb_points',
  /** The same coordinates in long form, one row per coordinate: the measures-by-epoch panels. */
  measures: 'ibnb_measures',
  /** Training and validation loss and accuracy per epoch. */
  metrics: 'ibnb_metrics',
  /** Layer × layer linear CKA on the probe batch, per epoch: the heatmap. */
  similarity: 'ibnb_similarity',
} as const;

/**
 * Names of the dashboard's faceted views. Vega-Lite names a facet's cell
 * groups '<view>_cell' in the scene graph, which is where tests (and the
 * renderer's snapshot) read what was drawn in each small multiple.
 */
export const VIEW = { plane: 'ibnb_plane', measures: 'ibnb_measures', metrics: 'ibnb_metrics' } as const;
export const PLANE_CELLS = `${VIEW.plane}_cell`;
export const MEASURE_CELLS = `${VIEW.measures}_cell`;

/**
 * Names of marks that are never seen (opacity 0) and only make a scale span
 * all the data (see domainKeeper); mark counts leave them out.
 */
export const UNDRAWN_MARK_PREFIX = 'ibnb_undrawn_';

export type DatasetName = (typeof DATASET)[keyof typeof DATASET];

/**
 * The rows are already typed (numbers are numbers), so Vega-Lite's per-row
 * parsing of named data is skipped; it would also write into the row objects.
 */
export const NO_PARSE = { parse: null } as const;

/** One information-plane coordinate pair, tidy: one row per (kind, evaluator, layer, epoch[, batch bin]). */
export interface PointRow {
  /**
   * 'mean': the epoch's mean over its batches; 'batch': one batch, or the mean
   * of a bin of consecutive batches; 'baseline': the epoch's mean baseline
   * (HSIC with the layer's rows shuffled, src/charts/baseline.ts).
   */
  kind: 'mean' | 'batch' | 'baseline';
  /** Index into payload.evaluators. */
  evaluator: number;
  layer: string;
  /** Index into payload.layers (filters use it: names may repeat or hold any text). */
  layerIndex: number;
  /** 1-based epoch. */
  epoch: number;
  /**
   * Position on a continuous epoch axis: the epoch itself for a mean, and
   * epoch − 1 + (batch / batches per epoch) for a batch, so an epoch's batches
   * lead up to its mean.
   */
  step: number;
  /** For tooltips: the batch ('17'), the bin of batches ('16–30'), 'mean' / 'mean of 750', or 'permutation baseline'. */
  batch: string;
  x: number;
  y: number;
  /** A mean's 95 % bootstrap interval over its epoch's batches (src/charts/bootstrap.ts), with the intervals option. */
  xLo?: number;
  xHi?: number;
  yLo?: number;
  yHi?: number;
}

/**
 * One coordinate of a PointRow, for the measures-by-epoch panels. Long form
 * in the data (not a Vega-Lite fold) so the browser does no per-row
 * expression work, and so each panel's title comes from its evaluator's label.
 */
export interface MeasureRow {
  kind: PointRow['kind'];
  evaluator: number;
  layer: string;
  layerIndex: number;
  epoch: number;
  step: number;
  batch: string;
  /** 0: the first coordinate (e.g. HSIC(H, X)), 1: the second. */
  coordinate: 0 | 1;
  /** The coordinate's label, e.g. 'HSIC(H, X)'. */
  measure: string;
  /** The panel on a scale shared by the layers: '<label> by epoch'. */
  panel: string;
  /** The panel on the layer's own scale: '<layer> · <label>' (its x axis says 'epoch'). */
  layerPanel: string;
  /** Its place: layer by layer, the first coordinate before the second. */
  layerPanelOrder: number;
  value: number;
}

export type MetricName = 'loss' | 'accuracy';
export type Split = 'training' | 'validation';

export interface MetricRow {
  epoch: number;
  metric: MetricName;
  split: Split;
  value: number;
}

/** One cell of an epoch's layer × layer CKA map. */
export interface SimilarityRow {
  epoch: number;
  /** The cell's row: index into payload.layers, and its name. */
  layerIndex: number;
  layer: string;
  /** The cell's column. */
  otherIndex: number;
  other: string;
  /** Linear CKA in [0, 1]; null where either layer is constant. */
  value: number | null;
}

export interface ChartRows {
  [DATASET.points]: PointRow[];
  [DATASET.measures]: MeasureRow[];
  [DATASET.metrics]: MetricRow[];
  [DATASET.similarity]: SimilarityRow[];
}

/**
 * Identity of a row across live updates (the renderer sends Vega only the rows
 * that changed). Not the values: a row whose values change keeps its key.
 */
export function rowKey(dataset: DatasetName, row: PointRow | MeasureRow | MetricRow | SimilarityRow): string {
  if (dataset === DATASET.similarity) {
    const r = row as SimilarityRow;
    return `${r.epoch}|${r.layerIndex}|${r.otherIndex}`;
  }
  if (dataset === DATASET.metrics) {
    const r = row as MetricRow;
    return `${r.epoch}|${r.metric}|${r.split}`;
  }
  const r = row as PointRow;
  const base = `${r.kind}|${r.evaluator}|${r.layerIndex}|${r.epoch}|${r.kind === 'batch' ? r.batch : ''}`;
  return dataset === DATASET.measures ? `${base}|${(row as MeasureRow).coordinate}` : base;
}
