/**
 * One notebook's kernel: a KernelClient (the same class the CLI uses) started
 * lazily on the first run, with the settings of that moment. It routes the
 * kernel's notifications to the run that caused them, keeps what the status
 * bar and the controller show (backend, busy, training progress), and logs
 * the kernel's own output and its death to the "IB Notebooks" channel.
 */
import * as vscode from 'vscode';
import { KernelClient, type KernelClientOptions } from '../kernelClient/client';
import type { KernelExit } from '../kernelClient/kernelExit';
import type { BackendInfo, DynamicsFormat, EvaluatorSummary, ExecuteParams, ExecuteResult, ModelInfo, OutputParams, ProgressParams, StreamParams } from '../protocol/kernelProtocol';

/** Where a run's outputs go (the controller's OutputSync). */
export interface RunTarget {
  apply(message: OutputParams | StreamParams): void;
}

export interface KernelSessionOptions {
  /** "analysis.ibnb", for the log. */
  label: string;
  notebookDir: string;
  log: vscode.LogOutputChannel;
  /** Read when a kernel starts, so a changed setting applies from the next (re)start. */
  clientOptions(): KernelClientOptions;
}

export class KernelSession implements vscode.Disposable {
  private client: KernelClient | undefined;
  private clientListeners: { dispose(): void }[] = [];
  private readonly targets = new Map<string, RunTarget>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private nextRunId = 1;
  private running = 0;
  private disposed = false;
  /** The current kernel answered 'ready'; a process that fails to start is reported by whoever started it. */
  private ready = false;
  /** Changes on every interrupt: a "Run All" in progress stops launching cells when it does. */
  interrupts = 0;
  backend: BackendInfo | undefined;
  /** The running cell's training, from the kernel's progress notifications. */
  progress: ProgressParams | undefined;
  /** Fires when started, stopped, busy, backend or progress change. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly options: KernelSessionOptions) {}

  get notebookDir(): string {
    return this.options.notebookDir;
  }

  get isStarted(): boolean {
    return this.client?.pid !== undefined;
  }

  get pid(): number | undefined {
    return this.client?.pid;
  }

  get isBusy(): boolean {
    return this.running > 0;
  }

  /** Runs code in the kernel (starting it if needed); its outputs go to `target`. */
  async execute(params: Omit<ExecuteParams, 'cellId'>, target: RunTarget): Promise<ExecuteResult> {
    const cellId = `run-${this.nextRunId++}`;
    this.targets.set(cellId, target);
    this.running++;
    this.fire();
    try {
      const client = this.ensureClient();
      await client.start();
      this.ready = true;
      if (!this.backend) void this.refreshBackend(client);
      return await client.execute({ ...params, cellId });
    } finally {
      this.targets.delete(cellId);
      this.running--;
      if (this.running === 0) this.progress = undefined;
      this.fire();
    }
  }

  /** The models in the running kernel; undefined when no kernel runs (nothing has been run yet). */
  async listModels(): Promise<ModelInfo[] | undefined> {
    if (!this.client || !this.isStarted) return undefined;
    return this.client.listModels();
  }

  /** The estimators attached to `model`, asked of the running kernel (answered while a cell trains). */
  async listEvaluators(model: string): Promise<EvaluatorSummary[]> {
    return this.startedClient().listEvaluators(model);
  }

  /** `model`'s dynamics as CSV or JSON text, also while it trains. */
  async exportDynamics(model: string, format: DynamicsFormat): Promise<string> {
    return (await this.startedClient().exportDynamics(model, format)).text;
  }

  async interrupt(): Promise<void> {
    this.interrupts++;
    await this.client?.interrupt();
  }

  /** Ends the kernel and starts a fresh one with the current settings. */
  async restart(): Promise<void> {
    this.stopClient();
    this.options.log.info(`[${this.options.label}] restarting the kernel`);
    const client = this.ensureClient();
    this.fire();
    await client.start();
    this.ready = true;
    await this.refreshBackend(client);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopClient();
    this.changeEmitter.dispose();
  }

  /** Questions about models need the kernel that holds them: never start one for them. */
  private startedClient(): KernelClient {
    if (!this.client || !this.isStarted) throw new Error('No kernel is running for this notebook: run the cells that create your model first.');
    return this.client;
  }

  private ensureClient(): KernelClient {
    if (this.disposed) throw new Error('This notebook was closed; reopen it to run cells.');
    if (this.client) return this.client;
    const client = new KernelClient(this.options.clientOptions());
    const { log, label } = this.options;
    this.clientListeners = [
      client.onOutput((message) => this.route(message)),
      client.onStream((message) => this.route(message)),
      client.onProgress((progress) => this.trackProgress(progress)),
      client.onLog(({ text }) => log.info(`[${label}] ${text.trimEnd()}`)),
      client.onRestart(({ message }) => {
        log.warn(`[${label}] ${message}`);
        this.backend = undefined;
        void this.refreshBackend(client);
      }),
      client.onExit((exit) => this.onExit(exit)),
    ];
    this.client = client;
    return client;
  }

  private stopClient(): void {
    for (const listener of this.clientListeners) listener.dispose();
    this.clientListeners = [];
    // dispose() kills the process at once: nothing is left running after a close or a restart.
    this.client?.dispose();
    this.client = undefined;
    this.ready = false;
    this.backend = undefined;
    this.progress = undefined;
  }

  private async refreshBackend(client: KernelClient): Promise<void> {
    try {
      const backend = await client.backendInfo();
      if (client !== this.client) return;
      this.backend = backend;
      const { log, label } = this.options;
      if (backend.ok) log.info(`[${label}] kernel pid ${client.pid ?? '?'}, backend ${backend.description}`);
      else log.error(`[${label}] no compute backend: ${backend.error}`);
      this.fire();
    } catch (error) {
      this.options.log.warn(`[${this.options.label}] could not ask the kernel for its backend: ${String(error)}`);
    }
  }

  private onExit(exit: KernelExit): void {
    const { log, label } = this.options;
    const wasReady = this.ready;
    this.ready = false;
    this.backend = undefined;
    this.progress = undefined;
    if (exit.expected || !wasReady) {
      log.info(`[${label}] ${exit.message}`);
    } else {
      log.error(`[${label}] ${exit.message}`);
      // A running cell shows the error itself; otherwise nothing on screen would say why state was lost.
      if (!this.isBusy) void vscode.window.showWarningMessage(`The kernel of ${label} stopped: ${exit.message.split('\n')[0]}`, 'Show Log').then((action) => action && log.show(true));
    }
    this.fire();
  }

  private route(message: OutputParams | StreamParams): void {
    const target = this.targets.get(message.cellId);
    if (target) target.apply(message);
    else this.logLate(message);
  }

  /** Output that arrives after its cell ended (a timer or callback it started) has no cell to go to any more. */
  private logLate(message: OutputParams | StreamParams): void {
    const text = 'outputId' in message ? message.items.map((i) => (typeof i.data === 'string' ? i.data : JSON.stringify(i.data))).join('\n') : message.text;
    this.options.log.info(`[${this.options.label}] output after its cell ended: ${text.slice(0, 2000).trimEnd()}`);
  }

  private trackProgress(progress: ProgressParams): void {
    // Progress of a cell that has ended (a late timer) must not bring the status back.
    if (!this.targets.has(progress.cellId)) return;
    this.progress = progress;
    this.fire();
  }

  private fire(): void {
    if (!this.disposed) this.changeEmitter.fire();
  }
}
