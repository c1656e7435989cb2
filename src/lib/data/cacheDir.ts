/**
 * Where downloaded data sets live: one folder per data set, shared by every
 * notebook and process of the user, so each file is downloaded once.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** $XDG_CACHE_HOME, or ~/.cache. */
export function userCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg && xdg.trim() !== '' ? xdg : join(homedir(), '.cache');
}

/** The root holding one folder per data set: $IBNB_DATA_DIR, or <user cache dir>/ibnb/datasets. */
export function datasetsRoot(): string {
  const fromEnv = process.env.IBNB_DATA_DIR;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : join(userCacheDir(), 'ibnb', 'datasets');
}

/** The folder of one data set: `dataDir` when given, else <datasetsRoot()>/<name>. */
export function datasetDir(name: string, dataDir?: string): string {
  return resolve(dataDir ?? join(datasetsRoot(), name));
}
