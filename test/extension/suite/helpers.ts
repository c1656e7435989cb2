/** Shared by the extension-host tests: the extension's API, opening notebooks, waiting for the kernel. */
import * as assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { IbnbApi } from '../../../src/extension/api';
import type { PickItem, Prompter } from '../../../src/extension/prompter';

export const EXTENSION_ID = 'ib-notebooks.ibnb';
export const DYNAMICS_MIME = 'application/vnd.ibnb.dynamics+json';
export const ERROR_MIME = 'application/vnd.code.notebook.error';
export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';

export async function activateExtension(): Promise<IbnbApi> {
  const extension = vscode.extensions.getExtension<IbnbApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed in the test instance`);
  return extension.activate();
}

/** The test workspace (scripts/test-vscode.mjs makes a fresh one and opens it). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with a workspace folder open');
  return folder.uri.fsPath;
}

/** A copy of a fixture in the workspace, so tests can save over it. */
export function copyFixture(name: string, as = name): vscode.Uri {
  // out/vscode-test/ → test/extension/fixtures/
  const source = join(__dirname, '..', '..', 'test', 'extension', 'fixtures', name);
  const target = join(workspaceDir(), as);
  copyFileSync(source, target);
  return vscode.Uri.file(target);
}

export async function openNotebook(uri: vscode.Uri): Promise<vscode.NotebookEditor> {
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  const editor = await vscode.window.showNotebookDocument(notebook);
  await selectIbKernel(editor);
  return editor;
}

export async function selectIbKernel(editor: vscode.NotebookEditor): Promise<void> {
  // The controller is preferred for .ibnb files; selecting it explicitly keeps the tests independent of that.
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: 'ibnb-kernel', extension: EXTENSION_ID });
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 120_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs cells through VS Code (as the UI does) and waits until each has finished. */
/** Inserts TypeScript code cells at `index` (the end by default) and returns the index of the first. */
export async function insertCodeCells(notebook: vscode.NotebookDocument, sources: string[], index = notebook.cellCount): Promise<number> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(index, sources.map((source) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'typescript')))]);
  await vscode.workspace.applyEdit(edit);
  return index;
}

export async function runCells(editor: vscode.NotebookEditor, indices: number[]): Promise<void> {
  const notebook = editor.notebook;
  const started = new Map(indices.map((i) => [i, notebook.cellAt(i).executionSummary?.timing?.endTime ?? 0]));
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: indices.map((i) => ({ start: i, end: i + 1 })), document: notebook.uri });
  await waitFor(`cells ${indices.join(', ')} to finish`, () => indices.every((i) => (notebook.cellAt(i).executionSummary?.timing?.endTime ?? 0) > started.get(i)!));
}

export function outputText(cell: vscode.NotebookCell, mimes = [STDOUT_MIME, STDERR_MIME, 'text/plain']): string {
  const decoder = new TextDecoder();
  return cell.outputs.flatMap((o) => o.items.filter((i) => mimes.includes(i.mime)).map((i) => decoder.decode(i.data))).join('');
}

export function outputJson(cell: vscode.NotebookCell, mime: string): unknown {
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === mime);
  return item && JSON.parse(new TextDecoder().decode(item.data));
}

/** A prompter that answers from a script and records every message. */
export class ScriptedPrompter implements Prompter {
  readonly messages: { kind: string; text: string }[] = [];
  readonly asked: string[] = [];

  constructor(
    private readonly answers: {
      pick?: (title: string, items: readonly PickItem<unknown>[]) => unknown;
      input?: (title: string, value: string) => string | undefined;
      confirm?: boolean;
      saveFile?: vscode.Uri;
      openFiles?: vscode.Uri[];
      action?: string;
    } = {},
  ) {}

  async pick<T>(title: string, items: readonly PickItem<T>[]): Promise<T | undefined> {
    this.asked.push(title);
    return this.answers.pick?.(title, items as readonly PickItem<unknown>[]) as T | undefined;
  }

  async input(options: { title: string; value: string; validate(text: string): string | undefined }): Promise<string | undefined> {
    this.asked.push(options.title);
    const answer = this.answers.input?.(options.title, options.value) ?? options.value;
    assert.equal(options.validate(answer), undefined, `the scripted answer ${answer} to ${options.title} is valid`);
    return answer;
  }

  async confirm(message: string): Promise<boolean> {
    this.asked.push(message);
    return this.answers.confirm ?? true;
  }

  async saveFile(): Promise<vscode.Uri | undefined> {
    return this.answers.saveFile;
  }

  async openFiles(): Promise<vscode.Uri[] | undefined> {
    return this.answers.openFiles;
  }

  async message(kind: 'info' | 'warning' | 'error', text: string): Promise<string | undefined> {
    this.messages.push({ kind, text });
    return this.answers.action;
  }
}

/** Closes every editor without the "save changes?" dialog (untitled notebooks are dirty), which would hang a test run. */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 100 && vscode.window.tabGroups.all.some((group) => group.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}
