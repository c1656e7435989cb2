/**
 * A training run inside a cell, as two outputs updated in place: the
 * PyGlow-style log with a tqdm-like bar ("Epoch 1/7", "Training loop:", the
 * bar, "loss: 2.29 - acc: 0.30", "Validation loop:" …) and, when estimators
 * are attached, the live dynamics chart.
 */
import { STDOUT_MIME } from '../../format/mime';
import type { OutputItem } from '../../format/types';
import { DYNAMICS_MIME, type DynamicsPayload } from '../../contract/dynamicsPayload';
import type { BatchEndEvent, DynamicsEvent, EpochBeginEvent, LoopBeginEvent, LoopEndEvent, TrainEndEvent, TrainingListener } from '../../lib/progress/events';
import { formatMetrics, formatProgressLine } from '../../lib/progress/progressFormat';
import { toJsonValue } from './display';
import { Throttle } from './throttle';

export interface OutputSink {
  newOutputId(): string;
  output(outputId: string, items: OutputItem[], mode: 'append' | 'replace'): void;
}

const LOG_INTERVAL_MS = 100;
const DYNAMICS_INTERVAL_MS = 250;

export class TrainingProgress implements TrainingListener {
  private readonly lines: string[] = [];
  private bar: string | undefined;
  private readonly logId: string;
  private logShown = false;
  private readonly logThrottle = new Throttle(LOG_INTERVAL_MS);
  private dynamicsId: string | undefined;
  private readonly dynamicsThrottle = new Throttle(DYNAMICS_INTERVAL_MS);
  private shownEpochs = 0;

  constructor(private readonly sink: OutputSink) {
    this.logId = sink.newOutputId();
  }

  onEpochBegin(event: EpochBeginEvent): void {
    this.lines.push(`Epoch ${event.epoch}/${event.epochs}`);
    this.showLog(true);
  }

  onLoopBegin(event: LoopBeginEvent): void {
    this.lines.push(event.phase === 'train' ? 'Training loop:' : 'Validation loop:');
    this.bar = formatProgressLine(0, event.total, 0);
    this.showLog(true);
  }

  onBatchEnd(event: BatchEndEvent): void {
    this.bar = formatProgressLine(event.batch, event.total, event.elapsedMs);
    this.showLog(false);
  }

  onLoopEnd(event: LoopEndEvent): void {
    this.bar = undefined;
    this.lines.push(formatProgressLine(event.batches, event.batches, event.elapsedMs), formatMetrics(event.loss, event.accuracy));
    this.showLog(true);
  }

  onTrainEnd(event: TrainEndEvent): void {
    if (event.status === 'interrupted') {
      if (this.bar) this.lines.push(this.bar);
      this.bar = undefined;
      this.lines.push(`Interrupted: ${event.error?.message ?? 'training was cancelled'}`);
    }
    this.showLog(true);
    this.dynamicsThrottle.flush();
  }

  onDynamics(event: DynamicsEvent): void {
    const payload = event.payload;
    // A finished epoch or a changed status is worth showing at once; batches within an epoch are throttled.
    const urgent = payload.status !== 'running' || payload.epochs.length !== this.shownEpochs;
    this.shownEpochs = payload.epochs.length;
    this.dynamicsThrottle.run(() => this.showDynamics(payload));
    if (urgent) this.dynamicsThrottle.flush();
  }

  /** Sends whatever is pending; called when the cell ends. */
  dispose(): void {
    this.logThrottle.dispose();
    this.dynamicsThrottle.dispose();
  }

  private showLog(now: boolean): void {
    this.logThrottle.run(() => {
      const text = [...this.lines, ...(this.bar ? [this.bar] : [])].join('\n') + '\n';
      this.sink.output(this.logId, [{ mime: STDOUT_MIME, data: text }], this.logShown ? 'replace' : 'append');
      this.logShown = true;
    });
    if (now) this.logThrottle.flush();
  }

  private showDynamics(payload: DynamicsPayload): void {
    const first = this.dynamicsId === undefined;
    this.dynamicsId ??= this.sink.newOutputId();
    this.sink.output(this.dynamicsId, [{ mime: DYNAMICS_MIME, data: toJsonValue(payload) }], first ? 'append' : 'replace');
  }
}
