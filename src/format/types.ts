/**
 * The in-memory shape of a `.ibnb` notebook. Fields the reader does not know
 * are collected in `extra` so a round trip keeps them (a newer writer's
 * additions survive an older reader).
 */

export const NOTEBOOK_FORMAT = 'ibnb';
export const NOTEBOOK_VERSION = 1;

/** Fields of the file this version does not know, in file order. */
export type ExtraFields = Record<string, unknown>;

/**
 * An output item's data: a string for text MIME types, a JSON value for
 * `+json` types, bytes for binary ones (stored as base64 in the file).
 */
export type OutputData = string | Uint8Array | JsonValue;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface OutputItem {
  mime: string;
  data: OutputData;
  extra?: ExtraFields;
}

export interface CellOutput {
  /** Stable id: an output updated in place (a progress bar, a live chart) keeps it. */
  id: string;
  metadata?: Record<string, unknown>;
  items: OutputItem[];
  extra?: ExtraFields;
}

export interface MarkdownCell {
  kind: 'markdown';
  source: string;
  metadata?: Record<string, unknown>;
  extra?: ExtraFields;
}

export interface CodeCell {
  kind: 'code';
  /** 'typescript' for every cell the kernel runs. */
  language: string;
  source: string;
  metadata?: Record<string, unknown>;
  /** The kernel's execution counter when the outputs were made. */
  executionOrder?: number;
  outputs: CellOutput[];
  extra?: ExtraFields;
}

export type NotebookCell = MarkdownCell | CodeCell;

export interface Notebook {
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
  extra?: ExtraFields;
}
