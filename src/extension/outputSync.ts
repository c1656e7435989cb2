/**
 * Mirrors a running cell's outputs into VS Code without flooding it: the
 * kernel's notifications update a model (the kernel's own CellOutputs, so the
 * CLI and the extension save the same outputs), and the model is sent to VS
 * Code at most every `textIntervalMs` per output, and every
 * `chartIntervalMs` for a live dynamics chart (re-rendering a chart costs far
 * more than appending text). New outputs go out in order on the next flush;
 * updates of one output within its interval collapse into one.
 */
import { CellOutputs } from '../kernelClient/cellOutputs';
import type { OutputParams, StreamParams } from '../protocol/kernelProtocol';
import type { CellOutput } from '../format/index';
import { DYNAMICS_MIME } from '../contract/dynamicsPayload';

/** Where the outputs go (VS Code's NotebookCellExecution in the extension; a fake in tests). */
export interface OutputSink<Handle> {
  append(output: CellOutput): Handle | Promise<Handle>;
  replace(handle: Handle, output: CellOutput): void | Promise<void>;
}

export interface Timers {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface OutputSyncOptions {
  textIntervalMs?: number;
  chartIntervalMs?: number;
  timers?: Timers;
  /** A sink call failed (e.g. the execution had already ended). */
  onError?(error: unknown): void;
}

const DEFAULT_TEXT_INTERVAL_MS = 50;
const DEFAULT_CHART_INTERVAL_MS = 250;

const realTimers: Timers = {
  now: () => Date.now(),
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Sent<Handle> {
  handle: Promise<Handle>;
  lastSent: number;
}

export class OutputSync<Handle> {
  private readonly model = new CellOutputs();
  private readonly sent = new Map<CellOutput, Sent<Handle>>();
  private readonly dirty = new Set<CellOutput>();
  private readonly textIntervalMs: number;
  private readonly chartIntervalMs: number;
  private readonly timers: Timers;
  private timer: unknown;
  private timerDue = Infinity;
  /** Sink calls run one after another, in the order the outputs changed. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: OutputSink<Handle>,
    private readonly options: OutputSyncOptions = {},
  ) {
    this.textIntervalMs = options.textIntervalMs ?? DEFAULT_TEXT_INTERVAL_MS;
    this.chartIntervalMs = options.chartIntervalMs ?? DEFAULT_CHART_INTERVAL_MS;
    this.timers = options.timers ?? realTimers;
  }

  /** The outputs as the kernel sent them (what is saved once the cell ends). */
  get outputs(): readonly CellOutput[] {
    return this.model.outputs;
  }

  apply(message: OutputParams | StreamParams): void {
    const output = this.model.apply(message);
    this.dirty.add(output);
    this.schedule();
  }

  /** Adds an output that did not come from the kernel (a kernel that died, a start-up failure). */
  add(output: CellOutput): void {
    this.model.outputs.push(output);
    this.dirty.add(output);
    this.schedule();
  }

  /** Sends everything pending now and waits until VS Code has it (the cell is about to end). */
  async finish(): Promise<void> {
    this.cancelTimer();
    this.flush(true);
    await this.chain;
  }

  private schedule(): void {
    const due = this.nextDue();
    if (due >= this.timerDue) return;
    this.cancelTimer();
    this.timerDue = due;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.timerDue = Infinity;
      this.flush(false);
    }, Math.max(0, due - this.timers.now()));
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  /** When the earliest dirty output may be sent. */
  private nextDue(): number {
    let due = Infinity;
    for (const output of this.dirty) {
      const sent = this.sent.get(output);
      due = Math.min(due, sent ? sent.lastSent + this.intervalOf(output) : this.timers.now());
    }
    return due;
  }

  private flush(force: boolean): void {
    const now = this.timers.now();
    // Model order, so outputs appear in the order the cell made them.
    for (const output of this.model.outputs) {
      if (!this.dirty.has(output)) continue;
      const sent = this.sent.get(output);
      if (!sent) {
        this.dirty.delete(output);
        const snapshot = copy(output);
        const handle = this.enqueue(() => this.sink.append(snapshot));
        // A failed append is reported through onError; later replaces of it fail quietly the same way.
        handle.catch(() => undefined);
        this.sent.set(output, { handle, lastSent: now });
      } else if (force || now >= sent.lastSent + this.intervalOf(output)) {
        this.dirty.delete(output);
        sent.lastSent = now;
        const snapshot = copy(output);
        void this.enqueue(async () => this.sink.replace(await sent.handle, snapshot));
      }
    }
    if (this.dirty.size > 0) this.schedule();
  }

  private enqueue<T>(step: () => T | Promise<T>): Promise<T> {
    const result = this.chain.then(step);
    this.chain = result.then(
      () => undefined,
      (error: unknown) => this.options.onError?.(error),
    );
    return result;
  }

  private intervalOf(output: CellOutput): number {
    return output.items.some((item) => item.mime === DYNAMICS_MIME) ? this.chartIntervalMs : this.textIntervalMs;
  }
}

/** The items as they are now: the model keeps changing after a send is queued. */
function copy(output: CellOutput): CellOutput {
  return { ...output, items: output.items.map((item) => ({ ...item })) };
}
