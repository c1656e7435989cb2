/**
 * `ibnb run`: every code cell in order in one kernel, the outputs written
 * back atomically (also when a cell fails or Ctrl+C stops the run), and
 * optionally an HTML report.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { NotebookError, readNotebookFile, writeFileAtomic, writeNotebookFile, type CodeCell, type Notebook } from '../format/index';
import { CellOutputs } from '../kernel/cellOutputs';
import { KernelClient } from '../kernel/client';
import { KernelDiedError } from '../kernel/kernelExit';
import type { CellErrorInfo, OutputParams, StreamParams } from '../kernel/protocol';
import type { RunArgs } from './args';
import { renderReport } from './report';
import type { TerminalView } from './terminalView';

export const EXIT_OK = 0;
export const EXIT_CELL_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export interface RunDependencies {
  view: TerminalView;
  /** The kernel bundle (default: the one beside the CLI bundle). */
  kernelPath?: string;
}

export async function runNotebook(args: RunArgs, { view, kernelPath }: RunDependencies): Promise<number> {
  const notebookPath = resolve(args.notebook);
  const outPath = args.out ? resolve(args.out) : notebookPath;
  const htmlPath = args.html ? resolve(args.html) : undefined;
  let notebook: Notebook;
  try {
    notebook = await readNotebookFile(notebookPath);
  } catch (error) {
    if (!(error instanceof NotebookError)) throw error;
    view.error(error.message);
    return EXIT_USAGE;
  }
  for (const target of [outPath, htmlPath]) {
    const problem = target && unwritableReason(target);
    if (problem) {
      view.error(problem);
      return EXIT_USAGE;
    }
  }

  const cellStatus = new Map<number, string>();
  const run = await runCells(notebook, dirname(notebookPath), args, view, cellStatus, kernelPath);
  if (run.exitCode === EXIT_USAGE) return EXIT_USAGE;
  clearCellsNotRun(notebook, cellStatus);

  try {
    await writeNotebookFile(outPath, notebook);
    view.info(`Wrote ${outPath}`);
    if (htmlPath) {
      await writeFileAtomic(htmlPath, renderReport(notebook, { title: basename(notebookPath), backend: run.backend, cellStatus, generatedAt: new Date() }));
      view.info(`Wrote ${htmlPath}`);
    }
  } catch (error) {
    if (!(error instanceof NotebookError)) throw error;
    view.error(error.message);
    return EXIT_USAGE;
  }
  return run.exitCode;
}

