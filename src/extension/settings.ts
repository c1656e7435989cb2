/** Reads the `ibnb.*` settings for a notebook (folder settings apply to the notebooks in that folder). */
import * as vscode from 'vscode';
import { SETTINGS } from './constants';
import { normalizeSettings, type IbnbSettings } from './kernelOptions';

export function readSettings(scope?: vscode.Uri): IbnbSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS.section, scope);
  return normalizeSettings({
    backend: config.get(SETTINGS.backend),
    nodePath: config.get(SETTINGS.nodePath),
    dataDir: config.get(SETTINGS.dataDir),
    updateIntervalMs: config.get(SETTINGS.updateIntervalMs),
  });
}

/** Whether a configuration change touches a setting that a running kernel was started with. */
export function affectsKernel(event: vscode.ConfigurationChangeEvent): boolean {
  return [SETTINGS.backend, SETTINGS.nodePath, SETTINGS.dataDir].some((key) => event.affectsConfiguration(`${SETTINGS.section}.${key}`));
}
