import { tf } from '../tf';
import { TrainingCancelledError, TrainingError } from '../errors';
import type { EpochRecord, LoopPhase, TrainingListener } from '../progress/events';
import { emit } from '../progress/listeners';
import { ConsoleReporter } from '../progress/consoleReporter';
import type { History } from './history';
import { type BatchSource, yieldToEventLoop } from './batchSource';
import type { EvaluationResult } from './sequential';
import type { PendingStep, Trainable } from './trainable';
import type { TrainingHooks } from './trainingHooks';
import { currentBackend } from '../backend/backends';
import { readBatchValues } from '../backend/webgpu';
import type { RunStatus } from '../../contract/dynamicsPayload';
import { trainingDefaults } from '../progress/defaults';

/** Milliseconds between two `onDynamics` events while an epoch runs (there is one at every epoch end too), unless the host sets dynamicsIntervalMs. */
const DYNAMICS_EVENT_MS = 1000;

export interface TrainingRun {
  /** What one step of this run computes (a model's objective, e.g. back-propagated loss or per-layer HSIC). */
  model: Trainable;
  runId: string;
  hooks?: TrainingHooks;
  train: BatchSource;
  val?: BatchSource;
  epochs: number;
  signal?: AbortSignal;
  listeners: TrainingListener[];
  history: History;
}

/** Running sums of one loop over a loader. */
class LoopStats {
  batches = 0;
  samples = 0;
  lossSum = 0;
  correct = 0;
  // performance.now(), not Date.now(): a small model's batch can take under a millisecond, which
  // Date.now() measures as 0 and the rate as 0 it/s.
  readonly started = performance.now();

  add(loss: number, correct: number, batchSize: number): void {
    this.batches += 1;
    this.samples += batchSize;
    this.lossSum += loss * batchSize;
    this.correct += correct;
  }
  get loss(): number {
    return this.samples ? this.lossSum / this.samples : NaN;
  }
  accuracy(enabled: boolean): number {
    return enabled && this.samples ? this.correct / this.samples : NaN;
  }
  get elapsedMs(): number {
    return performance.now() - this.started;
  }
  get itPerSec(): number {
    const ms = this.elapsedMs;
    return ms > 0 ? (this.batches * 1000) / ms : 0;
  }
}

/** The epochs of one fit: events, history, cancellation, NaN guard. */
export async function runTraining(run: TrainingRun): Promise<History> {
  const listeners = run.listeners.length > 0 ? run.listeners : [new ConsoleReporter()];
  emit(listeners, 'onTrainBegin', { runId: run.runId, epochs: run.epochs, batchesPerEpoch: run.train.length, validationBatches: run.val?.length });
  run.hooks?.runStarted({ runId: run.runId, epochs: run.epochs, batchesPerEpoch: run.train.length, backend: currentBackend()?.name ?? 'unknown' });
  const finish = (status: RunStatus) => {
    run.hooks?.runEnded(status);
    emitDynamics(run, listeners);
  };
  try {
    for (let epoch = 1; epoch <= run.epochs; epoch++) {
      throwIfAborted(run.signal, epoch, 0);
      emit(listeners, 'onEpochBegin', { epoch, epochs: run.epochs });
      const trained = await trainEpoch(run, epoch, listeners);
      const record: EpochRecord = { epoch, loss: trained.loss, accuracy: trained.accuracy(run.model.countsAccuracy) };
      if (run.val) {
        throwIfAborted(run.signal, epoch, trained.batches);
        const validated = await runLoop(run.model, run.val, 'validation', epoch, listeners, run.signal);
        record.valLoss = validated.loss;
        record.valAccuracy = validated.accuracy(run.model.countsAccuracy);
      }
      run.history.epochs.push(record);
      await run.hooks?.epochEnded(record);
      emit(listeners, 'onEpochEnd', { epoch, epochs: run.epochs, record });
      emitDynamics(run, listeners);
    }
  } catch (error) {
    const status = error instanceof TrainingCancelledError ? 'interrupted' : 'failed';
    finish(status);
    emit(listeners, 'onTrainEnd', { status, history: run.history.epochs, error: error as Error });
    throw error;
  }
  finish('done');
  emit(listeners, 'onTrainEnd', { status: 'done', history: run.history.epochs });
  return run.history;
}

function emitDynamics(run: TrainingRun, listeners: TrainingListener[]): void {
  if (!run.hooks || !listeners.some((l) => l.onDynamics)) return;
  const payload = run.hooks.payload();
  if (payload) emit(listeners, 'onDynamics', { payload });
}

