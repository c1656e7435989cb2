/** One run of one cell: where its outputs go, its interrupt signal, its training listeners. */
import { randomUUID } from 'node:crypto';
import { ERROR_MIME } from '../../format/mime';
import type { OutputItem } from '../../format/types';
import type { TrainingListener } from '../../lib/progress/events';
import type { CellErrorInfo, NotificationMessage, ProgressParams } from '../../protocol/kernelProtocol';
import { displayItems } from './display';
import { TrainingProgress } from './trainingProgress';

export type SendNotification = (message: NotificationMessage) => void;

/** What `display(value)` returns: update the same output in place later. */
export interface DisplayHandle {
  readonly outputId: string;
  update(value: unknown): void;
}

export class CellExecution {
  private readonly controller = new AbortController();
  private readonly trainings: TrainingProgress[] = [];
  private finished = false;
  private failureListener: ((error: unknown) => void) | undefined;
  private uncaughtError: unknown;
  private uncaughtSeen = false;

  constructor(
    readonly cellId: string,
    readonly executionOrder: number,
    readonly label: string,
    private readonly send: SendNotification,
    /** Milliseconds between two live dynamics updates of this cell's training (see ExecuteParams). */
    readonly dynamicsIntervalMs: number,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Whether something the cell started threw outside its own flow (a callback, a promise nobody awaited). */
  get hasUncaught(): boolean {
    return this.uncaughtSeen;
  }

  /** The first such error. */
  get uncaught(): unknown {
    return this.uncaughtError;
  }

  /** Stops the cell's training between batches, and lets the kernel stop waiting for it. */
  interrupt(): void {
    this.controller.abort(new Error('Interrupted'));
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (text.length === 0) return;
    this.send({ kind: 'notification', method: 'stream', params: { cellId: this.cellId, name, text, ...this.lateFlag() } });
  }

  newOutputId(): string {
    return randomUUID();
  }

  output(outputId: string, items: OutputItem[], mode: 'append' | 'replace' | 'merge'): void {
    this.send({ kind: 'notification', method: 'output', params: { cellId: this.cellId, outputId, mode, items, ...this.lateFlag() } });
  }

  /** Where the cell's training is, for the editor's status bar (not an output: nothing of it is saved). */
  progress(update: Omit<ProgressParams, 'cellId'>): void {
    if (this.finished) return;
    this.send({ kind: 'notification', method: 'progress', params: { cellId: this.cellId, ...update } });
  }

  /** Shows a value as a new output (nothing for undefined unless `always`). */
  display(value: unknown, always = false): DisplayHandle {
    const outputId = this.newOutputId();
    let shown = false;
    const show = (v: unknown) => {
      const items = displayItems(v);
      if (items.length === 0 && !always) return;
      this.output(outputId, items.length > 0 ? items : [{ mime: 'text/plain', data: 'undefined' }], shown ? 'replace' : 'append');
      shown = true;
    };
    show(value);
    return { outputId, update: show };
  }

  showError(info: CellErrorInfo): void {
    this.output(this.newOutputId(), [{ mime: ERROR_MIME, data: { name: info.name, message: info.message, stack: info.stack } }], 'append');
  }

  /** A listener that streams a training run of this cell into its outputs. */
  trainingListener(): TrainingListener {
    const progress = new TrainingProgress(this);
    this.trainings.push(progress);
    return progress;
  }

  /** Records an error from outside the cell's flow; a running cell fails with it. */
  fail(error: unknown): void {
    if (this.uncaughtSeen) return;
    this.uncaughtSeen = true;
    this.uncaughtError = error;
    this.failureListener?.(error);
  }

  /** Resolves when fail() is called while the cell runs. */
  failure(): Promise<unknown> {
    return new Promise((resolve) => {
      if (this.uncaughtSeen) resolve(this.uncaughtError);
      else this.failureListener = resolve;
    });
  }

  finish(): void {
    for (const training of this.trainings) training.dispose();
    this.finished = true;
    this.failureListener = undefined;
  }

  private lateFlag(): { late?: true } {
    return this.finished ? { late: true } : {};
  }
}
