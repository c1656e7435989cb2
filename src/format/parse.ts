/** Text → Notebook, checking every field, so a bad file fails here with its path, not later. */
import { NotebookFormatError } from './errors';
import { locateJsonError } from './jsonError';
import { isTextMime } from './mime';
import {
  type CellOutput,
  type CodeCell,
  type ExtraFields,
  type MarkdownCell,
  type Notebook,
  type NotebookCell,
  NOTEBOOK_FORMAT,
  NOTEBOOK_VERSION,
  type OutputData,
  type OutputItem,
} from './types';

type Json = Record<string, unknown>;

/** Thrown inside the parser and turned into a NotebookFormatError naming the file. */
class Problem extends Error {}

/**
 * Parses `.ibnb` text. An empty (or blank) file is an empty notebook, which is
 * what an editor creates for a new file. Throws NotebookFormatError.
 */
export function parseNotebook(text: string, fileName: string): Notebook {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { metadata: {}, cells: [] };
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    throw new NotebookFormatError(fileName, describeJsonError(body, error));
  }
  try {
    return readNotebook(root);
  } catch (error) {
    if (error instanceof Problem) throw new NotebookFormatError(fileName, error.message);
    throw error;
  }
}

function readNotebook(root: unknown): Notebook {
  const obj = object(root, 'the top level');
  if (obj.format !== NOTEBOOK_FORMAT) {
    throw new Problem(`"format" is ${show(obj.format)}, expected "${NOTEBOOK_FORMAT}"`);
  }
  if (typeof obj.version !== 'number' || !Number.isInteger(obj.version) || obj.version < 1) {
    throw new Problem(`"version" is ${show(obj.version)}, expected ${NOTEBOOK_VERSION}`);
  }
  if (obj.version > NOTEBOOK_VERSION) {
    throw new Problem(`it is version ${obj.version}, written by a newer IB Notebooks than this one (which reads version ${NOTEBOOK_VERSION}); update IB Notebooks`);
  }
  const metadata = obj.metadata === undefined ? {} : object(obj.metadata, '"metadata"');
  const cells = array(obj.cells ?? [], '"cells"').map((cell, i) => readCell(cell, `cells[${i}]`));
  const notebook: Notebook = { metadata, cells };
  return withExtra(notebook, extraFields(obj, ['format', 'version', 'metadata', 'cells']));
}

function readCell(value: unknown, path: string): NotebookCell {
  const obj = object(value, path);
  const source = string(obj.source ?? '', `${path}.source`);
  const metadata = obj.metadata === undefined ? undefined : object(obj.metadata, `${path}.metadata`);
  if (obj.kind === 'markdown') {
    const cell: MarkdownCell = { kind: 'markdown', source };
    if (metadata) cell.metadata = metadata;
    return withExtra(cell, extraFields(obj, ['kind', 'source', 'metadata']));
  }
  if (obj.kind !== 'code') throw new Problem(`${path}.kind is ${show(obj.kind)}, expected "markdown" or "code"`);
  const cell: CodeCell = {
    kind: 'code',
    language: string(obj.language ?? 'typescript', `${path}.language`),
    source,
    outputs: array(obj.outputs ?? [], `${path}.outputs`).map((o, i) => readOutput(o, `${path}.outputs[${i}]`)),
  };
  if (metadata) cell.metadata = metadata;
  if (obj.executionOrder !== undefined && obj.executionOrder !== null) {
    if (typeof obj.executionOrder !== 'number' || !Number.isInteger(obj.executionOrder) || obj.executionOrder < 0) {
      throw new Problem(`${path}.executionOrder is ${show(obj.executionOrder)}, expected a whole number`);
    }
    cell.executionOrder = obj.executionOrder;
  }
  return withExtra(cell, extraFields(obj, ['kind', 'language', 'source', 'metadata', 'executionOrder', 'outputs']));
}

function readOutput(value: unknown, path: string): CellOutput {
  const obj = object(value, path);
  const output: CellOutput = {
    id: string(obj.id, `${path}.id`),
    items: array(obj.items, `${path}.items`).map((item, i) => readItem(item, `${path}.items[${i}]`)),
  };
  if (obj.metadata !== undefined) output.metadata = object(obj.metadata, `${path}.metadata`);
  return withExtra(output, extraFields(obj, ['id', 'metadata', 'items']));
}

function readItem(value: unknown, path: string): OutputItem {
  const obj = object(value, path);
  const mime = string(obj.mime, `${path}.mime`);
  if (!('data' in obj)) throw new Problem(`${path} has no "data"`);
  let data: OutputData;
  if (obj.encoding !== undefined) {
    if (obj.encoding !== 'base64') throw new Problem(`${path}.encoding is ${show(obj.encoding)}; the only encoding is "base64"`);
    const text = string(obj.data, `${path}.data`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Problem(`${path}.data is not valid base64`);
    data = new Uint8Array(Buffer.from(text, 'base64'));
  } else {
    data = obj.data as OutputData;
    if (isTextMime(mime) && typeof data !== 'string') throw new Problem(`${path}.data must be a string for ${mime}`);
  }
  const item: OutputItem = { mime, data };
  return withExtra(item, extraFields(obj, ['mime', 'encoding', 'data']));
}

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Problem(`${what} must be an object, not ${show(value)}`);
  return value as Json;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Problem(`${what} must be an array, not ${show(value)}`);
  return value;
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Problem(`${what} must be a string, not ${show(value)}`);
  return value;
}

function extraFields(obj: Json, known: readonly string[]): ExtraFields | undefined {
  const extra = Object.entries(obj).filter(([key]) => !known.includes(key));
  return extra.length > 0 ? Object.fromEntries(extra) : undefined;
}

function withExtra<T extends { extra?: ExtraFields }>(value: T, extra: ExtraFields | undefined): T {
  if (extra) value.extra = extra;
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** "invalid JSON at line 3, column 7 (expected ',' or '}' ...)". */
function describeJsonError(text: string, error: unknown): string {
  const location = locateJsonError(text);
  if (!location) return `invalid JSON (${error instanceof Error ? error.message : String(error)})`;
  return `invalid JSON at line ${location.line}, column ${location.column} (${location.reason})`;
}
