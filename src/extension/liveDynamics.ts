/**
 * Live dynamics updates to the renderer, by difference: while a model trains
 * the kernel sends only what is new (a DynamicsDelta), and so does this
 * channel, through VS Code's renderer messaging, to the notebook's editors.
 * The output VS Code holds (and saves) is updated whole only now and then
 * (see OutputSync), so a chart's update no longer costs the whole run. A
 * renderer that fell behind (it drew VS Code's older copy again) asks for
 * the output whole, and the run that owns the output sends it.
 */
import * as vscode from 'vscode';
import type { DynamicsDelta, DynamicsDeltaMessage, DynamicsResyncMessage } from '../contract/dynamicsPayload';
import { RENDERER_ID } from './constants';

export class LiveDynamicsChannel implements vscode.Disposable {
  private readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  private readonly resyncs = new Map<string, () => void>();
  private readonly subscription = this.messaging.onDidReceiveMessage(({ message }) => {
    const m = message as Partial<DynamicsResyncMessage> | null;
    if (m?.type === 'dynamicsResync' && typeof m.outputId === 'string') this.resyncs.get(m.outputId)?.();
  });

  /** Calls `resend` when a renderer asks for output `outputId` whole; until the returned disposable is disposed. */
  onResync(outputId: string, resend: () => void): vscode.Disposable {
    this.resyncs.set(outputId, resend);
    return new vscode.Disposable(() => {
      if (this.resyncs.get(outputId) === resend) this.resyncs.delete(outputId);
    });
  }

  /** Posts `delta` for the output `outputId` to the editors showing `notebook`; false when no renderer took it. */
  async post(notebook: vscode.NotebookDocument, outputId: string, delta: DynamicsDelta): Promise<boolean> {
    const message: DynamicsDeltaMessage = { type: 'dynamicsDelta', outputId, delta };
    const editors = vscode.window.visibleNotebookEditors.filter((editor) => editor.notebook === notebook);
    const delivered = await Promise.all(editors.map((editor) => this.messaging.postMessage(message, editor)));
    return delivered.some(Boolean);
  }

  dispose(): void {
    this.subscription.dispose();
    this.resyncs.clear();
  }
}

/**
 * VS Code's id of an output, which its renderers see as the output item's
 * id. The API's NotebookCellOutput has it at runtime (VS Code sends it as the
 * output's id to the webview) though its type declaration leaves it out.
 */
export function vscodeOutputId(output: vscode.NotebookCellOutput): string | undefined {
  const id = (output as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
