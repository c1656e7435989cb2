/**
 * `application/vnd.ibnb.dynamics+json`: the contract between whoever trains
 * (the kernel, the CLI) and whoever draws (the notebook renderer, the HTML
 * report). Versioned: a reader rejects a version it does not know.
 */
export const DYNAMICS_MIME = 'application/vnd.ibnb.dynamics+json';
export const DYNAMICS_PAYLOAD_VERSION = 1;

export type RunStatus = 'running' | 'done' | 'interrupted' | 'failed';

export interface EvaluatorInfo {
  /** e.g. 'HSIC' */
  name: string;
  /** e.g. { kernel: 'gaussian', sigma: 5, normalization: 'biased' } */
  params: Record<string, string | number | boolean>;
  /** Axis label of the first coordinate, e.g. 'HSIC(H, X)'. */
  xLabel: string;
  /** Axis label of the second coordinate, e.g. 'HSIC(H, Y)'. */
  yLabel: string;
  /** One line for captions, e.g. 'HSIC · gaussian kernel · σ = 5 · biased'. */
  description?: string;
}

export interface EpochDynamics {
  /** 1-based. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Per-batch coordinates averaged over the epoch's batches: mean[e][l] = [x, y] for evaluator e, layer l. */
  mean: [number, number][][];
}

/** Per-batch coordinates, stored flat to keep payloads small. */
export interface BatchDynamics {
  /** Epoch (1-based) of each recorded batch. */
  epoch: number[];
  /** Batch number within its epoch (1-based) of each recorded batch. */
  batch: number[];
  /** Row-major [count][E][L][2]: values[((i·E + e)·L + l)·2 + c]. */
  values: number[];
}

export interface DynamicsPayload {
  version: typeof DYNAMICS_PAYLOAD_VERSION;
  runId: string;
  status: RunStatus;
  /** The compute backend that trained, e.g. 'wasm'. */
  backend: string;
  /** Names of the tracked layers, in order. */
  layers: string[];
  evaluators: EvaluatorInfo[];
  /** Completed epochs (and, while running, the current one so far). */
  epochs: EpochDynamics[];
  batches?: BatchDynamics;
}

/**
 * `application/vnd.ibnb.compare+json`: several runs of one architecture and
 * one set of evaluators, drawn together (compareRuns). Each run is its own
 * dynamics payload, means only (the per-batch points of N runs would bury
 * the trajectories being compared). Versioned like the dynamics payload.
 */
export const COMPARE_MIME = 'application/vnd.ibnb.compare+json';
export const COMPARE_PAYLOAD_VERSION = 1;

/** 'mean-sd': runs of one configuration drawn as their mean with a ±1 sd band. */
export type CompareAggregate = 'none' | 'mean-sd';

export interface CompareRun {
  /** The run's name on the chart (unique within the comparison). */
  label: string;
  /** Runs with equal groups share a configuration (model, optimizer, loss, evaluators; not the seed). */
  group: string;
  dynamics: DynamicsPayload;
}

export interface ComparePayload {
  version: typeof COMPARE_PAYLOAD_VERSION;
  aggregate: CompareAggregate;
  /** At least one; all with the same layers and evaluators. */
  runs: CompareRun[];
}
