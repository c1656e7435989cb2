/**
 * The language service of each open ibnb notebook, in the language worker
 * (languageWorker.ts), kept in step with the notebook's cells: every request
 * first sends the cells' text when it changed since the worker last saw it.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageMethod, LanguageMethods } from '../../language/index';
import { LanguageWorker } from './languageWorker';
import { codeCells, sourceCells } from './notebookCells';

interface Entry {
  id: string;
  /** The cells' versions the worker last received. */
  key: string;
}

export class NotebookServices implements vscode.Disposable {
  private readonly worker: LanguageWorker;
  private readonly entries = new Map<vscode.NotebookDocument, Entry>();
  private nextId = 1;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // A worker that died took every notebook's service with it: each is opened again on its next request.
    this.worker = new LanguageWorker(extensionPath, log, () => this.entries.clear());
  }

  /** The cells' text versions now: a result computed for another key is out of date. */
  key(notebook: vscode.NotebookDocument): string {
    return codeCells(notebook).map((cell) => `${cell.document.uri.toString()}@${cell.document.version}`).join('|');
  }

  /** Asks the notebook's service, after bringing it up to date with the cells. */
  async ask<M extends Exclude<LanguageMethod, 'open' | 'update' | 'close'>>(notebook: vscode.NotebookDocument, method: M, ...params: LanguageMethods[M]['params']): Promise<LanguageMethods[M]['result']> {
    let entry = this.entries.get(notebook);
    if (!entry) {
      entry = { id: `notebook-${this.nextId++}`, key: '' };
      this.entries.set(notebook, entry);
      // A failure here (the typings missing) fails the request below too, which says why.
      this.worker.request(entry.id, 'open', { notebookPath: notebookPath(notebook), typingsRoot: join(this.extensionPath, 'dist', 'typings') }).catch((error: Error) => this.log.error(`Language features for ${notebook.uri.toString()}: ${error.message}`));
    }
    const key = this.key(notebook);
    if (entry.key !== key) {
      // Messages are answered in order: the update lands before the request below.
      this.worker.request(entry.id, 'update', sourceCells(notebook)).catch(() => undefined);
      entry.key = key;
    }
    return this.worker.request(entry.id, method, ...params);
  }

  close(notebook: vscode.NotebookDocument): void {
    const entry = this.entries.get(notebook);
    if (!entry) return;
    this.entries.delete(notebook);
    void this.worker.request(entry.id, 'close').catch(() => undefined);
  }

  dispose(): void {
    this.entries.clear();
    this.worker.dispose();
  }
}

/** Packages resolve from the notebook's folder; an untitled notebook resolves from the workspace's. */
function notebookPath(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return notebook.uri.fsPath;
  return join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), 'untitled.ibnb');
}
