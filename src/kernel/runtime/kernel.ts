/**
 * The kernel's state and request handlers: cells run one at a time in this
 * process's global scope (so values cross cells, and the library's classes
 * are the ones user code gets), with their console, errors and training
 * progress routed to the cell that caused them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { Script } from 'node:vm';
import * as library from '../../lib/index';
import { TrainingCancelledError } from '../../lib/errors';
import { DEFAULT_DYNAMICS_INTERVAL_MS, MIN_DYNAMICS_INTERVAL_MS, type BackendInfo, type CellErrorInfo, type DynamicsFormat, type EvaluatorSummary, type ExecuteParams, type ExecuteResult, type ExecuteStatus, type ModelInfo } from '../../protocol/kernelProtocol';
import { CELL_ARGUMENTS } from '../transpile/rewrite';
import { transpileCell } from '../transpile/transpile';
import { CellRuntime } from './cellRuntime';
import { captureConsole } from './consoleCapture';
import { errorInfo } from './errorInfo';
import { CellExecution, type SendNotification } from './execution';
import * as queries from './modelQueries';
import { ModuleLoader } from './modules';
import { ScriptRegistry } from './scripts';

/** How long an interrupted cell may take to settle (a training batch to finish) before the kernel stops waiting. */
const INTERRUPT_GRACE_MS = 2000;

export interface KernelOptions {
  send: SendNotification;
  /** The kernel's own require, the fallback for bare imports. */
  kernelRequire: NodeJS.Require;
  /** Files whose stack frames are kernel internals (the kernel bundle, which includes the library). */
  hiddenFiles: string[];
}

type Outcome = { status: ExecuteStatus; error?: CellErrorInfo };
type Settled = { kind: 'value'; value: unknown } | { kind: 'error'; error: unknown } | { kind: 'interrupted' } | { kind: 'uncaught' };

