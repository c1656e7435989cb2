/**
 * Starts and talks to a kernel process: typed requests, output events,
 * interrupts that escalate to a restart, and a clear report when the kernel
 * dies. Used by the CLI and the VS Code extension; never imports `vscode`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Emitter, type Disposable, type Event } from './emitter';
import { KernelDiedError, type KernelExit } from './kernelExit';
import { KernelProcess } from './kernelProcess';
import type { BackendInfo, DynamicsFormat, EvaluatorSummary, ExecuteParams, ExecuteResult, ModelInfo, NotificationMessage, OutputParams, ProgressParams, StreamParams } from '../protocol/kernelProtocol';

export interface KernelClientOptions {
  /** The kernel bundle (default: dist/kernel/main.js beside this bundle's folder). */
  kernelPath?: string;
  /** The Node.js executable (default: the one running the client; in VS Code, its Electron runs as Node). */
  nodePath?: string;
  /** Forces a compute backend (sets IBNB_BACKEND for the kernel). */
  backend?: string;
  /** Environment of the kernel (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Node flags for the kernel (default: none; the client's own flags are not passed on). */
  execArgv?: string[];
  /** How long an interrupted cell may take to stop before the kernel is restarted (default 5000 ms). */
  interruptTimeoutMs?: number;
}

export interface KernelRestart {
  /** What happened, for the user. */
  message: string;
}

const DEFAULT_INTERRUPT_TIMEOUT_MS = 5000;

export class KernelClient implements Disposable {
  private readonly outputEmitter = new Emitter<OutputParams>();
  private readonly streamEmitter = new Emitter<StreamParams>();
  private readonly progressEmitter = new Emitter<ProgressParams>();
  private readonly exitEmitter = new Emitter<KernelExit>();
  private readonly restartEmitter = new Emitter<KernelRestart>();
  private readonly logEmitter = new Emitter<{ stream: 'stdout' | 'stderr'; text: string }>();
  /** A cell's rich output was added or updated. */
  readonly onOutput: Event<OutputParams> = this.outputEmitter.event;
  /** A cell printed text. */
  readonly onStream: Event<StreamParams> = this.streamEmitter.event;
  /** A cell's training moved on (epoch, loop, batch, rate, loss). */
  readonly onProgress: Event<ProgressParams> = this.progressEmitter.event;
  /** The kernel process ended; `expected` is false when it died on its own (crash, out of memory). */
  readonly onExit: Event<KernelExit> = this.exitEmitter.event;
  /** The kernel was restarted (on request, or because an interrupt did not stop the cell). */
  readonly onRestart: Event<KernelRestart> = this.restartEmitter.event;
  /** Text the kernel process wrote outside any cell (start-up messages, native library logs). */
  readonly onLog: Event<{ stream: 'stdout' | 'stderr'; text: string }> = this.logEmitter.event;

  private process: KernelProcess | undefined;
  private starting: Promise<KernelProcess> | undefined;
  /** Kernels the client stopped to restart: their running cell ends as interrupted, not as a crash. */
  private readonly replaced = new WeakSet<KernelProcess>();
  private disposed = false;

  constructor(private readonly options: KernelClientOptions = {}) {}

