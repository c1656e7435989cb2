/**
 * IB: Compare Runs…: pick run files (saveDynamics' .jsonl) in an open
 * dialog, choose each run or their mean ± 1 sd, and a compareRuns cell is
 * inserted below the active cell and run, so the comparison is part of the
 * notebook. Also takes its answers as an argument (scripts, tests).
 */
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { COMPARE_CHOICES, compareRunsCell, type CompareMode } from '../compareCode';
import { activeNotebook, errorText, insertAndRunCell, type CommandDeps } from './common';

export interface CompareArgs {
  /** Run file paths; skips the open dialog. */
  files?: string[];
  mode?: CompareMode;
}

export function registerCompareRuns(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.compareRuns, (args?: CompareArgs) => compareRunsCommand(deps, args));
}

/** The folder the kernel runs in: the notebook's, or the workspace's for an untitled notebook. */
function notebookDir(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return dirname(notebook.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

async function compareRunsCommand(deps: CommandDeps, args: CompareArgs = {}): Promise<vscode.NotebookCell | undefined> {
  const prompter = deps.prompter();
  try {
    const editor = await activeNotebook(deps);
    if (!editor) return undefined;
    const dir = notebookDir(editor.notebook);
    const files =
      args.files ??
      (await prompter.openFiles(vscode.Uri.file(join(dir, 'ibnb-runs')), { 'Run files (saveDynamics)': ['jsonl'] }, 'Compare Runs: pick the run files to compare'))?.map(
        (uri) => uri.fsPath,
      );
    if (!files || files.length === 0) return undefined;
    const mode =
      args.mode ??
      (files.length === 1
        ? 'none'
        : await prompter.pick<CompareMode>('Compare Runs: how to draw them', COMPARE_CHOICES.map((c) => ({ label: c.label, detail: c.detail, value: c.value }))));
    if (!mode) return undefined;
    return await insertAndRunCell(deps, editor, compareRunsCell(dir, files, mode));
  } catch (error) {
    await prompter.message('error', `Could not compare runs: ${errorText(error)}`);
    return undefined;
  }
}