export class Kernel {
  private readonly cells = new AsyncLocalStorage<CellExecution>();
  private readonly scripts = new ScriptRegistry();
  private readonly declared = new Set<string>();
  private readonly loaders = new Map<string, ModuleLoader>();
  private readonly backend: Promise<BackendInfo>;
  private executionCount = 0;
  private current: CellExecution | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: KernelOptions) {
    this.backend = library.ready().then(
      (choice): BackendInfo => ({
        ok: true,
        name: choice.name,
        isGpu: choice.isGpu,
        description: library.describeBackend(choice),
        ...(choice.adapter && { adapter: library.formatGpuAdapter(choice.adapter) }),
        skipped: choice.skipped,
        via: choice.via,
      }),
      (error: unknown): BackendInfo => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
    library.setTrainingDefaults(() => {
      const cell = this.activeCell();
      // The library's training loop paces live dynamics; the cell says how fast (the editor's setting).
      return cell ? { signal: cell.signal, listeners: [cell.trainingListener()], dynamicsIntervalMs: cell.dynamicsIntervalMs } : {};
    });
    captureConsole((name, text) => {
      const cell = this.activeCell();
      cell?.stream(name, text);
      return cell !== undefined;
    });
    Object.defineProperty(globalThis, 'display', {
      configurable: true,
      writable: true,
      value: (value: unknown) => {
        const cell = this.activeCell();
        if (cell) return cell.display(value, true);
        console.log(value);
        return undefined;
      },
    });
  }

  backendInfo(): Promise<BackendInfo> {
    return this.backend;
  }

  /** Cells run one after another, in the order they were asked for. */
  execute(params: ExecuteParams): Promise<ExecuteResult> {
    const run = this.queue.then(() => this.run(params));
    this.queue = run.catch(() => undefined);
    return run;
  }

  interrupt(cellId?: string): { interrupted: boolean } {
    const cell = this.current;
    if (!cell || (cellId !== undefined && cell.cellId !== cellId)) return { interrupted: false };
    cell.interrupt();
    return { interrupted: true };
  }

  listModels(): { models: ModelInfo[] } {
    const models: ModelInfo[] = [];
    for (const name of this.declared) {
      const value: unknown = (globalThis as Record<string, unknown>)[name];
      if (value instanceof library.Sequential) {
        models.push({ name, className: value.constructor.name, tracksDynamics: value instanceof library.IBSequential });
      }
    }
    return { models };
  }

  /** Read from the live model, not by running code: answered while a cell trains, and no execution number is used. */
  listEvaluators(model: string): { evaluators: EvaluatorSummary[] } {
    return queries.listEvaluators(this.declared, model);
  }

  exportDynamics(model: string, format: DynamicsFormat): { text: string; shape: number[] } {
    return queries.exportDynamics(this.declared, model, format);
  }

  /** An error nobody caught (a callback threw, a promise was rejected unawaited) goes to the cell that started it. */
  onUncaught(error: unknown): boolean {
    const cell = this.activeCell();
    if (!cell) return false;
    if (!cell.isFinished) {
      cell.fail(error);
    } else {
      const info = errorInfo(error, this.scripts, this.options.hiddenFiles, cell.label);
      cell.showError({ ...info, message: `(uncaught, after the cell finished) ${info.message}` });
    }
    return true;
  }

  /** The cell whose code is running: the async context's, else the one executing now. */
  private activeCell(): CellExecution | undefined {
    return this.cells.getStore() ?? this.current;
  }

  private async run(params: ExecuteParams): Promise<ExecuteResult> {
    const executionOrder = ++this.executionCount;
    const label = params.cellLabel ?? `cell [${executionOrder}]`;
    const cell = new CellExecution(params.cellId, executionOrder, label, this.options.send, dynamicsInterval(params.dynamicsIntervalMs));
    this.current = cell;
    try {
      const outcome = await this.cells.run(cell, () => this.runCell(cell, params));
      return { status: outcome.status, executionOrder, ...(outcome.error ? { error: outcome.error } : {}) };
    } finally {
      cell.finish();
      this.current = undefined;
    }
  }

  private async runCell(cell: CellExecution, params: ExecuteParams): Promise<Outcome> {
    let settled: Settled;
    try {
      await this.backend;
      const fileName = `ibnb://cell/${cell.executionOrder}`;
      const transpiled = await transpileCell(params.code, `${cell.label}.ts`);
      this.scripts.add(fileName, cell.label, transpiled);
      const script = new Script(transpiled.code, { filename: fileName });
      for (const name of transpiled.declaredNames) {
        this.declared.add(name);
        declareGlobal(name);
      }
      if (cell.signal.aborted) return this.interrupted(cell);
      const loader = this.loaderFor(params.notebookDir);
      const cellFile = join(params.notebookDir, `${cell.label}.ts`);
      const slot = Symbol.for(CELL_ARGUMENTS);
      (globalThis as Record<symbol, unknown>)[slot] = [new CellRuntime(loader, cellFile), loader.require, cellFile, params.notebookDir];
      let promise: Promise<unknown>;
      try {
        promise = script.runInThisContext({ breakOnSigint: true, displayErrors: false }) as Promise<unknown>;
      } finally {
        delete (globalThis as Record<symbol, unknown>)[slot];
      }
      settled = await this.settle(cell, promise);
    } catch (error) {
      settled = { kind: 'error', error };
    }
    // Rejections nobody handled are reported after the microtasks run out: let that happen while the cell still counts as running.
    await new Promise((resolve) => setImmediate(resolve));
    if (cell.hasUncaught && settled.kind !== 'interrupted') settled = { kind: 'uncaught' };

    switch (settled.kind) {
      case 'value':
        await readTensorValues(settled.value);
        cell.display(settled.value);
        return { status: 'ok' };
      case 'interrupted':
        return this.interrupted(cell);
      case 'uncaught':
        return this.failed(cell, cell.uncaught, 'Uncaught ');
      case 'error':
        if ((settled.error as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
          // SIGINT may have cut a multi-threaded product short: the wasm backend gets a fresh thread pool.
          await library.resetWasmThreadPool();
          return this.interrupted(cell);
        }
        // The training log already says where training stopped.
        if (settled.error instanceof TrainingCancelledError && cell.signal.aborted) return this.interrupted(cell);
        return this.failed(cell, settled.error);
    }
  }

  /** Waits for the cell's promise, an interrupt, or an uncaught error from something it started. */
  private async settle(cell: CellExecution, promise: Promise<unknown>): Promise<Settled> {
    const outcome = promise.then(
      (value): Settled => ({ kind: 'value', value }),
      (error: unknown): Settled => ({ kind: 'error', error }),
    );
    const interrupted = new Promise<Settled>((resolve) => {
      if (cell.signal.aborted) resolve({ kind: 'interrupted' });
      cell.signal.addEventListener('abort', () => resolve({ kind: 'interrupted' }), { once: true });
    });
    const uncaught = cell.failure().then((): Settled => ({ kind: 'uncaught' }));
    const first = await Promise.race([outcome, interrupted, uncaught]);
    if (first.kind !== 'interrupted') return first;
    // Training stops at the end of its batch; give it that long, so the model is idle when the next cell runs.
    const late = await Promise.race([outcome, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), INTERRUPT_GRACE_MS).unref())]);
    if (late?.kind === 'error' && late.error instanceof TrainingCancelledError) return late;
    if (late?.kind === 'value') return late;
    return first;
  }

  private interrupted(cell: CellExecution): Outcome {
    cell.stream('stderr', 'Interrupted. Every variable keeps its value.\n');
    return { status: 'interrupted' };
  }

  private failed(cell: CellExecution, error: unknown, prefix = ''): Outcome {
    const info = errorInfo(error, this.scripts, this.options.hiddenFiles, cell.label);
    if (prefix) info.stack = `${prefix}${info.stack}`;
    cell.showError(info);
    return { status: 'error', error: info };
  }

  private loaderFor(notebookDir: string): ModuleLoader {
    let loader = this.loaders.get(notebookDir);
    if (!loader) {
      loader = new ModuleLoader(notebookDir, library, this.options.kernelRequire);
      this.loaders.set(notebookDir, loader);
    }
    return loader;
  }
}

