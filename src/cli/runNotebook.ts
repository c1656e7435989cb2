/**
 * `ibnb run`: every code cell in order in one kernel, the outputs written
 * back atomically (also when a cell fails or Ctrl+C stops the run), and
 * optionally an HTML report.
 */
import { basename, dirname, resolve } from 'node:path';
import { NotebookError, readNotebookFile, writeFileAtomic, writeNotebookFile, type CodeCell, type Notebook } from '../format/index';
import { CellOutputs } from '../kernelClient/cellOutputs';
import { KernelClient } from '../kernelClient/client';
import { KernelDiedError } from '../kernelClient/kernelExit';
import type { CellErrorInfo, OutputParams, StreamParams } from '../protocol/kernelProtocol';
import type { RunArgs } from './args';
import { applyParameters } from './parameters/apply';
import { renderReport } from './report';
import { ExportTargetError, writeIpynb } from './ipynb/writeIpynb';
import { samePath, unwritableReason } from './targets';
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
  const ipynbPath = args.ipynb ? resolve(args.ipynb) : undefined;
  let notebook: Notebook;
  try {
    notebook = await readNotebookFile(notebookPath);
  } catch (error) {
    if (!(error instanceof NotebookError)) throw error;
    view.error(error.message);
    return EXIT_USAGE;
  }
  if (args.parameters.length > 0 && !(await applyParameters(notebook, args.parameters, notebookPath, view))) return EXIT_USAGE;
  if (ipynbPath && (samePath(ipynbPath, notebookPath) || samePath(ipynbPath, outPath))) {
    view.error(`--ipynb ${args.ipynb} is the notebook ${samePath(ipynbPath, notebookPath) ? 'being run' : 'written by --out'}; give the .ipynb its own file, e.g. --ipynb ${basename(notebookPath).replace(/\.[^.]*$/, '')}.ipynb.`);
    return EXIT_USAGE;
  }
  for (const target of [outPath, htmlPath, ipynbPath]) {
    const problem = target && unwritableReason(target);
    if (problem) {
      view.error(problem);
      return EXIT_USAGE;
    }
  }

  const cellStatus = new Map<number, string>();
  const run = await runCells(notebook, dirname(notebookPath), args, view, cellStatus, kernelPath);
  if (run.exitCode === EXIT_USAGE) return EXIT_USAGE;

  try {
    await writeNotebookFile(outPath, notebook);
    view.info(`Wrote ${outPath}`);
    if (htmlPath) {
      await writeFileAtomic(htmlPath, renderReport(notebook, { title: basename(notebookPath), backend: run.backend, cellStatus, generatedAt: new Date() }));
      view.info(`Wrote ${htmlPath}`);
    }
    if (ipynbPath) {
      await writeIpynb(notebook, ipynbPath, notebookPath);
      view.info(`Wrote ${ipynbPath}`);
    }
  } catch (error) {
    if (!(error instanceof NotebookError) && !(error instanceof ExportTargetError)) throw error;
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
    // A run starts clean: a cell that a failure or an interrupt keeps from running must not show
    // a previous run's outputs and execution number as if they were this run's (in the file and the report).
    for (const { cell, index } of codeCells) {
      cell.outputs = [];
      delete cell.executionOrder;
      cellStatus.set(index, 'not run');
    }
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
