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
  /** null where there is no number: JSON has no NaN (an epoch without batches, accuracy with the metric off). */
  loss: number | null;
  accuracy: number | null;
  valLoss?: number | null;
  valAccuracy?: number | null;
  /** Per-batch coordinates averaged over the epoch's batches: mean[e][l] = [x, y] for evaluator e, layer l. */
  mean: [number, number][][];
  /**
   * Linear CKA of the tracked layers on the probe batch (the user's probe, or
   * else the run's first training batch) after the epoch: cka[i][j] for
   * layers i, j, L×L row-major by tracked layer, symmetric, in [0, 1]. The
   * diagonal is 1; null where a layer is constant (CKA 0/0). Absent in
   * payloads written before it existed.
   */
  cka?: (number | null)[][];
  /**
   * Optional, present when an evaluator computes one (HSIC's baseline:
   * 'permutation'): baseline[e][l] = [x, y], HSIC with the layer's rows
   * permuted, mean over the epoch's batches, i.e. the level the coordinates
   * would have if the layer were independent of X and Y; null for evaluators
   * without a baseline.
   */
  baseline?: ([number, number] | null)[][];
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
 * A live update of a dynamics output: only what changed since the payload the
 * receiver holds (the new batches, the epochs whose mean or metrics moved,
 * the status). The kernel sends it while a model trains; the client merges it
 * into the output it saves (always a whole DynamicsPayload), and the renderer
 * into the chart it shows (src/charts/merge.ts). Never saved in a notebook.
 */
export interface DynamicsDelta {
  version: typeof DYNAMICS_PAYLOAD_VERSION;
  runId: string;
  status: RunStatus;
  /** Batches the receiver's payload holds before these: the delta applies to a payload with this many (or more: the overlap is skipped). */
  batchesBefore: number;
  /** New epochs, and earlier ones that changed (the one in progress): each replaces the epoch with its number. */
  epochs: EpochDynamics[];
  /** The batches after the first `batchesBefore`. */
  batches: BatchDynamics;
}

/** What the extension posts to the renderer for a live dynamics output (VS Code renderer messaging). */
export interface DynamicsDeltaMessage {
  type: 'dynamicsDelta';
  /** The VS Code output the delta belongs to (the renderer's OutputItem.id). */
  outputId: string;
  delta: DynamicsDelta;
}

/**
 * What the renderer posts back when it could not merge a delta (it holds an
 * older copy of the output than the delta follows, e.g. after VS Code drew
 * the output again from its saved copy): the extension then replaces the
 * output whole.
 */
export interface DynamicsResyncMessage {
  type: 'dynamicsResync';
  outputId: string;
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
