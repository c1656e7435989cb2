/**
 * Progress events of a training run. The library never prints escape codes
 * itself: a listener decides how to show progress (a terminal bar, a notebook
 * output, a status bar item).
 */

import type { DynamicsPayload } from '../../contract/dynamicsPayload';

export type LoopPhase = 'train' | 'validation';

/** One row of `model.history`. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Training accuracy over the epoch (NaN when the 'accuracy' metric is off). */
  accuracy: number;
  /** Mean validation loss, when a validation loader was given. */
  valLoss?: number;
  /** Validation accuracy, when a validation loader was given. */
  valAccuracy?: number;
}

export interface TrainBeginEvent {
  runId: string;
  epochs: number;
  /** Batches per training epoch (undefined when the loader has no length). */
  batchesPerEpoch?: number;
  /** Batches per validation loop, when there is one. */
  validationBatches?: number;
}

export interface EpochBeginEvent {
  epoch: number;
  epochs: number;
}

export interface LoopBeginEvent {
  epoch: number;
  phase: LoopPhase;
  /** Batches in this loop, when known. */
  total?: number;
}

export interface BatchEndEvent {
  epoch: number;
  phase: LoopPhase;
  /** Batches done so far in this loop (1-based). */
  batch: number;
  total?: number;
  /** This batch's loss. */
  batchLoss: number;
  /** Mean loss over the loop so far. */
  loss: number;
  /** Accuracy over the loop so far (NaN when off). */
  accuracy: number;
  elapsedMs: number;
  /** Batches per second over the loop so far. */
  itPerSec: number;
}

export interface LoopEndEvent {
  epoch: number;
  phase: LoopPhase;
  batches: number;
  loss: number;
  accuracy: number;
  elapsedMs: number;
  itPerSec: number;
}

export interface EpochEndEvent {
  epoch: number;
  epochs: number;
  record: EpochRecord;
}

export interface TrainEndEvent {
  status: 'done' | 'interrupted' | 'failed';
  history: readonly EpochRecord[];
  error?: Error;
}

export interface DynamicsEvent {
  /** The whole run's dynamics so far, ready to draw (MIME application/vnd.ibnb.dynamics+json). */
  payload: DynamicsPayload;
}

/** Implement any subset; attach with `model.addListener` or `fit(..., { listeners })`. */
export interface TrainingListener {
  onTrainBegin?(event: TrainBeginEvent): void;
  onEpochBegin?(event: EpochBeginEvent): void;
  onLoopBegin?(event: LoopBeginEvent): void;
  onBatchEnd?(event: BatchEndEvent): void;
  onLoopEnd?(event: LoopEndEvent): void;
  onEpochEnd?(event: EpochEndEvent): void;
  onTrainEnd?(event: TrainEndEvent): void;
  /** Tracked dynamics changed (after each epoch, and every few batches while one runs). */
  onDynamics?(event: DynamicsEvent): void;
}
