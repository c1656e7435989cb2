/**
 * `.ibnb` files ↔ VS Code notebooks, through the shared format module (the
 * CLI reads and writes the same files). Outputs are saved, so a reopened
 * notebook shows its charts without running. A file that does not parse is
 * refused with the format's message: VS Code then shows the error instead of
 * an editor, so nothing can save over the file.
 */
import * as vscode from 'vscode';
import { NotebookError } from '../format/index';
import { bytesToPlain, plainToBytes, type PlainCell, type PlainNotebook } from './notebookData';
import { fromVscodeOutput, toVscodeOutput } from './vscodeOutputs';

export class IbnbSerializer implements vscode.NotebookSerializer {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    let plain: PlainNotebook;
    try {
      // The serializer is not told the file's name; the message says "This file".
      plain = bytesToPlain(content, 'This file');
    } catch (error) {
      if (error instanceof NotebookError) this.log.error(`A notebook could not be opened: ${error.message}`);
      throw error;
    }
    const data = new vscode.NotebookData(plain.cells.map(toCellData));
    data.metadata = plain.metadata ?? {};
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return plainToBytes({ cells: data.cells.map(fromCellData), metadata: data.metadata ?? {} });
  }
}

function toCellData(cell: PlainCell): vscode.NotebookCellData {
  const kind = cell.kind === 'code' ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup;
  const data = new vscode.NotebookCellData(kind, cell.value, cell.languageId);
  if (cell.metadata) data.metadata = cell.metadata;
  if (cell.outputs) data.outputs = cell.outputs.map(toVscodeOutput);
  if (cell.executionOrder !== undefined) data.executionSummary = { executionOrder: cell.executionOrder };
  return data;
}

function fromCellData(cell: vscode.NotebookCellData): PlainCell {
  const code = cell.kind === vscode.NotebookCellKind.Code;
  const plain: PlainCell = { kind: code ? 'code' : 'markup', value: cell.value, languageId: cell.languageId };
  if (cell.metadata && Object.keys(cell.metadata).length > 0) plain.metadata = cell.metadata;
  if (code) {
    plain.outputs = (cell.outputs ?? []).map(fromVscodeOutput);
    const order = cell.executionSummary?.executionOrder;
    if (order !== undefined) plain.executionOrder = order;
  }
  return plain;
}
