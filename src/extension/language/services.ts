/**
 * One language service per open ibnb notebook, kept in step with its cells.
 * The service module (src/language, with the TypeScript compiler inside, a
 * few MB) is a bundle of its own, dist/language/index.js, loaded when the
 * first notebook asks: activating the extension does not parse the compiler.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type * as Language from '../../language/index';
import { codeCells, sourceCells } from './notebookCells';

type LanguageModule = typeof Language;

interface Entry {
  service: Language.NotebookLanguageService;
  /** The cell texts' versions the service last read. */
  key: string;
}

export class NotebookServices implements vscode.Disposable {
  private module: LanguageModule | undefined;
  private readonly entries = new Map<vscode.NotebookDocument, Entry>();

  constructor(private readonly extensionPath: string) {}

  /** The notebook's service, updated to its cells' current text. */
  get(notebook: vscode.NotebookDocument): Language.NotebookLanguageService {
    const key = codeCells(notebook).map((cell) => `${cell.document.uri.toString()}@${cell.document.version}`).join('|');
    let entry = this.entries.get(notebook);
    if (!entry) {
      const language = this.load();
      const notebookPath = notebook.uri.scheme === 'file' ? notebook.uri.fsPath : join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), 'untitled.ibnb');
      entry = { service: new language.NotebookLanguageService({ notebookPath, typingsRoot: join(this.extensionPath, 'dist', 'typings') }), key: '' };
      this.entries.set(notebook, entry);
    }
    if (entry.key !== key) {
      entry.service.update(sourceCells(notebook));
      entry.key = key;
    }
    return entry.service;
  }

  close(notebook: vscode.NotebookDocument): void {
    this.entries.get(notebook)?.service.dispose();
    this.entries.delete(notebook);
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.service.dispose();
    this.entries.clear();
  }

  private load(): LanguageModule {
    // A path esbuild leaves alone: the bundle beside this one, not bundled into it.
    this.module ??= require(join(this.extensionPath, 'dist', 'language', 'index.js')) as LanguageModule;
    return this.module;
  }
}