async function trainEpoch(run: TrainingRun, epoch: number, listeners: TrainingListener[]): Promise<LoopStats> {
  const { model } = run;
  const stats = new LoopStats();
  emit(listeners, 'onLoopBegin', { epoch, phase: 'train', total: run.train.length });
  let lastLoss = NaN;
  let lastDynamicsEvent = Date.now();
  const dynamicsEventMs = trainingDefaults().dynamicsIntervalMs ?? DYNAMICS_EVENT_MS;
  for await (const raw of run.train) {
    const batchNumber = stats.batches + 1;
    let batch: { x: tf.Tensor; y: tf.Tensor2D } | undefined;
    let step: PendingStep | undefined;
    let readout: tf.Tensor | undefined;
    try {
      throwIfAborted(run.signal, epoch, stats.batches);
      batch = model.prepareBatch(raw.x, raw.y);
      step = model.trainStep(batch);
      const { x, y } = batch;
      const { loss, output, pass } = step;
      const hooks = run.hooks;
      // One read-back per batch: the loss, the accuracy count and the hooks' values together.
      readout = tf.tidy(() => {
        const base = tf.stack([loss, correctCount(y, output)]);
        const more = hooks?.batchExtras({ x, y, pass });
        return more ? tf.concat([base, tf.reshape(more, [-1])]) : base;
      });
      // Checked before the update: a GPU error means this batch's gradients were computed with invalid buffers.
      const values = await readBatchValues(readout);
      lastLoss = values[0];
      if (!Number.isFinite(lastLoss)) {
        throw new TrainingError(
          `The training loss became ${lastLoss} at epoch ${epoch}, batch ${batchNumber}; the weights were not updated with it. ` +
            `Lower the learning rate, check the inputs for NaN or huge values, or use a loss that fits the last layer's activation.`,
        );
      }
      step.apply();
      stats.add(lastLoss, values[1], x.shape[0]);
      hooks?.batchDone({ epoch, batch: batchNumber, batchSize: x.shape[0] }, values.length > 2 ? values.subarray(2) : undefined);
    } finally {
      step?.dispose();
      if (batch) tf.dispose([batch.x, batch.y]);
      readout?.dispose();
      tf.dispose([raw.x, raw.y]);
    }
    if (Date.now() - lastDynamicsEvent >= dynamicsEventMs) {
      lastDynamicsEvent = Date.now();
      emitDynamics(run, listeners);
    }
    emit(listeners, 'onBatchEnd', {
      epoch,
      phase: 'train',
      batch: stats.batches,
      total: run.train.length,
      batchLoss: lastLoss,
      loss: stats.loss,
      accuracy: stats.accuracy(model.countsAccuracy),
      elapsedMs: stats.elapsedMs,
      itPerSec: stats.itPerSec,
    });
    await yieldToEventLoop();
  }
  if (stats.batches === 0) {
    throw new TrainingError('The training loader yielded no batches: check that the data set is not empty and that batchSize is not larger than it with dropLast.');
  }
  endLoop(listeners, epoch, 'train', stats, model.countsAccuracy);
  return stats;
}

/** A pass over `source` in evaluation mode, with events. */
async function runLoop(
  model: Trainable,
  source: BatchSource,
  phase: LoopPhase,
  epoch: number,
  listeners: TrainingListener[],
  signal?: AbortSignal,
): Promise<LoopStats> {
  const stats = new LoopStats();
  emit(listeners, 'onLoopBegin', { epoch, phase, total: source.length });
  for await (const raw of source) {
    try {
      throwIfAborted(signal, epoch, stats.batches);
      const readout = tf.tidy(() => {
        const batch = model.prepareBatch(raw.x, raw.y);
        const { loss, output } = model.evalStep(batch);
        return tf.stack([loss, correctCount(batch.y, output), tf.scalar(batch.x.shape[0])]);
      });
      const values = await readBatchValues(readout).finally(() => readout.dispose());
      stats.add(values[0], values[1], values[2]);
    } finally {
      tf.dispose([raw.x, raw.y]);
    }
    emit(listeners, 'onBatchEnd', {
      epoch,
      phase,
      batch: stats.batches,
      total: source.length,
      batchLoss: stats.loss,
      loss: stats.loss,
      accuracy: stats.accuracy(model.countsAccuracy),
      elapsedMs: stats.elapsedMs,
      itPerSec: stats.itPerSec,
    });
    await yieldToEventLoop();
  }
  if (stats.batches === 0) throw new TrainingError(`The ${phase} loader yielded no batches: give it some data, or pass null for no validation.`);
  endLoop(listeners, epoch, phase, stats, model.countsAccuracy);
  return stats;
}

export async function evaluateSource(model: Trainable, source: BatchSource): Promise<EvaluationResult> {
  const stats = await runLoop(model, source, 'validation', 0, []);
  return { loss: stats.loss, accuracy: stats.accuracy(model.countsAccuracy) };
}

function endLoop(listeners: TrainingListener[], epoch: number, phase: LoopPhase, stats: LoopStats, accuracy: boolean): void {
  emit(listeners, 'onLoopEnd', {
    epoch,
    phase,
    batches: stats.batches,
    loss: stats.loss,
    accuracy: stats.accuracy(accuracy),
    elapsedMs: stats.elapsedMs,
    itPerSec: stats.itPerSec,
  });
}

function correctCount(yTrue: tf.Tensor2D, output: tf.Tensor): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(output, 1), tf.argMax(yTrue, 1)), 'float32'));
}

function throwIfAborted(signal: AbortSignal | undefined, epoch: number, batchesDone: number): void {
  if (signal?.aborted) {
    throw new TrainingCancelledError(`Training was cancelled in epoch ${epoch} after ${batchesDone} batches; the model keeps the weights of the last finished batch.`);
  }
}
