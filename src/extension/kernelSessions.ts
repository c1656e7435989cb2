/**
 * The kernel sessions, one per open notebook: created on the first run, ended
 * when the notebook closes (and all of them when the extension deactivates),
 * so no kernel process outlives its notebook.
 */
import { homedir } from 'node:os';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from './constants';
import { kernelClientOptions } from './kernelOptions';
import { KernelSession } from './kernelSession';
import { readSettings } from './settings';

export class KernelSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, KernelSession>();
  private readonly changeEmitter = new vscode.EventEmitter<KernelSession>();
  private readonly disposables: vscode.Disposable[] = [];
  /** A session started, stopped, got busy or idle, or its backend or progress changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** The kernel bundle; undefined: dist/kernel/main.js beside the extension bundle. */
    private readonly kernelPath?: string,
  ) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.close(notebook)),
    );
  }

  get(notebook: vscode.NotebookDocument): KernelSession | undefined {
    return this.sessions.get(notebook.uri.toString());
  }

  getOrCreate(notebook: vscode.NotebookDocument): KernelSession {
    const key = notebook.uri.toString();
    let session = this.sessions.get(key);
    if (!session) {
      const notebookDir = notebookFolder(notebook);
      const label = notebook.isUntitled ? notebook.uri.path : basename(notebook.uri.fsPath);
      session = new KernelSession({
        label,
        notebookDir,
        log: this.log,
        clientOptions: () => kernelClientOptions(readSettings(notebook.uri), { notebookDir, workspaceDirs: workspaceDirs() }, process.env, this.kernelPath),
      });
      const created = session;
      session.onDidChange(() => this.changeEmitter.fire(created));
      this.sessions.set(key, session);
    }
    return session;
  }

  all(): KernelSession[] {
    return [...this.sessions.values()];
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private close(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return;
    const key = notebook.uri.toString();
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    if (session.isStarted) this.log.info(`[${notebook.uri.path}] notebook closed; its kernel was ended`);
    session.dispose();
    this.changeEmitter.fire(session);
  }
}

/** Cells' relative imports and data paths resolve from the notebook's folder; an untitled notebook uses the workspace's. */
export function notebookFolder(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return dirname(notebook.uri.fsPath);
  return vscode.workspace.getWorkspaceFolder(notebook.uri)?.uri.fsPath ?? workspaceDirs()[0] ?? homedir();
}

function workspaceDirs(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}