async function runCells(
  notebook: Notebook,
  notebookDir: string,
  args: RunArgs,
  view: TerminalView,
  cellStatus: Map<number, string>,
  kernelPath: string | undefined,
): Promise<{ exitCode: number; backend?: string }> {
  const client = new KernelClient({ kernelPath, backend: args.backend, cwd: notebookDir });
  const outputs = new Map<string, CellOutputs>();
  const receive = (message: OutputParams | StreamParams) => {
    outputs.get(message.cellId)?.apply(message);
    if ('outputId' in message) view.output(message);
    else view.stream(message);
  };
  client.onOutput(receive);
  client.onStream(receive);
  // What the kernel process prints outside cells (native library notices, its own failures).
  client.onLog((log) => process.stderr.write(log.text));
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      view.error('Interrupting… (press Ctrl+C again to stop at once)');
      void client.interrupt();
    } else {
      client.dispose();
    }
  };
  process.on('SIGINT', onSigint);
  try {
    try {
      await client.start();
    } catch (error) {
      view.error(`The kernel could not start: ${error instanceof Error ? error.message : String(error)}`);
      return { exitCode: EXIT_USAGE };
    }
    const backend = await client.backendInfo();
    if (!backend.ok) {
      view.error(backend.error);
      return { exitCode: EXIT_USAGE };
    }
    view.info(`Backend: ${backend.description}`);
    const codeCells = notebook.cells.flatMap((cell, index) => (cell.kind === 'code' ? [{ cell, index }] : []));
    for (const [position, { cell, index }] of codeCells.entries()) {
      if (interrupts > 0) return { exitCode: EXIT_INTERRUPTED, backend: backend.description };
      const label = `cell ${index + 1}`;
      view.info(`▶ [${position + 1}/${codeCells.length}] ${label}`);
      const cellOutputs = new CellOutputs();
      const cellId = `cell-${index}`;
      outputs.set(cellId, cellOutputs);
      cell.outputs = cellOutputs.outputs;
      const started = Date.now();
      const outcome = await executeCell(client, cell, { cellId, notebookDir, label });
      view.endCell();
      const seconds = `${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (outcome.kind === 'died') {
        view.error(`✗ ${label}: ${outcome.message}`);
        cellStatus.set(index, 'kernel died');
        return { exitCode: interrupts > 0 ? EXIT_INTERRUPTED : EXIT_CELL_FAILED, backend: backend.description };
      }
      const result = outcome.result;
      if (result.executionOrder > 0) cell.executionOrder = result.executionOrder;
      else delete cell.executionOrder;
      if (result.status === 'error') {
        cellStatus.set(index, `failed (${seconds})`);
        view.error(describeFailure(label, result.error));
        return { exitCode: EXIT_CELL_FAILED, backend: backend.description };
      }
      if (result.status === 'interrupted') {
        cellStatus.set(index, `interrupted (${seconds})`);
        view.error(`✗ ${label} was interrupted${result.restarted ? ' (the kernel had to be restarted)' : ''}; later cells were not run.`);
        return { exitCode: EXIT_INTERRUPTED, backend: backend.description };
      }
      cellStatus.set(index, `ok (${seconds})`);
      view.info(`✓ ${label} (${seconds})`);
    }
    return { exitCode: EXIT_OK, backend: backend.description };
  } catch (error) {
    if (!(error instanceof KernelDiedError)) throw error;
    view.error(error.message);
    return { exitCode: EXIT_CELL_FAILED };
  } finally {
    process.off('SIGINT', onSigint);
    await client.shutdown().catch(() => undefined);
    client.dispose();
  }
}

type CellOutcome = { kind: 'done'; result: Awaited<ReturnType<KernelClient['execute']>> } | { kind: 'died'; message: string };

async function executeCell(client: KernelClient, cell: CodeCell, ids: { cellId: string; notebookDir: string; label: string }): Promise<CellOutcome> {
  try {
    const result = await client.execute({ cellId: ids.cellId, code: cell.source, notebookDir: ids.notebookDir, cellLabel: ids.label });
    return { kind: 'done', result };
  } catch (error) {
    if (error instanceof KernelDiedError) return { kind: 'died', message: error.message };
    if (error instanceof Error && /disposed/.test(error.message)) return { kind: 'died', message: 'the run was stopped.' };
    throw error;
  }
}

/** "✗ cell 3 failed at line 5: TypeError: …" and the cell frames of the stack. */
export function describeFailure(label: string, error: CellErrorInfo | undefined): string {
  if (!error) return `✗ ${label} failed.`;
  let where = '';
  if (error.line !== undefined) {
    where = error.cellLabel && error.cellLabel !== label ? ` (in ${error.cellLabel}, line ${error.line})` : ` at line ${error.line}`;
  }
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`✗ ${label} failed${where}: ${error.name}: ${error.message}`, ...frames].join('\n');
}

/**
 * After a run that stopped early (a cell failed, an interrupt, the kernel
 * died), the code cells it did not reach lose their outputs and execution
 * numbers: a previous run's results next to this run's would read as
 * current. The report says "not run" for them.
 */
function clearCellsNotRun(notebook: Notebook, cellStatus: Map<number, string>): void {
  notebook.cells.forEach((cell, index) => {
    if (cell.kind !== 'code' || cellStatus.has(index)) return;
    cell.outputs = [];
    delete cell.executionOrder;
    cellStatus.set(index, 'not run');
  });
}

/** Checks an output path before running anything; creates a missing folder (like `npm start`'s out/). */
function unwritableReason(path: string): string | undefined {
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
