/**
 * The `.ibnb` format's Notebook ↔ the shape VS Code's NotebookData has, as
 * plain objects, so the conversion (and the byte round trip the serializer
 * relies on) is testable without VS Code. Fields VS Code has no place for
 * (the format's `extra` fields, output ids) ride in metadata under reserved
 * keys and are taken out again on save, so a round trip loses nothing.
 */
import { randomUUID } from 'node:crypto';
import {
  ERROR_MIME,
  outputDataFromBytes,
  outputDataToBytes,
  parseNotebook,
  serializeNotebook,
  type CellOutput,
  type ExtraFields,
  type Notebook,
  type NotebookCell,
  type OutputItem,
} from '../format/index';

/** Output metadata key: the output's stable id (the kernel's id; kept across saves). */
export const OUTPUT_ID_KEY = 'ibnb.outputId';
/** Metadata key holding the format's unknown fields of a notebook, cell or output. */
export const EXTRA_KEY = 'ibnb.extra';
/** Output metadata key: the unknown fields of each item, by item index. */
export const ITEM_EXTRAS_KEY = 'ibnb.itemExtras';

export type Metadata = Record<string, unknown>;

export interface PlainOutputItem {
  mime: string;
  data: Uint8Array;
}

export interface PlainOutput {
  items: PlainOutputItem[];
  metadata?: Metadata;
}

export interface PlainCell {
  kind: 'code' | 'markup';
  value: string;
  languageId: string;
  metadata?: Metadata;
  executionOrder?: number;
  outputs?: PlainOutput[];
}

export interface PlainNotebook {
  cells: PlainCell[];
  metadata?: Metadata;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** File bytes → plain notebook data. Throws NotebookFormatError (its message says what to fix). */
export function bytesToPlain(bytes: Uint8Array, fileName: string): PlainNotebook {
  return notebookToPlain(parseNotebook(decoder.decode(bytes), fileName));
}

/** Plain notebook data → file bytes, in the format module's canonical layout. */
export function plainToBytes(data: PlainNotebook): Uint8Array {
  return encoder.encode(serializeNotebook(plainToNotebook(data)));
}

export function notebookToPlain(notebook: Notebook): PlainNotebook {
  return { cells: notebook.cells.map(cellToPlain), metadata: withExtra(notebook.metadata, notebook.extra) };
}

export function plainToNotebook(data: PlainNotebook): Notebook {
  const { metadata, extra } = splitExtra(data.metadata);
  const notebook: Notebook = { metadata: metadata ?? {}, cells: data.cells.map(plainToCell) };
  if (extra) notebook.extra = extra;
  return notebook;
}

function cellToPlain(cell: NotebookCell): PlainCell {
  const metadata = withExtra(cell.metadata, cell.extra);
  if (cell.kind === 'markdown') return { kind: 'markup', value: cell.source, languageId: 'markdown', ...(metadata ? { metadata } : {}) };
  return {
    kind: 'code',
    value: cell.source,
    languageId: cell.language,
    ...(metadata ? { metadata } : {}),
    ...(cell.executionOrder !== undefined ? { executionOrder: cell.executionOrder } : {}),
    outputs: cell.outputs.map(cellOutputToPlain),
  };
}

function plainToCell(cell: PlainCell): NotebookCell {
  const { metadata, extra } = splitExtra(cell.metadata);
  const common = { ...(metadata ? { metadata } : {}), ...(extra ? { extra } : {}) };
  if (cell.kind === 'markup') return { kind: 'markdown', source: cell.value, ...common };
  return {
    kind: 'code',
    language: cell.languageId,
    source: cell.value,
    ...(cell.executionOrder !== undefined ? { executionOrder: cell.executionOrder } : {}),
    outputs: (cell.outputs ?? []).map(plainToCellOutput),
    ...common,
  };
}

/** A format output (saved, or built by the kernel's CellOutputs) → bytes per item, as VS Code holds them. */
export function cellOutputToPlain(output: CellOutput): PlainOutput {
  const itemExtras = output.items.map((item) => item.extra ?? null);
  const metadata: Metadata = { ...(output.metadata ?? {}), [OUTPUT_ID_KEY]: output.id };
  if (output.extra) metadata[EXTRA_KEY] = output.extra;
  if (itemExtras.some((extra) => extra !== null)) metadata[ITEM_EXTRAS_KEY] = itemExtras;
  return { items: output.items.map((item) => ({ mime: item.mime, data: outputDataToBytes(item.mime, item.data) })), metadata };
}

export function plainToCellOutput(output: PlainOutput): CellOutput {
  const { [OUTPUT_ID_KEY]: id, [ITEM_EXTRAS_KEY]: itemExtras, ...rest } = output.metadata ?? {};
  const { metadata, extra } = splitExtra(rest);
  const extras = Array.isArray(itemExtras) ? itemExtras : [];
  const items: OutputItem[] = output.items.map((item, i) => {
    const converted: OutputItem = { mime: item.mime, data: outputDataFromBytes(item.mime, item.data) };
    const itemExtra: unknown = extras[i];
    if (isRecord(itemExtra)) converted.extra = itemExtra;
    return converted;
  });
  // An output VS Code made itself (no id of ours) gets one now; ours keep theirs, so saves are stable.
  const result: CellOutput = { id: typeof id === 'string' && id !== '' ? id : randomUUID(), items };
  if (metadata) result.metadata = metadata;
  if (extra) result.extra = extra;
  return result;
}

/** Whether an output item is an error (shown by VS Code's error renderer). */
export function isErrorItem(item: { mime: string }): boolean {
  return item.mime === ERROR_MIME;
}

function withExtra(metadata: Metadata | undefined, extra: ExtraFields | undefined): Metadata | undefined {
  if (!extra || Object.keys(extra).length === 0) return metadata;
  return { ...(metadata ?? {}), [EXTRA_KEY]: extra };
}

function splitExtra(metadata: Metadata | undefined): { metadata?: Metadata; extra?: ExtraFields } {
  if (!metadata) return {};
  const { [EXTRA_KEY]: extra, ...rest } = metadata;
  // VS Code gives every cell `{}`; writing that back would add `"metadata": {}` to each cell of the file.
  return { ...(Object.keys(rest).length > 0 ? { metadata: rest } : {}), ...(isRecord(extra) ? { extra } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
