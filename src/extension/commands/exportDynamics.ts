/**
 * IB: Export Dynamics…: a model's latest dynamics as CSV or JSON, written to
 * a file chosen in a save dialog. The text comes from the kernel itself
 * (`model.evaluatedDynamics.toCSV()` / `toJSON()`), through the kernel's
 * exportDynamics request: answered while the model trains (the run so far).
 */
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { DynamicsFormat } from '../../protocol/kernelProtocol';
import { errorText, modelCommandTarget, type CommandDeps } from './common';

export interface ExportArgs {
  model?: string;
  format?: DynamicsFormat;
  /** Skips the save dialog. */
  target?: vscode.Uri;
}

export function registerExportDynamics(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.exportDynamics, (args?: ExportArgs) => exportDynamics(deps, args));
}

/** Returns the file written, if any. */
async function exportDynamics(deps: CommandDeps, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  const prompter = deps.prompter();
  try {
    const chosen = await modelCommandTarget(deps, 'train it with an evaluator attached and export its dynamics', args.model);
    if (!chosen) return undefined;
    const { session, model } = chosen;
    const format =
      args.format ??
      (await prompter.pick<DynamicsFormat>('Export Dynamics: format', [
        { label: 'CSV', detail: 'One row per epoch, batch, evaluator and layer: epoch,batch,evaluator,layer,layerName,x,y', value: 'csv' },
        { label: 'JSON', detail: 'The run (layers, evaluators, backend), its rows and per-epoch summaries', value: 'json' },
      ]));
    if (!format) return undefined;
    const text = await session.exportDynamics(model, format);
    const defaultName = `${model}-dynamics.${format}`;
    const defaultUri = vscode.Uri.file(join(session.notebookDir, defaultName));
    const target =
      args.target ?? (await prompter.saveFile(defaultUri, format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, `Export the dynamics of ${model}`));
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    deps.log.info(`Exported the dynamics of ${model} to ${target.fsPath}`);
    void prompter.message('info', `Wrote the dynamics of ${model} to ${basename(target.fsPath)}.`);
    return target;
  } catch (error) {
    await prompter.message('error', `Could not export the dynamics: ${errorText(error)}`);
    return undefined;
  }
}
