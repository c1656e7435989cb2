/**
 * The status bar text, read from the very log the kernel writes: the kernel's
 * TrainingProgress produces the text here, so a change of its format breaks
 * this test rather than the status bar.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutputItem } from '../../src/format/index';
import { formatTrainingStatus, parseTrainingLog } from '../../src/extension/trainingStatus';
import { TrainingProgress } from '../../src/kernel/runtime/trainingProgress';

/** The latest text of the kernel's training log output. */
function kernelLog(drive: (progress: TrainingProgress) => void): string {
  let text = '';
  const progress = new TrainingProgress({
    newOutputId: () => 'log',
    output: (_id: string, items: OutputItem[]) => {
      const item = items.find((i) => i.mime === 'application/vnd.code.notebook.stdout');
      if (item) text = String(item.data);
    },
  });
  drive(progress);
  progress.dispose();
  return text;
}

const batch = (epoch: number, phase: 'train' | 'validation', n: number, total: number, elapsedMs: number) => ({
  epoch,
  phase,
  batch: n,
  total,
  batchLoss: 1,
  loss: 1,
  accuracy: 0.5,
  elapsedMs,
  itPerSec: (n * 1000) / elapsedMs,
});

describe('training status (status bar)', () => {
  it('reads epoch, batch and rate from the kernel\'s log while training', () => {
    const text = kernelLog((p) => {
      p.onEpochBegin({ epoch: 3, epochs: 7 });
      p.onLoopBegin({ epoch: 3, phase: 'train', total: 750 });
      p.onBatchEnd(batch(3, 'train', 412, 750, 132_900));
    });
    const status = parseTrainingLog(text);
    assert.deepEqual({ ...status, rate: Number(status?.rate?.toFixed(2)) }, { epoch: 3, epochs: 7, phase: 'train', done: 412, total: 750, rate: 3.1 });
    assert.equal(formatTrainingStatus(status!), 'epoch 3/7 · 412/750 · 3.1 it/s');
  });

  it('follows the run into the validation loop and the next epoch', () => {
    const text = kernelLog((p) => {
      p.onEpochBegin({ epoch: 1, epochs: 2 });
      p.onLoopBegin({ epoch: 1, phase: 'train', total: 10 });
      p.onBatchEnd(batch(1, 'train', 10, 10, 1000));
      p.onLoopEnd({ epoch: 1, phase: 'train', batches: 10, loss: 1, accuracy: 0.5, elapsedMs: 1000, itPerSec: 10 });
      p.onLoopBegin({ epoch: 1, phase: 'validation', total: 4 });
      p.onBatchEnd(batch(1, 'validation', 2, 4, 100));
    });
    assert.equal(formatTrainingStatus(parseTrainingLog(text)!), 'epoch 1/2 · val 2/4 · 20.0 it/s');
    const next = kernelLog((p) => {
      p.onEpochBegin({ epoch: 1, epochs: 2 });
      p.onLoopBegin({ epoch: 1, phase: 'train', total: 10 });
      p.onLoopEnd({ epoch: 1, phase: 'train', batches: 10, loss: 1, accuracy: 0.5, elapsedMs: 1000, itPerSec: 10 });
      p.onEpochBegin({ epoch: 2, epochs: 2 });
      p.onLoopBegin({ epoch: 2, phase: 'train', total: 10 });
    });
    assert.equal(formatTrainingStatus(parseTrainingLog(next)!), 'epoch 2/2 · 0/10');
  });

  it('shows slow runs in it/s too, and loops of unknown length by count', () => {
    assert.equal(formatTrainingStatus(parseTrainingLog('Epoch 1/1\nTraining loop:\n 10%|█         | 1/10 [00:02<00:18, 2.00s/it]\n')!), 'epoch 1/1 · 1/10 · 0.50 it/s');
    assert.equal(formatTrainingStatus(parseTrainingLog('Epoch 2/5\nTraining loop:\n37it [00:10, 3.70it/s]\n')!), 'epoch 2/5 · 37 · 3.7 it/s');
  });

  it('ignores text that is not a training log', () => {
    assert.equal(parseTrainingLog('hello\nworld\n'), undefined);
    assert.equal(parseTrainingLog(''), undefined);
  });
});
