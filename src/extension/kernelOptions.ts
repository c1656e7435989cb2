/**
 * The settings → how a notebook's kernel process is started. Pure, so the
 * mapping (which setting becomes which variable) is tested without VS Code.
 */
import { delimiter, join } from 'node:path';
import type { KernelClientOptions } from '../kernelClient/client';
import { DEFAULT_DYNAMICS_INTERVAL_MS, MIN_DYNAMICS_INTERVAL_MS } from '../protocol/kernelProtocol';
import { BACKEND_SETTING_VALUES, type BackendSetting } from './constants';

export interface IbnbSettings {
  backend: BackendSetting;
  /** Empty: VS Code's own Node (its Electron run as Node), which needs nothing installed. */
  nodePath: string;
  /** Empty: the library's default (~/.cache/ibnb/datasets). */
  dataDir: string;
  /** Milliseconds between live dynamics updates: sent with every cell run, the kernel paces them. */
  updateIntervalMs: number;
}

export const DEFAULT_SETTINGS: IbnbSettings = { backend: 'auto', nodePath: '', dataDir: '', updateIntervalMs: DEFAULT_DYNAMICS_INTERVAL_MS };

/** Settings as read from VS Code (any JSON), with bad values replaced by defaults. */
export function normalizeSettings(raw: Partial<Record<keyof IbnbSettings, unknown>>): IbnbSettings {
  const backend = (BACKEND_SETTING_VALUES as readonly unknown[]).includes(raw.backend) ? (raw.backend as BackendSetting) : DEFAULT_SETTINGS.backend;
  const interval = typeof raw.updateIntervalMs === 'number' && Number.isFinite(raw.updateIntervalMs) ? Math.min(10_000, Math.max(MIN_DYNAMICS_INTERVAL_MS, raw.updateIntervalMs)) : DEFAULT_SETTINGS.updateIntervalMs;
  return {
    backend,
    nodePath: typeof raw.nodePath === 'string' ? raw.nodePath.trim() : '',
    dataDir: typeof raw.dataDir === 'string' ? raw.dataDir.trim() : '',
    updateIntervalMs: interval,
  };
}

export interface KernelPlace {
  /** The notebook's folder (untitled notebooks: the workspace folder, else the home folder). */
  notebookDir: string;
  /** Workspace folders: their node_modules can hold the optional native TensorFlow packages. */
  workspaceDirs: readonly string[];
}

/**
 * The client options for a kernel. NODE_PATH lists the notebook's and the
 * workspace folders' node_modules, so that `npm install @tensorflow/tfjs-node-gpu`
 * there makes the GPU backend available to a kernel that bundles the library.
 */
export function kernelClientOptions(settings: IbnbSettings, place: KernelPlace, baseEnv: NodeJS.ProcessEnv, kernelPath?: string): KernelClientOptions {
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  if (settings.dataDir) env.IBNB_DATA_DIR = settings.dataDir;
  const modulePaths = [place.notebookDir, ...place.workspaceDirs].map((dir) => join(dir, 'node_modules'));
  const existing = baseEnv.NODE_PATH ? baseEnv.NODE_PATH.split(delimiter).filter(Boolean) : [];
  env.NODE_PATH = [...new Set([...modulePaths, ...existing])].join(delimiter);
  return {
    backend: settings.backend,
    env,
    cwd: place.notebookDir,
    ...(settings.nodePath ? { nodePath: settings.nodePath } : {}),
    ...(kernelPath ? { kernelPath } : {}),
  };
}
