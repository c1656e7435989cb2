/** IB: New Notebook (from the starter template) and IB: Open Example… (a copy of a bundled example), both as untitled notebooks. */
import * as vscode from 'vscode';
import { COMMANDS, MEDIA_PATHS, NOTEBOOK_TYPE } from '../constants';
import { exampleTitle } from '../examples';
import { errorText, type CommandDeps } from './common';

export function registerNotebookCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.newNotebook, () => openCopy(deps, vscode.Uri.joinPath(deps.extensionUri, MEDIA_PATHS.starterTemplate))),
    vscode.commands.registerCommand(COMMANDS.openExample, (name?: string) => openExample(deps, name)),
  ];
}

/** Opens an untitled notebook with a file's content: saving asks where, so the original stays as it is. */
async function openCopy(deps: CommandDeps, source: vscode.Uri): Promise<vscode.NotebookDocument | undefined> {
  try {
    const data = deps.serializer.deserializeNotebook(await vscode.workspace.fs.readFile(source));
    const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
    await vscode.window.showNotebookDocument(notebook);
    return notebook;
  } catch (error) {
    await deps.prompter().message('error', `Could not open ${source.path.split('/').pop()}: ${errorText(error)}. Reinstall IB Notebooks if the file is missing.`);
    return undefined;
  }
}

async function openExample(deps: CommandDeps, name?: string): Promise<vscode.NotebookDocument | undefined> {
  const folder = vscode.Uri.joinPath(deps.extensionUri, MEDIA_PATHS.examples);
  let files: string[] = [];
  try {
    files = (await vscode.workspace.fs.readDirectory(folder)).filter(([file, type]) => type === vscode.FileType.File && file.endsWith('.ibnb')).map(([file]) => file).sort();
  } catch {
    // No examples folder: said below.
  }
  if (files.length === 0) {
    await deps.prompter().message('info', 'This version of IB Notebooks ships no examples. IB: New Notebook opens a starter notebook.');
    return undefined;
  }
  let chosen = name;
  if (!chosen) {
    const items = await Promise.all(
      files.map(async (file) => {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, file)));
        return { label: exampleTitle(text, file), description: file, value: file };
      }),
    );
    chosen = await deps.prompter().pick('Open Example', items, 'Opens a copy; the example itself is never changed');
  }
  if (!chosen) return undefined;
  if (!files.includes(chosen)) {
    await deps.prompter().message('error', `There is no example named ${chosen}; the examples are: ${files.join(', ')}.`);
    return undefined;
  }
  return openCopy(deps, vscode.Uri.joinPath(folder, chosen));
}
