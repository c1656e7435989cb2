/** Reading and atomically writing notebook files. */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NotebookFileError } from './errors';
import { parseNotebook } from './parse';
import { serializeNotebook } from './serialize';
import type { Notebook } from './types';

/** Reads and parses a notebook; throws NotebookFileError or NotebookFormatError naming the file. */
export async function readNotebookFile(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NotebookFileError(path, describeIoError(error, 'cannot be read'));
  }
  return parseNotebook(text, path);
}

/** Writes a notebook atomically: readers see the old file or the new one, never half of one. */
export async function writeNotebookFile(path: string, notebook: Notebook): Promise<void> {
  await writeFileAtomic(path, serializeNotebook(notebook));
}

/**
 * Writes to a temp file in the same folder, flushes it, then renames it over
 * `path` (a rename within one file system is atomic). The temp file is removed
 * if anything fails, and an existing file keeps its permissions.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = await stat(path).then(
    (s) => s.mode & 0o777,
    () => 0o666,
  );
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new NotebookFileError(path, describeIoError(error, 'cannot be written'));
  }
}

function describeIoError(error: unknown, what: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${what}: no such file or folder; check the path`;
  if (code === 'EISDIR') return `${what}: it is a folder, not a file`;
  if (code === 'EACCES' || code === 'EPERM') return `${what}: permission denied`;
  return `${what} (${error instanceof Error ? error.message : String(error)})`;
}
