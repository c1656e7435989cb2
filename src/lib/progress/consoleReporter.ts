import { SingleBar } from 'cli-progress';
import type { BatchEndEvent, EpochBeginEvent, LoopBeginEvent, LoopEndEvent, TrainingListener } from './events';
import { formatMetrics, formatProgressLine } from './progressFormat';

/**
 * What a plain Node script shows when no listener is attached: PyGlow's lines
 * ("Epoch 1/7", "Training loop:", a tqdm bar, "loss: 2.29 - acc: 0.30").
 * On a terminal the bar redraws in place; in a pipe or log only its final
 * state is printed, so logs stay readable.
 */
export class ConsoleReporter implements TrainingListener {
  private bar: SingleBar | undefined;
  private loopStart = 0;
  private readonly interactive: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    this.interactive = Boolean(stream.isTTY);
  }

  onEpochBegin(event: EpochBeginEvent): void {
    this.stream.write(`Epoch ${event.epoch}/${event.epochs}\n`);
  }

  onLoopBegin(event: LoopBeginEvent): void {
    this.stream.write(event.phase === 'train' ? 'Training loop:\n' : 'Validation loop:\n');
    this.loopStart = Date.now();
    if (!this.interactive) return;
    const started = this.loopStart;
    this.bar = new SingleBar({
      stream: this.stream,
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
      format: (_options, params) => formatProgressLine(params.value, params.total || undefined, Date.now() - started),
    });
    this.bar.start(event.total ?? 0, 0);
  }

  onBatchEnd(event: BatchEndEvent): void {
    this.bar?.update(event.batch);
  }

  onLoopEnd(event: LoopEndEvent): void {
    if (this.bar) {
      this.bar.update(event.batches);
      this.bar.stop();
      this.bar = undefined;
    } else {
      this.stream.write(`${formatProgressLine(event.batches, event.batches, event.elapsedMs)}\n`);
    }
    this.stream.write(`${formatMetrics(event.loss, event.accuracy)}\n`);
  }

  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
