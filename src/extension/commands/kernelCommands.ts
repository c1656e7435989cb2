/** IB: Restart Kernel, IB: Interrupt Kernel (the status bar's click), IB: Select Compute Backend…, IB: Show Kernel Log. */
import * as vscode from 'vscode';
import { BACKEND_SETTING_VALUES, COMMANDS, SETTINGS, type BackendSetting } from '../constants';
import { readSettings } from '../settings';
import { activeNotebook, errorText, type CommandDeps } from './common';

const BACKEND_DETAILS: Record<BackendSetting, string> = {
  auto: 'The best available: tensorflow-gpu, then webgpu (a hardware GPU), then tensorflow, then wasm, then cpu',
  'tensorflow-gpu': 'Native TensorFlow with CUDA (@tensorflow/tfjs-node-gpu; see the README to install it)',
  webgpu: 'The GPU through WebGPU (Dawn: Vulkan, Metal or Direct3D 12), bundled: needs only the GPU driver',
  tensorflow: 'Native TensorFlow on the CPU (@tensorflow/tfjs-node; see the README to install it)',
  wasm: 'WebAssembly with SIMD, bundled: works everywhere',
  cpu: 'Plain JavaScript, bundled: slowest, always available',
};

export function registerKernelCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.restartKernel, () => restartKernel(deps)),
    vscode.commands.registerCommand(COMMANDS.interruptKernel, () => interruptKernel(deps)),
    vscode.commands.registerCommand(COMMANDS.selectBackend, (backend?: BackendSetting) => selectBackend(deps, backend)),
    vscode.commands.registerCommand(COMMANDS.showKernelLog, () => deps.log.show(true)),
  ];
}

async function restartKernel(deps: CommandDeps): Promise<boolean> {
  const editor = await activeNotebook(deps);
  if (!editor) return false;
  const session = deps.sessions.getOrCreate(editor.notebook);
  try {
    await session.restart();
    return true;
  } catch (error) {
    await deps.prompter().message('error', `The kernel could not be restarted: ${errorText(error)}`, 'Show Log').then((a) => a && deps.log.show(true));
    return false;
  }
}

async function interruptKernel(deps: CommandDeps): Promise<boolean> {
  const editor = await activeNotebook(deps);
  if (!editor) return false;
  const session = deps.sessions.get(editor.notebook);
  if (!session?.isBusy) {
    await deps.prompter().message('info', 'No cell is running in this notebook.');
    return false;
  }
  const confirmed = await deps.prompter().confirm('Interrupt the running cell?', 'Interrupt', 'Training stops after the current batch; every variable keeps its value.');
  if (!confirmed) return false;
  await session.interrupt();
  return true;
}

async function selectBackend(deps: CommandDeps, given?: BackendSetting): Promise<BackendSetting | undefined> {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  const current = readSettings(notebook?.uri).backend;
  const prompter = deps.prompter();
  const backend =
    given ??
    (await prompter.pick<BackendSetting>(
      'Select Compute Backend',
      BACKEND_SETTING_VALUES.map((name) => ({ label: name, description: name === current ? 'current' : undefined, detail: BACKEND_DETAILS[name], value: name })),
      'Used by kernels started from now on (setting ibnb.backend)',
    ));
  if (!backend || !(BACKEND_SETTING_VALUES as readonly string[]).includes(backend)) return undefined;
  const config = vscode.workspace.getConfiguration(SETTINGS.section, notebook?.uri);
  // Where it is set already (a workspace may pin it); otherwise for the user.
  const inspected = config.inspect(SETTINGS.backend);
  const target = inspected?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder : inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(SETTINGS.backend, backend, target);
  const running = deps.sessions.all().filter((s) => s.isStarted);
  if (running.length > 0) {
    const restart = await prompter.confirm(
      `Restart ${running.length === 1 ? 'the running kernel' : `the ${running.length} running kernels`} to use '${backend}'?`,
      'Restart',
      'Every variable is lost; re-run the cells you need. Without a restart, the new backend applies to kernels started later.',
    );
    if (restart) await Promise.all(running.map((s) => s.restart().catch((error: unknown) => deps.log.error(`restart failed: ${errorText(error)}`))));
  }
  return backend;
}
