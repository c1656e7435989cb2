/**
 * The status bar item of the active `.ibnb` notebook: its kernel's backend,
 * and during training "epoch 3/7 · 412/750 · 3.1 it/s". Clicking it while a
 * cell runs interrupts (after a confirmation); otherwise it picks the backend.
 */
import * as vscode from 'vscode';
import { COMMANDS, NOTEBOOK_TYPE } from './constants';
import type { KernelSessions } from './kernelSessions';
import { readSettings } from './settings';
import { formatTrainingStatus } from './trainingStatus';

export class KernelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ibnb.kernel', vscode.StatusBarAlignment.Left, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly sessions: KernelSessions) {
    this.item.name = 'IB Notebooks kernel';
    this.disposables.push(
      this.item,
      sessions.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('ibnb') && this.update()),
    );
    this.update();
  }

  /** The text shown now (tests read it; VS Code offers no API to read a status bar item). */
  get text(): string | undefined {
    return this.item.text;
  }

  update(): void {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (!notebook || notebook.notebookType !== NOTEBOOK_TYPE) {
      this.item.hide();
      return;
    }
    const session = this.sessions.get(notebook);
    const backend = session?.backend;
    const backendName = backend?.ok ? `${backend.name}${backend.adapter ? ` · ${backend.adapter}` : ''}` : undefined;
    if (session?.isBusy) {
      this.item.text = `$(sync~spin) ${session.progress ? formatTrainingStatus(session.progress) : 'IB: running'}`;
      this.item.tooltip = `A cell is running${backendName ? ` on ${backendName}` : ''}. Click to interrupt it.`;
      this.item.command = COMMANDS.interruptKernel;
    } else if (session?.isStarted) {
      this.item.text = `$(circuit-board) IB: ${backendName ?? 'starting…'}`;
      this.item.tooltip = `${backend?.ok ? backend.description : backend ? `No compute backend: ${backend.error}` : 'Kernel starting'}${session.pid ? ` · pid ${session.pid}` : ''}. Click to choose the compute backend.`;
      this.item.command = COMMANDS.selectBackend;
    } else {
      const setting = readSettings(notebook.uri).backend;
      this.item.text = `$(circle-outline) IB: ${setting}`;
      this.item.tooltip = `The kernel starts on the first run, with the '${setting}' backend (setting ibnb.backend). Click to choose.`;
      this.item.command = COMMANDS.selectBackend;
    }
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
