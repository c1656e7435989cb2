/**
 * "IB Kernel (TypeScript)", the notebook controller of `.ibnb` notebooks: runs
 * cells one after another in the notebook's kernel, streams their outputs in
 * (throttled by OutputSync; live dynamics go to the renderer as deltas),
 * stops a "Run All" at the first failure, and interrupts through the kernel
 * client.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { ERROR_MIME, STDERR_MIME, type CellOutput } from '../format/index';
import { KernelDiedError } from '../kernelClient/kernelExit';
import { CELL_LANGUAGE, CONTROLLER_ID, CONTROLLER_LABEL, NOTEBOOK_TYPE } from './constants';
import type { KernelSession } from './kernelSession';
import type { KernelSessions } from './kernelSessions';
import { vscodeOutputId, type LiveDynamicsChannel } from './liveDynamics';
import { OutputSync } from './outputSync';
import { readSettings } from './settings';
import { cellOutputItemsToVscode, cellOutputToVscode } from './vscodeOutputs';

const IDLE_DESCRIPTION = 'TypeScript on TensorFlow.js';

export class IbnbController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sessions: KernelSessions,
    private readonly log: vscode.LogOutputChannel,
    private readonly live: LiveDynamicsChannel,
  ) {
    const controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, CONTROLLER_LABEL);
    controller.supportedLanguages = [CELL_LANGUAGE];
    controller.supportsExecutionOrder = true;
    controller.description = IDLE_DESCRIPTION;
    controller.executeHandler = (cells, notebook) => this.runCells(cells, notebook);
    controller.interruptHandler = (notebook) => this.sessions.get(notebook)?.interrupt();
    this.controller = controller;
    for (const notebook of vscode.workspace.notebookDocuments) this.prefer(notebook);
    this.disposables.push(
      controller,
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.prefer(notebook)),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.updateDescription()),
      sessions.onDidChange(() => this.updateDescription()),
    );
  }

  /** Runs cells in order; stops at the first that fails or when the user interrupts. Resolves when done. */
  async runCells(cells: readonly vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const session = this.sessions.getOrCreate(notebook);
    const interrupts = session.interrupts;
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      if (session.interrupts !== interrupts) break;
      if (!(await this.runCell(cell, session))) break;
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Returns whether the cell succeeded. */
  private async runCell(cell: vscode.NotebookCell, session: KernelSession): Promise<boolean> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.start(Date.now());
    await execution.clearOutput();
    // The renderer may ask for a live chart whole while this run updates it (see LiveDynamicsChannel).
    const resyncs = new Map<string, vscode.Disposable>();
    const sync = new OutputSync<vscode.NotebookCellOutput>(
      {
        append: async (output) => {
          const converted = cellOutputToVscode(output);
          await execution.appendOutput(converted);
          return converted;
        },
        replace: async (handle, output) => {
          await execution.replaceOutputItems(cellOutputItemsToVscode(output), handle);
        },
        merge: async (handle, delta, resendWhole) => {
          const id = vscodeOutputId(handle);
          if (id === undefined) return false;
          if (!resyncs.has(id)) resyncs.set(id, this.live.onResync(id, resendWhole));
          return this.live.post(cell.notebook, id, delta);
        },
      },
      {
        onError: (error) => this.log.warn(`An output could not be shown: ${String(error)}`),
      },
    );
    let success: boolean | undefined;
    try {
      const result = await session.execute(
        {
          code: cell.document.getText(),
          notebookDir: session.notebookDir,
          cellLabel: `cell ${cell.index + 1}`,
          // The kernel paces live dynamics: the setting goes with each run, so a change applies to the next one.
          dynamicsIntervalMs: readSettings(cell.notebook.uri).updateIntervalMs,
        },
        sync,
      );
      if (result.executionOrder > 0) execution.executionOrder = result.executionOrder;
      if (result.restarted) {
        sync.add(textOutput(STDERR_MIME, 'The cell did not stop after the interrupt, so the kernel was restarted: every variable is lost. Re-run the cells you need.\n'));
      }
      success = result.status === 'ok' ? true : result.status === 'error' ? false : undefined;
    } catch (error) {
      this.log.error(`cell ${cell.index + 1} of ${cell.notebook.uri.path}: ${errorMessage(error)}`);
      sync.add(errorOutput(error));
      success = false;
    }
    await sync.finish();
    for (const resync of resyncs.values()) resync.dispose();
    execution.end(success, Date.now());
    return success === true;
  }

  private prefer(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType === NOTEBOOK_TYPE) this.controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
  }

  /** The description shows the compute backend of the active notebook's kernel once it is up. */
  private updateDescription(): void {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const backend = notebook && this.sessions.get(notebook)?.backend;
    if (backend?.ok) {
      this.controller.description = `TensorFlow.js · ${backend.name}${backend.isGpu ? ' (GPU)' : ''}${backend.adapter ? ` · ${backend.adapter}` : ''}`;
      this.controller.detail = backend.description;
    } else {
      this.controller.description = IDLE_DESCRIPTION;
      this.controller.detail = backend && !backend.ok ? `No compute backend: ${backend.error}` : undefined;
    }
  }
}

function textOutput(mime: string, text: string): CellOutput {
  return { id: randomUUID(), items: [{ mime, data: text }] };
}

/** A failure outside the cell's code (the kernel died, could not start): an error output that says what to do. */
function errorOutput(error: unknown): CellOutput {
  let name = 'Error';
  let message = errorMessage(error);
  if (error instanceof KernelDiedError) {
    name = 'KernelDied';
    if (error.exit.expected) message = 'The kernel was restarted or stopped while this cell ran; its variables are lost. Re-run the cells you need.';
  } else if (/could not be started/.test(message)) {
    name = 'KernelStartFailed';
    message += ' The setting is ibnb.nodePath; leave it empty to use VS Code\'s own Node.js.';
  }
  return { id: randomUUID(), items: [{ mime: ERROR_MIME, data: { name, message, stack: '' } }] };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