  /** Starts the kernel (once); resolves when it takes requests. */
  async start(): Promise<void> {
    await this.kernel();
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /**
   * Runs a cell. Outputs arrive through onOutput/onStream before this resolves.
   * Rejects with KernelDiedError if the kernel dies meanwhile.
   */
  async execute(params: ExecuteParams): Promise<ExecuteResult> {
    const kernel = await this.kernel();
    try {
      return await kernel.request('execute', params);
    } catch (error) {
      if (error instanceof KernelDiedError && this.replaced.has(kernel)) return { status: 'interrupted', executionOrder: 0, restarted: true };
      throw error;
    }
  }

  async listModels(): Promise<ModelInfo[]> {
    return (await (await this.kernel()).request('listModels', {})).models;
  }

  /**
   * The estimators attached to the IBSequential in variable `model`. Answered
   * while a cell runs; rejects with a KernelRequestError (its `code` says
   * why, its message what to do) when there is no such model.
   */
  async listEvaluators(model: string): Promise<EvaluatorSummary[]> {
    return (await (await this.kernel()).request('listEvaluators', { model })).evaluators;
  }

  /** The latest dynamics of `model` as CSV or JSON text (of the run in progress too); KernelRequestError as listEvaluators. */
  async exportDynamics(model: string, format: DynamicsFormat): Promise<{ text: string; shape: number[] }> {
    return (await this.kernel()).request('exportDynamics', { model, format });
  }

  async backendInfo(): Promise<BackendInfo> {
    return (await this.kernel()).request('backendInfo', {});
  }

  /**
   * Stops the running cell, keeping every variable: training stops between
   * batches, and SIGINT breaks a synchronous loop. If the cell is still running
   * after `interruptTimeoutMs`, the kernel is restarted and onRestart tells why.
   */
  async interrupt(): Promise<void> {
    const kernel = this.process;
    if (!kernel || !kernel.isAlive || !kernel.busy) return;
    kernel.request('interrupt', { cellId: kernel.runningCellId }).catch(() => undefined);
    // Windows has no SIGINT for child processes: there only the request (and the restart) apply.
    if (process.platform !== 'win32') kernel.signal('SIGINT');
    const timeout = this.options.interruptTimeoutMs ?? DEFAULT_INTERRUPT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      kernel.idle().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeout))),
    ]);
    clearTimeout(timer);
    if (stopped || !kernel.isAlive) return;
    await this.replace(`The cell did not stop within ${formatSeconds(timeout)} of the interrupt, so the kernel was restarted; every variable is lost. Re-run the cells you need.`);
  }

  /** Stops the kernel and starts a fresh one (every variable is lost). */
  async restart(): Promise<void> {
    await this.replace('The kernel was restarted; every variable is lost.');
  }

  /** Asks the kernel to exit (killing it after a few seconds if it does not). */
  async shutdown(): Promise<void> {
    const kernel = this.process;
    this.process = undefined;
    this.starting = undefined;
    await kernel?.shutdown(3000);
  }

  /** Kills the kernel at once; no process is left behind. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.process?.kill();
    this.process = undefined;
    this.starting = undefined;
    for (const emitter of [this.outputEmitter, this.streamEmitter, this.progressEmitter, this.exitEmitter, this.restartEmitter, this.logEmitter]) emitter.dispose();
  }

  private async replace(message: string): Promise<void> {
    const old = this.process;
    this.process = undefined;
    this.starting = undefined;
    if (old) this.replaced.add(old);
    await old?.kill();
    await this.kernel();
    this.restartEmitter.fire({ message });
  }

  private kernel(): Promise<KernelProcess> {
    if (this.disposed) return Promise.reject(new Error('The kernel client was disposed; create a new one.'));
    if (this.process?.isAlive) return Promise.resolve(this.process);
    this.starting ??= this.spawn().catch((error: unknown) => {
      // A failed start is not remembered: the next request tries again.
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async spawn(): Promise<KernelProcess> {
    const kernelPath = this.options.kernelPath ?? defaultKernelPath();
    if (!existsSync(kernelPath)) {
      throw new Error(`the kernel bundle ${kernelPath} is missing. Build it with \`npm run build\`, or reinstall IB Notebooks.`);
    }
    const env = { ...(this.options.env ?? process.env) };
    if (this.options.backend) env.IBNB_BACKEND = this.options.backend;
    const kernel = new KernelProcess(
      {
        kernelPath,
        nodePath: this.options.nodePath ?? process.execPath,
        env,
        cwd: this.options.cwd,
        execArgv: this.options.execArgv ?? [],
      },
      {
        notification: (message) => this.dispatch(kernel, message),
        log: (stream, text) => this.logEmitter.fire({ stream, text }),
        exit: (exit) => {
          if (this.process === kernel) {
            // The next request starts a fresh kernel.
            this.process = undefined;
            this.starting = undefined;
          }
          this.exitEmitter.fire(exit);
        },
      },
    );
    await kernel.ready;
    this.process = kernel;
    return kernel;
  }

  private dispatch(kernel: KernelProcess, message: NotificationMessage): void {
    // Late messages of a replaced kernel would land in cells that were re-run since.
    if (this.replaced.has(kernel)) return;
    if (message.method === 'output') this.outputEmitter.fire(message.params);
    else if (message.method === 'stream') this.streamEmitter.fire(message.params);
    else if (message.method === 'progress') this.progressEmitter.fire(message.params);
  }
}

/** dist/kernel/main.js, seen from a bundle in dist/<folder>/ (the CLI, the extension). */
export function defaultKernelPath(): string {
  return join(__dirname, '..', 'kernel', 'main.js');
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
