/** What the palette commands share: their dependencies, the active notebook, the kernel's models, and inserting a cell that runs. */
import * as vscode from 'vscode';
import type { ModelInfo } from '../../protocol/kernelProtocol';
import { CELL_LANGUAGE, NOTEBOOK_TYPE } from '../constants';
import type { IbnbController } from '../controller';
import type { KernelSession } from '../kernelSession';
import type { KernelSessions } from '../kernelSessions';
import type { PickItem, Prompter } from '../prompter';
import type { IbnbSerializer } from '../serializer';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  sessions: KernelSessions;
  controller: IbnbController;
  serializer: IbnbSerializer;
  log: vscode.LogOutputChannel;
  /** Read at each use, so a test can swap it. */
  prompter(): Prompter;
}

/** The active `.ibnb` notebook editor, or a message saying to open one. */
export async function activeNotebook(deps: CommandDeps): Promise<vscode.NotebookEditor | undefined> {
  const editor = vscode.window.activeNotebookEditor;
  if (editor && editor.notebook.notebookType === NOTEBOOK_TYPE) return editor;
  await deps.prompter().message('info', 'Open an .ibnb notebook first (IB: New Notebook creates one).');
  return undefined;
}

/** The notebook's running kernel, or a message saying what to run first. */
export async function runningSession(deps: CommandDeps, notebook: vscode.NotebookDocument, purpose: string): Promise<KernelSession | undefined> {
  const session = deps.sessions.get(notebook);
  if (session?.isStarted) return session;
  const action = await deps.prompter().message('info', `No kernel is running for this notebook. Run the cells that create your model first (Run All), then ${purpose}.`, 'Run All');
  if (action === 'Run All') await vscode.commands.executeCommand('notebook.execute');
  return undefined;
}

/**
 * The model to act on, asked of the kernel (never parsed from the cells'
 * text): with one candidate it is taken, with several the user picks.
 */
export async function pickModel(deps: CommandDeps, session: KernelSession, purpose: string): Promise<ModelInfo | undefined> {
  const models = (await session.listModels()) ?? [];
  const tracking = models.filter((m) => m.tracksDynamics);
  if (tracking.length === 0) {
    const untracked = models.map((m) => `${m.name} (${m.className})`).join(', ');
    const text = untracked
      ? `No model in the kernel tracks dynamics (found ${untracked}). Create it as new IBSequential({ inputShape, trackDynamics: true }) and run that cell, then ${purpose}.`
      : `The kernel has no model yet. Run the cell that creates your IBSequential model first, then ${purpose}.`;
    await deps.prompter().message('info', text);
    return undefined;
  }
  if (tracking.length === 1) return tracking[0];
  const items: PickItem<ModelInfo>[] = tracking.map((m) => ({ label: m.name, description: m.className, value: m }));
  return deps.prompter().pick('Which model?', items, 'Models in the running kernel');
}

/** What a model command acts on: the active notebook, its running kernel, and the model's variable name. */
export interface ModelCommandTarget {
  editor: vscode.NotebookEditor;
  session: KernelSession;
  model: string;
}

/**
 * The preamble every model command shares: the active notebook, its running
 * kernel, and the model (`model` if given, else asked of the kernel). When
 * one is missing the user has been told what to do, and this returns undefined.
 */
export async function modelCommandTarget(deps: CommandDeps, purpose: string, model?: string): Promise<ModelCommandTarget | undefined> {
  const editor = await activeNotebook(deps);
  if (!editor) return undefined;
  const session = await runningSession(deps, editor.notebook, purpose);
  if (!session) return undefined;
  const name = model ?? (await pickModel(deps, session, purpose))?.name;
  return name ? { editor, session, model: name } : undefined;
}

/**
 * Inserts a code cell below the active cell (at the end without one), shows
 * it and runs it through the controller, so the notebook records what was done.
 */
export async function insertAndRunCell(deps: CommandDeps, editor: vscode.NotebookEditor, code: string): Promise<vscode.NotebookCell> {
  const notebook = editor.notebook;
  const index = editor.selections.length > 0 ? Math.min(editor.selections[0].end, notebook.cellCount) : notebook.cellCount;
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, code, CELL_LANGUAGE)])]);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('The cell could not be inserted (the notebook may be read-only).');
  const cell = notebook.cellAt(index);
  const range = new vscode.NotebookRange(index, index + 1);
  editor.selections = [range];
  editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  await deps.controller.runCells([cell], notebook);
  return cell;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
