/** Plain outputs (notebookData.ts) ↔ VS Code's output classes; errors use VS Code's error item so they render with the stack. */
import * as vscode from 'vscode';
import type { CellOutput } from '../format/index';
import { cellOutputToPlain, isErrorItem, type PlainOutput } from './notebookData';

export function toVscodeOutput(output: PlainOutput): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput(output.items.map(toVscodeItem), output.metadata);
}

export function cellOutputToVscode(output: CellOutput): vscode.NotebookCellOutput {
  return toVscodeOutput(cellOutputToPlain(output));
}

export function cellOutputItemsToVscode(output: CellOutput): vscode.NotebookCellOutputItem[] {
  return cellOutputToPlain(output).items.map(toVscodeItem);
}

function toVscodeItem(item: PlainOutput['items'][number]): vscode.NotebookCellOutputItem {
  if (isErrorItem(item)) {
    try {
      const { name, message, stack } = JSON.parse(new TextDecoder().decode(item.data)) as Partial<Error>;
      return vscode.NotebookCellOutputItem.error({ name: name ?? 'Error', message: message ?? '', stack });
    } catch {
      // Not the JSON an error item holds: keep the bytes as they are.
    }
  }
  return new vscode.NotebookCellOutputItem(item.data, item.mime);
}

export function fromVscodeOutput(output: vscode.NotebookCellOutput): PlainOutput {
  return { items: output.items.map((item) => ({ mime: item.mime, data: item.data })), ...(output.metadata ? { metadata: output.metadata } : {}) };
}
