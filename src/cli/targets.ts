/** Output paths, checked before anything runs, so a bad one fails in a second and not after training. */
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Checks an output path before running anything; creates a missing folder (like `npm start`'s out/). */
export function unwritableReason(path: string): string | undefined {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      return `Cannot write ${path}: the folder ${dir} cannot be created (${(error as Error).message}). Choose another path.`;
    }
  }
  if (!statSync(dir).isDirectory()) return `Cannot write ${path}: ${dir} is not a folder. Choose another path.`;
  if (existsSync(path) && statSync(path).isDirectory()) return `Cannot write ${path}: it is a folder. Give a file name.`;
  return undefined;
}

/** Paths naming one file, through links and `..`; a file not there yet is compared by its absolute path. */
export function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
