/**
 * `ibnb check`: the type errors the editor shows in a notebook's code cells,
 * headless, for CI. Each is printed as `file:cell N:line:col  message`, with
 * N the cell's number in the notebook (markdown cells counted) and line and
 * column 1-based in that cell, as `ibnb run` numbers cells.
 */
import { join, resolve } from 'node:path';
import { NotebookError, readNotebookFile } from '../format/index';
import { lineAndCharacter, NotebookLanguageService, TypingsMissingError, type CellDiagnostic } from '../language/index';
import { EXIT_CELL_FAILED, EXIT_OK, EXIT_USAGE } from './runNotebook';
import type { TerminalView } from './terminalView';

export interface CheckDependencies {
  view: TerminalView;
  /** dist/typings (default: the one beside the CLI bundle, dist/cli/main.js). */
  typingsRoot?: string;
}

export interface CheckResult {
  exitCode: number;
  errors: number;
}

/** Type-checks `notebook` (the path as given: it starts each printed line). */
export async function checkNotebook(notebook: string, { view, typingsRoot = join(__dirname, '..', 'typings') }: CheckDependencies): Promise<CheckResult> {
  const path = resolve(notebook);
  let cells;
  try {
    cells = (await readNotebookFile(path)).cells.flatMap((cell, index) => (cell.kind === 'code' && cell.language === 'typescript' ? [{ source: cell.source, label: `cell ${index + 1}` }] : []));
  } catch (error) {
    if (!(error instanceof NotebookError)) throw error;
    view.error(error.message);
    return { exitCode: EXIT_USAGE, errors: 0 };
  }
  let diagnostics: CellDiagnostic[];
  try {
    const service = new NotebookLanguageService({ notebookPath: path, typingsRoot });
    service.update(cells);
    diagnostics = service.diagnostics();
    service.dispose();
  } catch (error) {
    if (!(error instanceof TypingsMissingError)) throw error;
    view.error(error.message);
    return { exitCode: EXIT_USAGE, errors: 0 };
  }
  for (const d of diagnostics) {
    const { line, character } = lineAndCharacter(cells[d.cell].source, d.start);
    const message = d.message.replace(/\n/g, '\n    ');
    view.info(`${notebook}:${cells[d.cell].label}:${line + 1}:${character + 1}  ${d.severity === 'error' ? '' : `${d.severity}: `}${message} (TS${d.code})`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const broken = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.cell)).size;
  if (errors > 0) view.error(`${notebook}: ${errors} type error${errors === 1 ? '' : 's'} in ${broken} cell${broken === 1 ? '' : 's'}.`);
  else view.info(`${notebook}: no type errors in ${cells.length} code cell${cells.length === 1 ? '' : 's'}.`);
  return { exitCode: errors > 0 ? EXIT_CELL_FAILED : EXIT_OK, errors };
}
