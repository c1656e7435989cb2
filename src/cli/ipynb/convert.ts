/**
 * An `.ibnb` notebook → a Jupyter notebook (nbformat 4.5), for sharing:
 * GitHub, nbviewer and Jupyter show it without IB Notebooks. Code cells stay
 * code (language typescript), markdown stays markdown, console text becomes
 * stream outputs, a cell's last value an execute_result, errors error
 * outputs, and each dynamics chart (and comparison of runs) a static SVG
 * with a caption naming what was measured, its data kept under its own MIME
 * type beside it.
 */
import { ERROR_MIME, isBinaryMime, isJsonMime, STDERR_MIME, STDOUT_MIME, type CellOutput, type CodeCell, type Notebook, type NotebookCell, type OutputItem } from '../../format/index';
import { measuredWith } from '../../charts/measuredWith';
import { validatePayload } from '../../charts/validate';
import { validateComparePayload } from '../../charts/compare/validate';
import { compareCaptions } from '../../charts/compare/caption';
import { COMPARE_MIME, DYNAMICS_MIME, type ComparePayload, type DynamicsPayload } from '../../contract/dynamicsPayload';
import type { ChartPicture } from './chartSvg';

/** The schema's (vendored nbformat.v4.5.schema.json) minimum: 4.5 has cell ids. */
export const NBFORMAT = 4;
export const NBFORMAT_MINOR = 5;

export type MimeBundle = Record<string, unknown>;

export type IpynbOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string[] }
  | { output_type: 'execute_result'; execution_count: number | null; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: 'display_data'; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

export type IpynbCell =
  | { id: string; cell_type: 'markdown'; metadata: Record<string, unknown>; source: string[] }
  | { id: string; cell_type: 'code'; metadata: Record<string, unknown>; source: string[]; execution_count: number | null; outputs: IpynbOutput[] };

export interface IpynbNotebook {
  nbformat: typeof NBFORMAT;
  nbformat_minor: typeof NBFORMAT_MINOR;
  metadata: Record<string, unknown>;
  cells: IpynbCell[];
}

/** Draws a payload's charts (chartSvg.ts in the CLI; tests may pass their own). */
export type DrawCharts = (payload: DynamicsPayload) => Promise<ChartPicture[]>;
/** Draws a comparison of runs; without one, a comparison is exported as its data and a line of text. */
export type DrawCompare = (payload: ComparePayload) => Promise<ChartPicture[]>;

interface Drawers {
  dynamics: DrawCharts;
  compare?: DrawCompare;
}

export async function toIpynb(notebook: Notebook, draw: DrawCharts, drawCompare?: DrawCompare): Promise<IpynbNotebook> {
  const cells: IpynbCell[] = [];
  const drawers: Drawers = { dynamics: draw, compare: drawCompare };
  for (const [index, cell] of notebook.cells.entries()) cells.push(await convertCell(cell, index, drawers));
  const { title, ...rest } = notebook.metadata;
  return {
    nbformat: NBFORMAT,
    nbformat_minor: NBFORMAT_MINOR,
    metadata: {
      // No kernelspec: no Jupyter kernel runs these cells as they are (they import 'ibnb'); language_info gives highlighting.
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript', codemirror_mode: { name: 'javascript', typescript: true } },
      ...(typeof title === 'string' ? { title } : {}),
      ibnb: { exportedFrom: 'ibnb', ...(Object.keys(rest).length > 0 ? { metadata: rest } : {}) },
    },
    cells,
  };
}

async function convertCell(cell: NotebookCell, index: number, draw: Drawers): Promise<IpynbCell> {
  const id = `cell-${index + 1}`;
  const metadata = { ...(cell.metadata ?? {}) };
  if (cell.kind === 'markdown') return { id, cell_type: 'markdown', metadata, source: lines(cell.source) };
  const outputs: IpynbOutput[] = [];
  for (const [position, output] of cell.outputs.entries()) {
    outputs.push(...(await convertOutput(output, cell, position === cell.outputs.length - 1, draw)));
  }
  return {
    id,
    cell_type: 'code',
    // VS Code opens an .ipynb cell in the notebook's language unless the cell says otherwise.
    metadata: { ...metadata, vscode: { languageId: cell.language } },
    source: lines(cell.source),
    execution_count: cell.executionOrder ?? null,
    outputs,
  };
}

async function convertOutput(output: CellOutput, cell: CodeCell, isLast: boolean, draw: Drawers): Promise<IpynbOutput[]> {
  const item = (mime: string) => output.items.find((i) => i.mime === mime);
  const stream = item(STDOUT_MIME) ?? item(STDERR_MIME);
  if (stream) return [{ output_type: 'stream', name: stream.mime === STDERR_MIME ? 'stderr' : 'stdout', text: lines(String(stream.data)) }];
  const error = item(ERROR_MIME);
  if (error) {
    const { name = 'Error', message = '', stack } = error.data as { name?: string; message?: string; stack?: string };
    return [{ output_type: 'error', ename: name, evalue: message, traceback: (stack || `${name}: ${message}`).split('\n') }];
  }
  const dynamics = item(DYNAMICS_MIME);
  if (dynamics) {
    // A payload from a file is checked as the renderer checks it: one that cannot be drawn keeps its data and says why.
    const check = validatePayload(dynamics.data);
    if (!check.ok) return [{ output_type: 'display_data', data: { 'text/plain': lines(`Training dynamics chart not drawn: ${check.message}`), [DYNAMICS_MIME]: dynamics.data }, metadata: {} }];
    return pictureOutputs(await draw.dynamics(check.payload), measuredWith(check.payload), DYNAMICS_MIME, check.payload, 'Training dynamics');
  }
  const compare = item(COMPARE_MIME);
  if (compare && draw.compare) {
    const check = validateComparePayload(compare.data);
    if (!check.ok) return [{ output_type: 'display_data', data: { 'text/plain': lines(`Run comparison chart not drawn: ${check.message}`), [COMPARE_MIME]: compare.data }, metadata: {} }];
    return pictureOutputs(await draw.compare(check.payload), compareCaptions(check.payload), COMPARE_MIME, check.payload, 'Runs compared');
  }
  const data = Object.fromEntries(output.items.map((i) => [i.mime, bundleValue(i)]));
  // The kernel shows a cell's value as its last output; display() outputs come before it.
  if (isLast) return [{ output_type: 'execute_result', execution_count: cell.executionOrder ?? null, data, metadata: {} }];
  return [{ output_type: 'display_data', data, metadata: {} }];
}

/** One picture per evaluator, each captioned; the payload rides with the first, so the data are in the file once. */
function pictureOutputs(pictures: ChartPicture[], captions: string[], mime: string, payload: unknown, fallback: string): IpynbOutput[] {
  return pictures.map((picture, index) => ({
    output_type: 'display_data' as const,
    data: {
      'image/svg+xml': lines(picture.svg),
      'text/plain': lines(captions[index] ?? captions[0] ?? fallback),
      ...(index === 0 ? { [mime]: payload } : {}),
    },
    metadata: {},
  }));
}

/** Jupyter's encodings: JSON types as JSON, binary as base64 text, text as lines. */
function bundleValue(item: OutputItem): unknown {
  if (isJsonMime(item.mime)) return item.data;
  if (item.data instanceof Uint8Array) return Buffer.from(item.data).toString('base64');
  if (isBinaryMime(item.mime)) return String(item.data);
  return lines(typeof item.data === 'string' ? item.data : JSON.stringify(item.data));
}

/** nbformat's multiline strings: the text split after each newline ('a\nb' → ['a\n', 'b']). */
export function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
