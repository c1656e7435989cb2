/** Runs the built CLI (dist/cli/main.js) for real, in a temporary folder. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CodeCell } from '../../src/format/types';

export const CLI = resolve(__dirname, '../../dist/cli/main.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function ibnb(args: string[], cwd: string, timeout = 120_000): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function withFolder(body: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-cli-test-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function codeCell(source: string, tags?: string[]): CodeCell {
  return { kind: 'code', language: 'typescript', source, outputs: [], ...(tags ? { metadata: { tags } } : {}) };
}
