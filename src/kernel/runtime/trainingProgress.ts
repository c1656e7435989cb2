/**
 * A training run inside a cell, as two outputs updated in place: the
 * PyGlow-style log with a tqdm-like bar ("Epoch 1/7", "Training loop:", the
 * bar, "loss: 2.29 - acc: 0.30", "Validation loop:" …) and, when estimators
 * are attached, the live dynamics chart; and as `progress` notifications
 * (the same events, structured, for the editor's status bar). The chart is
 * sent whole once, then as deltas (only what is new) at the pace the library
 * emits dynamics events, which the kernel sets from the client's setting:
 * nothing here throttles them again.
 */
import { STDOUT_MIME } from '../../format/mime';
import type { OutputItem } from '../../format/types';
import type { ProgressParams } from '../../protocol/kernelProtocol';
import { dynamicsDelta } from '../../charts/merge';
import { DYNAMICS_MIME, type DynamicsPayload } from '../../contract/dynamicsPayload';
import type { BatchEndEvent, DynamicsEvent, EpochBeginEvent, LoopBeginEvent, LoopEndEvent, TrainBeginEvent, TrainEndEvent, TrainingListener } from '../../lib/progress/events';
import { formatMetrics, formatProgressLine } from '../../lib/progress/progressFormat';
import { toJsonValue } from './display';
import { Throttle } from './throttle';

export interface OutputSink {
  newOutputId(): string;
  output(outputId: string, items: OutputItem[], mode: 'append' | 'replace' | 'merge'): void;
  progress(update: Omit<ProgressParams, 'cellId'>): void;
}

const LOG_INTERVAL_MS = 100;

export class TrainingProgress implements TrainingListener {
  private readonly lines: string[] = [];
  private bar: string | undefined;
  private readonly logId: string;
  private logShown = false;
  private readonly logThrottle = new Throttle(LOG_INTERVAL_MS);
  private dynamicsId: string | undefined;
  /** How much of the run the client holds: the next update sends what follows. */
  private readonly sent = { batches: 0, epochs: 0 };
  private epochs = 0;
  private readonly progressThrottle = new Throttle(LOG_INTERVAL_MS);

  constructor(private readonly sink: OutputSink) {
    this.logId = sink.newOutputId();
  }

  onTrainBegin(event: TrainBeginEvent): void {
    this.epochs = event.epochs;
  }

  onEpochBegin(event: EpochBeginEvent): void {
    this.epochs = event.epochs;
    this.lines.push(`Epoch ${event.epoch}/${event.epochs}`);
    this.showLog(true);
  }

  onLoopBegin(event: LoopBeginEvent): void {
    this.lines.push(event.phase === 'train' ? 'Training loop:' : 'Validation loop:');
    this.bar = formatProgressLine(0, event.total, 0);
    this.showLog(true);
    this.showProgress({ epoch: event.epoch, phase: event.phase, batch: 0, total: event.total, itPerSec: 0, loss: NaN }, true);
  }

  onBatchEnd(event: BatchEndEvent): void {
    this.bar = formatProgressLine(event.batch, event.total, event.elapsedMs);
    this.showLog(false);
    this.showProgress(event, false);
  }

  onLoopEnd(event: LoopEndEvent): void {
    this.bar = undefined;
    this.lines.push(formatProgressLine(event.batches, event.batches, event.elapsedMs), formatMetrics(event.loss, event.accuracy));
    this.showLog(true);
    this.showProgress({ ...event, batch: event.batches, total: event.batches }, true);
  }

  onTrainEnd(event: TrainEndEvent): void {
    if (event.status === 'interrupted') {
      if (this.bar) this.lines.push(this.bar);
      this.bar = undefined;
      this.lines.push(`Interrupted: ${event.error?.message ?? 'training was cancelled'}`);
    }
    this.showLog(true);
    this.progressThrottle.flush();
  }

  onDynamics(event: DynamicsEvent): void {
    this.showDynamics(event.payload);
  }

  /** Sends whatever is pending; called when the cell ends. */
  dispose(): void {
    this.logThrottle.dispose();
    this.progressThrottle.dispose();
  }

  private showLog(now: boolean): void {
    this.logThrottle.run(() => {
      const text = [...this.lines, ...(this.bar ? [this.bar] : [])].join('\n') + '\n';
      this.sink.output(this.logId, [{ mime: STDOUT_MIME, data: text }], this.logShown ? 'replace' : 'append');
      this.logShown = true;
    });
    if (now) this.logThrottle.flush();
  }

  private showProgress(event: Pick<BatchEndEvent, 'epoch' | 'phase' | 'batch' | 'total' | 'itPerSec' | 'loss'>, now: boolean): void {
    const update: Omit<ProgressParams, 'cellId'> = {
      epoch: event.epoch,
      epochs: this.epochs,
      phase: event.phase,
      batch: event.batch,
      ...(event.total !== undefined ? { total: event.total } : {}),
      itPerSec: event.itPerSec,
      loss: Number.isFinite(event.loss) ? event.loss : null,
    };
    this.progressThrottle.run(() => this.sink.progress(update));
    if (now) this.progressThrottle.flush();
  }

  private showDynamics(payload: DynamicsPayload): void {
    if (this.dynamicsId === undefined) {
      this.dynamicsId = this.sink.newOutputId();
      this.sink.output(this.dynamicsId, [{ mime: DYNAMICS_MIME, data: toJsonValue(payload) }], 'append');
    } else {
      this.sink.output(this.dynamicsId, [{ mime: DYNAMICS_MIME, data: toJsonValue(dynamicsDelta(this.sent, payload)) }], 'merge');
    }
    this.sent.batches = payload.batches?.epoch.length ?? 0;
    this.sent.epochs = payload.epochs.length;
  }
}
