/** Notebook → text: fixed key order, 2-space indent, final newline, so files diff well in git. */
import { printJson } from './printJson';
import { type CellOutput, type ExtraFields, type Notebook, type NotebookCell, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type OutputItem } from './types';

export function serializeNotebook(notebook: Notebook): string {
  const root = {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    metadata: sortKeys(notebook.metadata ?? {}),
    cells: notebook.cells.map(cellJson),
    ...extra(notebook.extra, ['format', 'version', 'metadata', 'cells']),
  };
  return `${printJson(root)}\n`;
}

function cellJson(cell: NotebookCell): Record<string, unknown> {
  if (cell.kind === 'markdown') {
    return {
      kind: 'markdown',
      source: cell.source,
      ...(cell.metadata ? { metadata: sortKeys(cell.metadata) } : {}),
      ...extra(cell.extra, ['kind', 'source', 'metadata']),
    };
  }
  return {
    kind: 'code',
    language: cell.language,
    source: cell.source,
    ...(cell.metadata ? { metadata: sortKeys(cell.metadata) } : {}),
    ...(cell.executionOrder !== undefined ? { executionOrder: cell.executionOrder } : {}),
    outputs: cell.outputs.map(outputJson),
    ...extra(cell.extra, ['kind', 'language', 'source', 'metadata', 'executionOrder', 'outputs']),
  };
}

function outputJson(output: CellOutput): Record<string, unknown> {
  return {
    id: output.id,
    ...(output.metadata ? { metadata: sortKeys(output.metadata) } : {}),
    items: output.items.map(itemJson),
    ...extra(output.extra, ['id', 'metadata', 'items']),
  };
}

function itemJson(item: OutputItem): Record<string, unknown> {
  const binary = item.data instanceof Uint8Array;
  return {
    mime: item.mime,
    ...(binary ? { encoding: 'base64' } : {}),
    data: binary ? Buffer.from(item.data as Uint8Array).toString('base64') : item.data,
    ...extra(item.extra, ['mime', 'encoding', 'data']),
  };
}

/** Unknown fields go after the known ones; a stray known name in `extra` never overrides a real field. */
function extra(fields: ExtraFields | undefined, known: readonly string[]): ExtraFields {
  if (!fields) return {};
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !known.includes(key)));
}

/** Metadata comes from editors that may reorder keys; sorting keeps saves stable. */
function sortKeys(value: unknown): Record<string, unknown> {
  return sortValue(value) as Record<string, unknown>;
}

function sortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortValue);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const keys = Object.keys(value).sort();
  return Object.fromEntries(keys.map((key) => [key, sortValue((value as Record<string, unknown>)[key])]));
}
