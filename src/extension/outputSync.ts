/**
 * Mirrors a running cell's outputs into VS Code without flooding it: the
 * kernel's notifications update a model (the kernel's own CellOutputs, so the
 * CLI and the extension save the same outputs), and the model is sent to VS
 * Code at most every `textIntervalMs` per output. A live dynamics update (a
 * delta) goes to the renderer as it is (`sink.merge`), paced by the kernel
 * alone; VS Code's copy of the chart, the one saved, is replaced whole when
 * an epoch or the run ends, or when a delta could not be delivered. New
 * outputs go out in order on the next flush; updates of one output within
 * its interval collapse into one.
 */
import { CellOutputs } from '../kernelClient/cellOutputs';
import type { OutputParams, StreamParams } from '../protocol/kernelProtocol';
import type { CellOutput } from '../format/index';
import { DYNAMICS_MIME, type DynamicsDelta, type DynamicsPayload } from '../contract/dynamicsPayload';

/** Where the outputs go (VS Code's NotebookCellExecution in the extension; a fake in tests). */
export interface OutputSink<Handle> {
  append(output: CellOutput): Handle | Promise<Handle>;
  replace(handle: Handle, output: CellOutput): void | Promise<void>;
  /**
   * Hands a live dynamics update of an output already appended to whoever
   * draws it (the renderer merges it); resolves to false when nobody took it.
   * Without it, every update replaces the whole output. `resendWhole`
   * replaces the output whole soon (the renderer asked: it fell behind).
   */
  merge?(handle: Handle, delta: DynamicsDelta, resendWhole: () => void): boolean | Promise<boolean>;
}

export interface Timers {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface OutputSyncOptions {
  textIntervalMs?: number;
  timers?: Timers;
  /** A sink call failed (e.g. the execution had already ended). */
  onError?(error: unknown): void;
}

const DEFAULT_TEXT_INTERVAL_MS = 50;

const realTimers: Timers = {
  now: () => Date.now(),
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Sent<Handle> {
  handle: Promise<Handle>;
  lastSent: number;
  /** Epochs of the dynamics payload VS Code holds for this output. */
  epochs: number;
}

export class OutputSync<Handle> {
  private readonly model = new CellOutputs();
  private readonly sent = new Map<CellOutput, Sent<Handle>>();
  private readonly dirty = new Set<CellOutput>();
  private readonly textIntervalMs: number;
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
    this.timers = options.timers ?? realTimers;
  }

  /** The outputs as the kernel sent them (what is saved once the cell ends). */
  get outputs(): readonly CellOutput[] {
    return this.model.outputs;
  }

  apply(message: OutputParams | StreamParams): void {
    const output = this.model.apply(message);
    if ('mode' in message && message.mode === 'merge' && this.mergeLive(output, message.items[0]?.data as unknown as DynamicsDelta)) return;
    this.markDirty(output);
  }

  /** Adds an output that did not come from the kernel (a kernel that died, a start-up failure). */
  add(output: CellOutput): void {
    this.model.outputs.push(output);
    this.dirty.add(output);
    this.schedule();
  }

  /**
   * Sends a delta to the renderer instead of the whole output, when VS Code
   * holds the output already and the delta is one more batch or so of an
   * epoch it has: an epoch that ends (the delta brings the next) or a run that
   * ends replaces VS Code's copy whole, so what is saved is never far behind.
   */
  private mergeLive(output: CellOutput, delta: DynamicsDelta): boolean {
    const sent = this.sent.get(output);
    const merge = this.sink.merge?.bind(this.sink);
    if (!sent || !merge || this.dirty.has(output)) return false;
    if (delta.status !== 'running' || delta.epochs.some((e) => e.epoch > sent.epochs)) return false;
    void this.enqueue(async () => {
      if (!(await merge(await sent.handle, delta, () => this.markDirty(output)))) this.markDirty(output);
    });
    return true;
  }

  private markDirty(output: CellOutput): void {
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
      due = Math.min(due, sent ? sent.lastSent + this.textIntervalMs : this.timers.now());
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
        this.sent.set(output, { handle, lastSent: now, epochs: dynamicsEpochs(snapshot) });
      } else if (force || now >= sent.lastSent + this.textIntervalMs) {
        this.dirty.delete(output);
        sent.lastSent = now;
        const snapshot = copy(output);
        sent.epochs = dynamicsEpochs(snapshot);
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
}

/**
 * The items as they are now: the model keeps changing after a send is
 * queued (a dynamics payload grows in place as deltas merge into it, so it is
 * copied too: VS Code must get the run as it was when the send was decided).
 */
function copy(output: CellOutput): CellOutput {
  return { ...output, items: output.items.map((item) => (item.mime === DYNAMICS_MIME ? { ...item, data: structuredClone(item.data) } : { ...item })) };
}

function dynamicsEpochs(output: CellOutput): number {
  const item = output.items.find((i) => i.mime === DYNAMICS_MIME);
  return (item?.data as unknown as DynamicsPayload | undefined)?.epochs?.length ?? 0;
}
