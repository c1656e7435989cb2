/** Language features in ibnb code cells: the providers, the diagnostics, and the per-notebook services behind both. */
import * as vscode from 'vscode';
import { CELL_LANGUAGE, NOTEBOOK_TYPE } from '../constants';
import { registerDiagnostics } from './diagnostics';
import { registerProviders } from './providers';
import { NotebookServices } from './services';

export const CELL_SELECTOR: vscode.DocumentSelector = { notebookType: NOTEBOOK_TYPE, language: CELL_LANGUAGE };

export function registerLanguageFeatures(extensionPath: string, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const services = new NotebookServices(extensionPath, log);
  return [...registerProviders(CELL_SELECTOR, services), ...registerDiagnostics(services, log), services];
}
