/**
 * Every question and message the commands show goes through a Prompter, so
 * tests (and later the code-server suite) can answer quick picks without a
 * UI: the extension's API lets a test install its own.
 */
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export interface Prompter {
  /** undefined: the user dismissed it. */
  pick<T>(title: string, items: readonly PickItem<T>[], placeHolder?: string): Promise<T | undefined>;
  input(options: { title: string; prompt: string; value: string; validate(text: string): string | undefined }): Promise<string | undefined>;
  /** A modal question; true when the user chose `action`. */
  confirm(message: string, action: string, detail?: string): Promise<boolean>;
  saveFile(defaultUri: vscode.Uri, filters: Record<string, string[]>, title: string): Promise<vscode.Uri | undefined>;
  /** Files to read (several may be chosen); undefined or empty: dismissed. */
  openFiles(defaultUri: vscode.Uri, filters: Record<string, string[]>, title: string): Promise<vscode.Uri[] | undefined>;
  /** A notification; resolves to the action the user clicked, if any. */
  message(kind: 'info' | 'warning' | 'error', text: string, ...actions: string[]): Promise<string | undefined>;
}

export const vscodePrompter: Prompter = {
  async pick(title, items, placeHolder) {
    const chosen = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true, matchOnDetail: true });
    return chosen?.value;
  },
  async input({ title, prompt, value, validate }) {
    return vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: validate });
  },
  async confirm(message, action, detail) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async saveFile(defaultUri, filters, title) {
    return vscode.window.showSaveDialog({ defaultUri, filters, title });
  },
  async openFiles(defaultUri, filters, title) {
    return vscode.window.showOpenDialog({ defaultUri, filters, title, canSelectMany: true, canSelectFiles: true, canSelectFolders: false, openLabel: 'Compare' });
  },
  async message(kind, text, ...actions) {
    if (kind === 'error') return vscode.window.showErrorMessage(text, ...actions);
    if (kind === 'warning') return vscode.window.showWarningMessage(text, ...actions);
    return vscode.window.showInformationMessage(text, ...actions);
  },
};
