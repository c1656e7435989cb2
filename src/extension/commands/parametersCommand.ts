/** IB: Mark Cell as Parameters: tags the selected code cell `parameters` (papermill's convention) for `ibnb run -p`. */
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { planParametersTag } from '../parametersTag';
import { activeNotebook, errorText, type CommandDeps } from './common';

export function registerParametersCommand(deps: CommandDeps): vscode.Disposable {
  // From a cell's menu VS Code passes that cell (or, from some menus, only a marker such as
  // { from: 'cellContainer' }); anything but a cell means the selected one.
  return vscode.commands.registerCommand(COMMANDS.markParametersCell, (arg?: unknown) => markParametersCell(deps, isCell(arg) ? arg : undefined));
}

function isCell(value: unknown): value is vscode.NotebookCell {
  const cell = value as Partial<vscode.NotebookCell> | undefined;
  return typeof cell?.index === 'number' && typeof cell.notebook?.uri === 'object';
}

async function markParametersCell(deps: CommandDeps, given?: vscode.NotebookCell): Promise<boolean> {
  const editor = await activeNotebook(deps);
  if (!editor) return false;
  const notebook = given?.notebook ?? editor.notebook;
  const selected = given?.index ?? editor.selections[0]?.start;
  const cells = notebook.getCells().map((c) => ({ kind: c.kind === vscode.NotebookCellKind.Code ? ('code' as const) : ('markup' as const), metadata: c.metadata }));
  const plan = planParametersTag(cells, selected);
  if (plan.kind === 'message') {
    await deps.prompter().message('info', plan.text);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, plan.edits.map(({ index, metadata }) => vscode.NotebookEdit.updateCellMetadata(index, metadata)));
  try {
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the notebook may be read-only');
  } catch (error) {
    await deps.prompter().message('error', `Could not tag the cell: ${errorText(error)}.`);
    return false;
  }
  const moved = plan.movedFrom.length > 0 ? ` (the tag was taken off cell ${plan.movedFrom.map((i) => i + 1).join(', ')}: a run uses one parameters cell)` : '';
  await deps.prompter().message('info', `Cell ${(selected ?? 0) + 1} is the parameters cell${moved}. Save, then \`ibnb run ${notebook.uri.path.split('/').pop()} -p name=value\` runs it with other values.`);
  return true;
}
