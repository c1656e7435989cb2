/**
 * Prepares a Vega-Lite spec from an output (`display(spec)` in a cell) for
 * embedding: drops what an untrusted spec must not control, moves inline
 * top-level data into a named dataset so a live update can replace it in
 * place, and sizes single views to the output's width.
 */

export type SpecObject = Record<string, unknown>;

/** The name top-level inline data (`data: { values }`) gets. */
export const INLINE_DATASET = 'ibnb_inline';

export interface PreparedSpec {
  spec: SpecObject;
  /** The spec without its data: equal keys mean a live update can swap datasets in the running view. */
  key: string;
  datasets: Record<string, unknown[]>;
  /** Top-level parameters bound to inputs: the user's settings, kept across a rebuild. */
  boundParams: string[];
  /** Whether the width follows the output area ('container'). */
  containerWidth: boolean;
  /** The spec brings its own config, so the VS Code theme is not applied. */
  hasConfig: boolean;
}

export type PrepareResult = { ok: true; prepared: PreparedSpec } | { ok: false; message: string };

function isRecord(value: unknown): value is SpecObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function prepareVegaLite(value: unknown): PrepareResult {
  if (!isRecord(value)) return { ok: false, message: 'Cannot show this Vega-Lite chart: expected a spec (a JSON object).' };
  // `usermeta.embedOptions` would be merged over ours by vega-embed: it could
  // turn expression compilation, the source/editor actions or other options back on.
  const { usermeta: _ignored, ...spec } = value;
  const datasets: Record<string, unknown[]> = {};
  if (isRecord(spec.datasets)) {
    for (const [name, values] of Object.entries(spec.datasets)) if (Array.isArray(values)) datasets[name] = values;
  }
  const data = spec.data;
  if (isRecord(data) && Array.isArray(data.values) && data.name === undefined && data.format === undefined && !(INLINE_DATASET in datasets)) {
    datasets[INLINE_DATASET] = data.values;
    spec.data = { name: INLINE_DATASET };
    spec.datasets = { ...(isRecord(spec.datasets) ? spec.datasets : {}), [INLINE_DATASET]: data.values };
  }
  const single = ('mark' in spec || 'layer' in spec) && !('facet' in spec) && !('repeat' in spec);
  const containerWidth = spec.width === 'container' || (single && spec.width === undefined);
  if (containerWidth) spec.width = 'container';
  const boundParams = Array.isArray(spec.params)
    ? spec.params.filter((p): p is SpecObject => isRecord(p) && typeof p.name === 'string' && p.bind !== undefined).map((p) => p.name as string)
    : [];
  const key = JSON.stringify({ ...spec, datasets: Object.keys(datasets) });
  return { ok: true, prepared: { spec, key, datasets, boundParams, containerWidth, hasConfig: isRecord(spec.config) } };
}
