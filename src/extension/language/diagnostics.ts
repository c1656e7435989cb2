/**
 * Type errors of ibnb code cells as squiggles and in Problems, recomputed a
 * moment after the typing stops. They never stop a cell from running: the
 * kernel strips the types (src/kernel/transpile) whatever the checker says.
 */
import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../constants';
import { codeCells, findCell } from './notebookCells';
import type { NotebookServices } from './services';

/** Long enough not to re-check on every key stroke, short enough to feel live. */
const DEBOUNCE_MS = 400;

export function registerDiagnostics(services: NotebookServices, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('ibnb');
  const timers = new Map<vscode.NotebookDocument, NodeJS.Timeout>();
  /** The cell documents each notebook last had diagnostics for, to clear those of deleted cells. */
  const published = new Map<vscode.NotebookDocument, vscode.Uri[]>();

  const refresh = async (notebook: vscode.NotebookDocument) => {
    timers.delete(notebook);
    if (notebook.isClosed) return;
    const key = services.key(notebook);
    let found;
    try {
      found = await services.ask(notebook, 'diagnostics');
    } catch (error) {
      log.error(`Type-checking ${notebook.uri.toString()} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return;
    }
    // Typed on meanwhile: these are for text that is gone, and a newer check is scheduled.
    if (notebook.isClosed || services.key(notebook) !== key) return;
    const cells = codeCells(notebook);
    for (const uri of published.get(notebook) ?? []) collection.delete(uri);
    const byCell = new Map<number, vscode.Diagnostic[]>();
    for (const d of found) {
      const document = cells[d.cell]?.document;
      if (!document) continue;
      const range = new vscode.Range(document.positionAt(d.start), document.positionAt(d.start + d.length));
      const diagnostic = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
      diagnostic.source = 'ts';
      diagnostic.code = d.code;
      byCell.set(d.cell, [...(byCell.get(d.cell) ?? []), diagnostic]);
    }
    const uris = cells.map((cell) => cell.document.uri);
    cells.forEach((cell, index) => collection.set(cell.document.uri, byCell.get(index) ?? []));
    published.set(notebook, uris);
  };

  const schedule = (notebook: vscode.NotebookDocument) => {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return;
    clearTimeout(timers.get(notebook));
    timers.set(notebook, setTimeout(() => void refresh(notebook), DEBOUNCE_MS));
  };

  const close = (notebook: vscode.NotebookDocument) => {
    clearTimeout(timers.get(notebook));
    timers.delete(notebook);
    for (const uri of published.get(notebook) ?? []) collection.delete(uri);
    published.delete(notebook);
    services.close(notebook);
  };

  vscode.workspace.notebookDocuments.forEach(schedule);
  return [
    collection,
    vscode.workspace.onDidOpenNotebookDocument(schedule),
    vscode.workspace.onDidChangeNotebookDocument((event) => schedule(event.notebook)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      const cell = findCell(event.document);
      if (cell) schedule(cell.notebook);
    }),
    vscode.workspace.onDidCloseNotebookDocument(close),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  ];
}