/** The client's pace for live dynamics, never faster than the kernel allows. */
function dynamicsInterval(requested: unknown): number {
  if (typeof requested !== 'number' || !Number.isFinite(requested)) return DEFAULT_DYNAMICS_INTERVAL_MS;
  return Math.max(MIN_DYNAMICS_INTERVAL_MS, requested);
}

/**
 * Makes `name` a writable global, so the cell's declaration can assign it.
 * Some globals are read-only accessors (Node's `crypto`): a cell that
 * declares one (`import crypto from 'node:crypto'`) replaces it, as a
 * module-scope declaration would shadow it.
 */
function declareGlobal(name: string): void {
  const global = globalThis as Record<string, unknown>;
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  if (!descriptor) {
    if (!(name in globalThis)) global[name] = undefined;
    return;
  }
  const writable = descriptor.set !== undefined || descriptor.writable === true;
  if (!writable && descriptor.configurable) {
    Object.defineProperty(globalThis, name, { value: global[name], writable: true, configurable: true, enumerable: descriptor.enumerable ?? false });
  }
}

/**
 * Reads a tensor's values asynchronously before it is shown: on a GPU backend
 * (webgpu in Node) a synchronous read is impossible, and tfjs caches what an
 * asynchronous one read, so the display's toString() then works everywhere.
 */
async function readTensorValues(value: unknown): Promise<void> {
  const tensor = value as { data?: () => Promise<unknown>; isDisposed?: boolean; shape?: unknown } | null;
  if (typeof tensor !== 'object' || tensor === null || !Array.isArray(tensor.shape) || typeof tensor.data !== 'function' || tensor.isDisposed) return;
  await tensor.data().catch(() => undefined);
}

