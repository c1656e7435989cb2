/**
 * The messages between the extension host and the language worker
 * (worker.ts): the extension asks, the worker answers each request by id.
 * One type per method keeps both sides in step.
 */
import type { CellDiagnostic } from './diagnostics';
import type { CompletionDetail, CompletionList, HoverInfo, Location, NotebookServiceOptions, SignatureInfo } from './service';
import type { SourceCell } from './virtualDocument';

/** A request names the notebook (an id the extension chose) it is about. */
export interface LanguageMethods {
  open: { params: [options: NotebookServiceOptions]; result: void };
  update: { params: [cells: SourceCell[]]; result: void };
  diagnostics: { params: []; result: CellDiagnostic[] };
  completions: { params: [cell: number, offset: number]; result: CompletionList | undefined };
  completionDetail: { params: [cell: number, offset: number, entry: { name: string; source?: string; data?: unknown }]; result: CompletionDetail | undefined };
  hover: { params: [cell: number, offset: number]; result: HoverInfo | undefined };
  signatureHelp: { params: [cell: number, offset: number]; result: SignatureInfo | undefined };
  definition: { params: [cell: number, offset: number]; result: Location[] };
  close: { params: []; result: void };
}

export type LanguageMethod = keyof LanguageMethods;

export interface LanguageRequest<M extends LanguageMethod = LanguageMethod> {
  id: number;
  notebook: string;
  method: M;
  params: LanguageMethods[M]['params'];
}

export type LanguageResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };
