/**
 * One kernel child process and its request/response bookkeeping. A restart
 * makes a new one, so replies of a dead process can never be mistaken for
 * those of its successor.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { describeExit, KernelDiedError, type KernelExit } from './kernelExit';
import { KernelRequestError } from '../protocol/requestError';
import { isKernelMessage, type KernelMessage, type KernelRequests, type NotificationMessage, type RequestMethod } from '../protocol/kernelProtocol';

export interface KernelProcessOptions {
  kernelPath: string;
  nodePath: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  execArgv: string[];
}

export interface KernelProcessHandlers {
  notification(message: NotificationMessage): void;
  log(stream: 'stdout' | 'stderr', text: string): void;
  exit(exit: KernelExit): void;
}

interface Pending {
  method: RequestMethod;
  cellId?: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

const STDERR_TAIL_CHARS = 4000;
/** Kernels still running when the client's process exits are killed then. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class KernelProcess {
  readonly ready: Promise<void>;
  readonly pid: number | undefined;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  private stopping = false;
  private exitInfo: KernelExit | undefined;
  private readonly exitListeners: ((exit: KernelExit) => void)[] = [];
  private readonly idleListeners: (() => void)[] = [];

  constructor(options: KernelProcessOptions, private readonly handlers: KernelProcessHandlers) {
    this.child = fork(options.kernelPath, [], {
      execPath: options.nodePath,
      execArgv: options.execArgv,
      env: { ...options.env, ELECTRON_RUN_AS_NODE: '1' },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      // Its own process group: a Ctrl+C in the terminal reaches the client, which decides what
      // to interrupt, and not the kernel's helper processes (esbuild's service).
      detached: process.platform !== 'win32',
    });
    this.pid = this.child.pid;
    live.add(this.child);
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => handlers.log('stdout', text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      handlers.log('stderr', text);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.child.on('message', (message: unknown) => {
        if (!isKernelMessage(message)) return;
        if (message.kind === 'notification' && message.method === 'ready') resolve();
        else this.receive(message);
      });
      this.child.once('error', (error) => reject(new Error(`The kernel could not be started with ${options.nodePath} (${error.message}). Check the Node.js path setting.`)));
      // 'close' comes after the last stderr text (for the message); 'exit' is the fallback should
      // a helper process that inherited the pipes keep them open.
      this.child.once('close', (code, signal) => reject(new KernelDiedError(this.onExit(code, signal))));
      this.child.once('exit', (code, signal) => {
        setTimeout(() => reject(new KernelDiedError(this.onExit(code, signal))), 1000).unref();
      });
    });
    // A kernel that dies before anyone awaits `ready` must not be an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Requests in flight, e.g. cells still running. */
  get busy(): boolean {
    for (const pending of this.pending.values()) if (pending.method === 'execute') return true;
    return false;
  }

  /** The cell running now: the kernel runs cells in the order they were sent. */
  get runningCellId(): string | undefined {
    for (const pending of this.pending.values()) if (pending.method === 'execute') return pending.cellId;
    return undefined;
  }

  /** Resolves when no cell runs (at once if none does), or when the process ends. */
  idle(): Promise<void> {
    if (!this.busy || this.exitInfo) return Promise.resolve();
    return new Promise((resolve) => this.idleListeners.push(resolve));
  }

  get isAlive(): boolean {
    return this.exitInfo === undefined;
  }

  request<M extends RequestMethod>(method: M, params: KernelRequests[M]['params']): Promise<KernelRequests[M]['result']> {
    if (this.exitInfo) return Promise.reject(new KernelDiedError(this.exitInfo));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cellId = method === 'execute' ? (params as KernelRequests['execute']['params']).cellId : undefined;
      this.pending.set(id, { method, cellId, resolve: resolve as (result: unknown) => void, reject });
      this.child.send({ kind: 'request', id, method, params }, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(new Error(`The request '${method}' could not be sent to the kernel (${error.message}).`));
      });
    });
  }

  /** SIGINT breaks a synchronous loop in a cell (and stops awaited work). */
  signal(signal: NodeJS.Signals): void {
    if (this.isAlive) this.child.kill(signal);
  }

  /** Stops the process now; pending requests fail with KernelDiedError (exit.expected = true). */
  kill(): Promise<KernelExit> {
    this.stopping = true;
    const exited = this.exited();
    this.child.kill('SIGKILL');
    return exited;
  }

  /** Asks the kernel to exit; kills it if it does not within `timeoutMs`. */
  async shutdown(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (!this.isAlive) return;
    const exited = this.exited();
    this.request('shutdown', {}).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private exited(): Promise<KernelExit> {
    if (this.exitInfo) return Promise.resolve(this.exitInfo);
    return new Promise((resolve) => this.exitListeners.push(resolve));
  }

  private receive(message: KernelMessage): void {
    if (message.kind === 'notification') {
      this.handlers.notification(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if ('error' in message) {
      const { code, name, message: text } = message.error;
      if (code) {
        pending.reject(new KernelRequestError(code, text));
      } else {
        const error = new Error(text);
        error.name = name;
        pending.reject(error);
      }
    } else {
      pending.resolve(message.result);
    }
    if (!this.busy) for (const listener of this.idleListeners.splice(0)) listener();
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): KernelExit {
    if (this.exitInfo) return this.exitInfo;
    live.delete(this.child);
    const exit: KernelExit = { code, signal, expected: this.stopping, stderrTail: this.stderrTail, message: describeExit(code, signal, this.stopping, this.stderrTail) };
    this.exitInfo = exit;
    for (const pending of this.pending.values()) pending.reject(new KernelDiedError(exit));
    this.pending.clear();
    this.handlers.exit(exit);
    for (const listener of this.exitListeners.splice(0)) listener(exit);
    for (const listener of this.idleListeners.splice(0)) listener();
    return exit;
  }
}
