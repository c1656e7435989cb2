/**
 * The status bar text, from the kernel's own progress notifications: the
 * kernel's TrainingProgress turns the library's training events into
 * ProgressParams, and formatTrainingStatus words them; the pair is driven
 * here with the events a fit emits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTrainingStatus } from '../../src/extension/trainingStatus';
import type { ProgressParams } from '../../src/protocol/kernelProtocol';
import { TrainingProgress } from '../../src/kernel/runtime/trainingProgress';

type Progress = Omit<ProgressParams, 'cellId'>;

/** Every progress update the kernel sends for these events (the throttle's last one included). */
function kernelProgress(drive: (progress: TrainingProgress) => void): Progress[] {
  const updates: Progress[] = [];
  const progress = new TrainingProgress({ newOutputId: () => 'log', output: () => undefined, progress: (update) => updates.push(update) });
  drive(progress);
  progress.dispose();
  return updates;
}

const batch = (epoch: number, phase: 'train' | 'validation', n: number, total: number | undefined, elapsedMs: number, loss = 1) => ({
  epoch,
  phase,
  batch: n,
  total,
  batchLoss: loss,
  loss,
  accuracy: 0.5,
  elapsedMs,
  itPerSec: (n * 1000) / elapsedMs,
});

describe('training status (status bar)', () => {
  it('shows epoch, batch, rate and loss from the progress of a training loop', () => {
    const updates = kernelProgress((p) => {
      p.onTrainBegin({ runId: 'r', epochs: 7, batchesPerEpoch: 750 });
      p.onEpochBegin({ epoch: 3, epochs: 7 });
      p.onLoopBegin({ epoch: 3, phase: 'train', total: 750 });
      p.onBatchEnd(batch(3, 'train', 412, 750, 132_900, 0.41234));
    });
    assert.deepEqual(updates[0], { epoch: 3, epochs: 7, phase: 'train', batch: 0, total: 750, itPerSec: 0, loss: null }, 'the loop start is sent at once');
    const last = updates.at(-1)!;
    assert.deepEqual({ ...last, itPerSec: Number(last.itPerSec.toFixed(2)) }, { epoch: 3, epochs: 7, phase: 'train', batch: 412, total: 750, itPerSec: 3.1, loss: 0.41234 });
    assert.equal(formatTrainingStatus(last), 'epoch 3/7 · 412/750 · 3.1 it/s · loss 0.412');
    assert.equal(formatTrainingStatus(updates[0]), 'epoch 3/7 · 0/750');
  });

  it('follows the run into the validation loop and the next epoch', () => {
    const updates = kernelProgress((p) => {
      p.onEpochBegin({ epoch: 1, epochs: 2 });
      p.onLoopBegin({ epoch: 1, phase: 'train', total: 10 });
      p.onBatchEnd(batch(1, 'train', 10, 10, 1000));
      p.onLoopEnd({ epoch: 1, phase: 'train', batches: 10, loss: 1, accuracy: 0.5, elapsedMs: 1000, itPerSec: 10 });
      p.onLoopBegin({ epoch: 1, phase: 'validation', total: 4 });
      p.onBatchEnd(batch(1, 'validation', 2, 4, 100, 0.5));
    });
    assert.equal(formatTrainingStatus(updates.at(-1)!), 'epoch 1/2 · val 2/4 · 20.0 it/s · loss 0.500');
    const next = kernelProgress((p) => {
      p.onEpochBegin({ epoch: 1, epochs: 2 });
      p.onLoopBegin({ epoch: 1, phase: 'train', total: 10 });
      p.onLoopEnd({ epoch: 1, phase: 'train', batches: 10, loss: 1, accuracy: 0.5, elapsedMs: 1000, itPerSec: 10 });
      p.onEpochBegin({ epoch: 2, epochs: 2 });
      p.onLoopBegin({ epoch: 2, phase: 'train', total: 10 });
    });
    assert.equal(formatTrainingStatus(next.at(-1)!), 'epoch 2/2 · 0/10');
  });

  it('sends batches at most every 100 ms, but every loop start and end at once', () => {
    const updates = kernelProgress((p) => {
      p.onEpochBegin({ epoch: 1, epochs: 1 });
      p.onLoopBegin({ epoch: 1, phase: 'train', total: 500 });
      for (let n = 1; n <= 500; n++) p.onBatchEnd(batch(1, 'train', n, 500, n));
      p.onLoopEnd({ epoch: 1, phase: 'train', batches: 500, loss: 1, accuracy: 0.5, elapsedMs: 500, itPerSec: 1000 });
    });
    // The loop start and the loop end: the 500 batches in between took less than the interval.
    assert.deepEqual(updates.map((u) => u.batch), [0, 500]);
  });

  it('shows slow runs in it/s too, loops of unknown length by count, and no NaN loss', () => {
    assert.equal(formatTrainingStatus({ epoch: 1, epochs: 1, phase: 'train', batch: 1, total: 10, itPerSec: 0.5, loss: null }), 'epoch 1/1 · 1/10 · 0.50 it/s');
    const updates = kernelProgress((p) => {
      p.onEpochBegin({ epoch: 2, epochs: 5 });
      p.onLoopBegin({ epoch: 2, phase: 'train' });
      p.onBatchEnd(batch(2, 'train', 37, undefined, 10_000, Number.NaN));
    });
    assert.equal(updates.at(-1)!.loss, null);
    assert.equal(formatTrainingStatus(updates.at(-1)!), 'epoch 2/5 · 37 · 3.7 it/s');
  });
});
