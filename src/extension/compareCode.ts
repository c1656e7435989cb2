/**
 * The cell "IB: Compare Runs…" inserts: a compareRuns call on the chosen run
 * files, written as a user would type it (paths relative to the notebook's
 * folder, where the kernel runs, so the notebook moves with its runs).
 */
import { basename, extname, isAbsolute, relative, sep } from 'node:path';

export type CompareMode = 'none' | 'mean-sd';

export const COMPARE_CHOICES: readonly { value: CompareMode; label: string; detail: string }[] = [
  { value: 'none', label: 'Each run', detail: 'One trajectory per run, coloured by run' },
  { value: 'mean-sd', label: 'Mean ± 1 sd', detail: "Runs of one configuration (different seeds) as their mean trajectory with a ±1 sd band: compareRuns(..., { aggregate: 'mean-sd' })" },
];

/** The path as the cell writes it: relative to the notebook's folder when inside it, with forward slashes. */
export function runPathInCell(notebookDir: string, file: string): string {
  const rel = relative(notebookDir, file);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  const shown = inside ? rel : file;
  return sep === '\\' ? shown.split(sep).join('/') : shown;
}

/** Default labels: the file names without .jsonl, numbered where two are alike. */
export function runLabels(files: readonly string[]): string[] {
  const names = files.map((f) => basename(f, extname(f)));
  return names.map((n, i) => (names.indexOf(n) === names.lastIndexOf(n) ? n : `${n} (${i + 1})`));
}

export function compareRunsCell(notebookDir: string, files: readonly string[], mode: CompareMode = 'none'): string {
  if (files.length === 0) throw new Error('Compare Runs needs at least one run file.');
  const paths = files.map((f) => `  ${JSON.stringify(runPathInCell(notebookDir, f))},`);
  const options = [`labels: ${JSON.stringify(runLabels(files)).replace(/","/g, '", "')}`, ...(mode === 'mean-sd' ? ["aggregate: 'mean-sd'"] : [])];
  return [
    "import { compareRuns } from 'ibnb';",
    '',
    `// Added by "IB: Compare Runs…": ${mode === 'mean-sd' ? 'the mean ± 1 sd over runs of one configuration' : 'each run in one plane, coloured by run'}.`,
    'compareRuns(',
    '  [',
    ...paths.map((p) => `  ${p}`),
    '  ],',
    `  { ${options.join(', ')} },`,
    ');',
  ].join('\n');
}
