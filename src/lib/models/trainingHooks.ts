import type { tf } from '../tf';
import type { EpochRecord } from '../progress/events';
import type { DynamicsPayload, RunStatus } from '../../contract/dynamicsPayload';
import type { ForwardPass } from './trainable';

/** A training step's batch as the hooks see it: channels-last input, one-hot targets, every layer's output. */
export interface HookBatch {
  x: tf.Tensor;
  y: tf.Tensor2D;
  pass: ForwardPass;
}

/**
 * What a model adds to its own training loop (IBSequential: the dynamics).
 * The loop calls these in order: runStarted, then per batch batchExtras →
 * batchDone, epochEnded per epoch, runEnded once.
 */
export interface TrainingHooks {
  runStarted(run: { runId: string; epochs: number; batchesPerEpoch?: number; backend: string }): void;
  /** Device values to read back with the loss in the same transfer; called inside tf.tidy, outside the gradient tape. */
  batchExtras(batch: HookBatch): tf.Tensor | undefined;
  /** The read-back values of `batchExtras` (undefined when it returned none). */
  batchDone(step: { epoch: number; batch: number; batchSize: number }, extras: Float32Array | undefined): void;
  /** May read back (the probe's coordinates): awaited before the next epoch starts. */
  epochEnded(record: EpochRecord): void | Promise<void>;
  runEnded(status: RunStatus): void;
  /** The current state for `onDynamics` listeners, if the hooks track any. */
  payload(): DynamicsPayload | undefined;
}
