/** Which notebook a cell's text document belongs to, and its code cells as the language service reads them. */
import * as vscode from 'vscode';
import type { SourceCell } from '../../language/index';
import { CELL_LANGUAGE, NOTEBOOK_TYPE } from '../constants';

export interface CellRef {
  notebook: vscode.NotebookDocument;
  /** Index among the notebook's TypeScript code cells (the language service's cell index). */
  codeIndex: number;
}

export function codeCells(notebook: vscode.NotebookDocument): vscode.NotebookCell[] {
  return notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === CELL_LANGUAGE);
}

export function sourceCells(notebook: vscode.NotebookDocument): SourceCell[] {
  return codeCells(notebook).map((cell) => ({ source: cell.document.getText(), label: `cell ${cell.index + 1}` }));
}

/** The ibnb notebook holding this cell document, or undefined for any other document. */
export function findCell(document: vscode.TextDocument): CellRef | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (notebook.notebookType !== NOTEBOOK_TYPE) continue;
    const codeIndex = codeCells(notebook).findIndex((cell) => cell.document === document || cell.document.uri.toString() === document.uri.toString());
    if (codeIndex >= 0) return { notebook, codeIndex };
  }
  return undefined;
}
