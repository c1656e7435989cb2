/**
 * What `activate` returns (`vscode.extensions.getExtension(...).exports`):
 * hooks for tests, which run in the same extension host, to answer the
 * commands' questions and look at the kernel and status bar.
 */
import type * as vscode from 'vscode';
import type { BackendInfo } from '../protocol/kernelProtocol';
import type { Prompter } from './prompter';

export interface IbnbApi {
  /**
   * Replaces the quick picks, input boxes and messages; undefined restores
   * VS Code's own. Offered only in ExtensionMode.Test (the extension-host
   * suites), so no other extension can answer our prompts in a user's editor.
   */
  setPrompter?(prompter: Prompter | undefined): void;
  /** The pid of the notebook's kernel process, when one runs. */
  kernelPid(notebook: vscode.NotebookDocument): number | undefined;
  /** Whether a cell of the notebook is running. */
  kernelBusy(notebook: vscode.NotebookDocument): boolean;
  /** The compute backend the notebook's kernel reported. */
  kernelBackend(notebook: vscode.NotebookDocument): BackendInfo | undefined;
  /** The status bar item's text (hidden or not). */
  statusBarText(): string | undefined;
}
