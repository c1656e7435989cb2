/**
 * IB Notebooks for VS Code: wires the serializer, the controller, the kernel
 * sessions, the status bar and the palette commands together. Everything
 * here is a disposable owned by the extension context, so deactivating (or
 * closing VS Code) ends every kernel process.
 */
import * as vscode from 'vscode';
import type { IbnbApi } from './api';
import { registerEvaluatorCommands } from './commands/evaluatorCommands';
import { registerExportDynamics } from './commands/exportDynamics';
import { registerCompareRuns } from './commands/compareCommand';
import { registerKernelCommands } from './commands/kernelCommands';
import { registerNotebookCommands } from './commands/notebookCommands';
import { registerParametersCommand } from './commands/parametersCommand';
import type { CommandDeps } from './commands/common';
import { NOTEBOOK_TYPE, OUTPUT_CHANNEL_NAME } from './constants';
import { IbnbController } from './controller';
import { KernelSessions } from './kernelSessions';
import { LiveDynamicsChannel } from './liveDynamics';
import { registerLanguageFeatures } from './language/index';
import { vscodePrompter, type Prompter } from './prompter';
import { IbnbSerializer } from './serializer';
import { affectsKernel } from './settings';
import { KernelStatusBar } from './statusBar';

export function activate(context: vscode.ExtensionContext): IbnbApi {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const serializer = new IbnbSerializer(log);
  const sessions = new KernelSessions(log);
  const live = new LiveDynamicsChannel();
  const controller = new IbnbController(sessions, log, live);
  const statusBar = new KernelStatusBar(sessions);
  let prompter: Prompter = vscodePrompter;
  const deps: CommandDeps = { extensionUri: context.extensionUri, sessions, controller, serializer, log, prompter: () => prompter };

  context.subscriptions.push(
    log,
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, serializer, { transientOutputs: false }),
    sessions,
    live,
    controller,
    statusBar,
    ...registerNotebookCommands(deps),
    ...registerEvaluatorCommands(deps),
    ...registerKernelCommands(deps),
    registerExportDynamics(deps),
    registerCompareRuns(deps),
    registerParametersCommand(deps),
    ...registerLanguageFeatures(context.extensionPath, log),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsKernel(event) && sessions.all().some((s) => s.isStarted)) {
        log.info('Kernel settings changed: running kernels keep theirs until IB: Restart Kernel.');
      }
    }),
  );

  const testHooks: Pick<IbnbApi, 'setPrompter'> =
    context.extensionMode === vscode.ExtensionMode.Test
      ? {
          setPrompter: (replacement) => {
            prompter = replacement ?? vscodePrompter;
          },
        }
      : {};
  return {
    ...testHooks,
    kernelPid: (notebook) => sessions.get(notebook)?.pid,
    kernelBusy: (notebook) => sessions.get(notebook)?.isBusy ?? false,
    kernelBackend: (notebook) => sessions.get(notebook)?.backend,
    statusBarText: () => statusBar.text,
  };
}

export function deactivate(): void {
  // The context's subscriptions (the sessions among them) are disposed by VS Code.
}
