/**
 * Cell tags, stored as Jupyter stores them: `metadata.tags`, an array of
 * strings. papermill's tags mark the cell whose values a run may override
 * (`parameters`) and the cell a run inserted (`injected-parameters`); using
 * the same names keeps an exported .ipynb working with papermill too.
 */
import type { NotebookCell } from './types';

export const PARAMETERS_TAG = 'parameters';
export const INJECTED_PARAMETERS_TAG = 'injected-parameters';

/** The cell's tags; metadata that is not an array of strings counts as no tags. */
export function cellTags(cell: Pick<NotebookCell, 'metadata'>): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

export function hasTag(cell: Pick<NotebookCell, 'metadata'>, tag: string): boolean {
  return cellTags(cell).includes(tag);
}

/** Metadata with `tag` added once (other keys and tags kept); a fresh object, the input is not changed. */
export function withTag(metadata: Record<string, unknown> | undefined, tag: string): Record<string, unknown> {
  const tags = cellTags({ metadata });
  return { ...metadata, tags: tags.includes(tag) ? tags : [...tags, tag] };
}

/** Metadata without `tag` (other keys and tags kept; no `tags` key left when none remain); a fresh object. */
export function withoutTag(metadata: Record<string, unknown> | undefined, tag: string): Record<string, unknown> {
  const { tags: _tags, ...rest } = metadata ?? {};
  const kept = cellTags({ metadata }).filter((t) => t !== tag);
  return kept.length > 0 ? { ...rest, tags: kept } : rest;
}
