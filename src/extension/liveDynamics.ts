/**
 * Live dynamics updates to the renderer, by difference: while a model trains
 * the kernel sends only what is new (a DynamicsDelta), and so does this
 * channel, through VS Code's renderer messaging, to the notebook's editors.
 * The output VS Code holds (and saves) is updated whole only now and then
 * (see OutputSync), so a chart's update no longer costs the whole run.
 */
import * as vscode from 'vscode';
import type { DynamicsDelta, DynamicsDeltaMessage } from '../lib/dynamics/payload';
import { RENDERER_ID } from './constants';

export class LiveDynamicsChannel implements vscode.Disposable {
  private readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);

  /** Posts `delta` for the output `outputId` to the editors showing `notebook`; false when no renderer took it. */
  async post(notebook: vscode.NotebookDocument, outputId: string, delta: DynamicsDelta): Promise<boolean> {
    const message: DynamicsDeltaMessage = { type: 'dynamicsDelta', outputId, delta };
    const editors = vscode.window.visibleNotebookEditors.filter((editor) => editor.notebook === notebook);
    const delivered = await Promise.all(editors.map((editor) => this.messaging.postMessage(message, editor)));
    return delivered.some(Boolean);
  }

  dispose(): void {
    // Renderer messaging has nothing to release.
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
