/**
 * The messages between the kernel process and its client (the CLI, the VS
 * Code extension), over Node's child-process IPC channel. Each request has a
 * method name, typed params and a typed result; notifications have no reply.
 * Both sides import this module, so a change here is a change to both.
 */
import type { OutputItem } from '../format/types';

/** 2: listEvaluators, exportDynamics, the progress notification, 'merge' outputs (live dynamics deltas). */
export const PROTOCOL_VERSION = 2;

export interface ExecuteParams {
  /** The client's id for the cell; every output of this run names it. */
  cellId: string;
  /** TypeScript source of the cell. */
  code: string;
  /** Folder of the notebook: relative imports and `node_modules` resolve from here. */
  notebookDir: string;
  /** How stack traces and error messages name the cell, e.g. 'cell 3' (default: 'cell [executionOrder]'). */
  cellLabel?: string;
  /**
   * Milliseconds between two live dynamics updates while this cell trains (the
   * `ibnb.dynamics.updateIntervalMs` setting; default DEFAULT_DYNAMICS_INTERVAL_MS).
   * The kernel is the only place that paces them.
   */
  dynamicsIntervalMs?: number;
}

/** Live dynamics updates while a cell trains, when the client does not say. */
export const DEFAULT_DYNAMICS_INTERVAL_MS = 250;
/** The fastest pace the kernel accepts: faster would spend the training time on updates. */
export const MIN_DYNAMICS_INTERVAL_MS = 50;

export type ExecuteStatus = 'ok' | 'error' | 'interrupted';

/** A cell's error, with positions in the cell's own TypeScript. */
export interface CellErrorInfo {
  name: string;
  message: string;
  /** Message and the cell's stack frames (kernel internals hidden). */
  stack: string;
  /** 1-based line and column in the cell that raised it (or called what raised it), when known. */
  line?: number;
  column?: number;
  /** The cell the position refers to (may differ from the executed one when a function from another cell threw). */
  cellLabel?: string;
}

export interface ExecuteResult {
  status: ExecuteStatus;
  executionOrder: number;
  /** Present when status is 'error'. */
  error?: CellErrorInfo;
  /** Set by the client when the kernel had to be restarted to stop the cell (every variable is lost). */
  restarted?: boolean;
}

export interface ModelInfo {
  /** The variable's name. */
  name: string;
  /** 'IBSequential', 'Sequential', or a subclass's name. */
  className: string;
  /** An IBSequential: estimators can be attached to it. */
  tracksDynamics: boolean;
}

export type BackendInfo =
  | {
      ok: true;
      name: string;
      isGpu: boolean;
      description: string;
      /** webgpu: the adapter, e.g. "NVIDIA H200 (vulkan)". */
      adapter?: string;
      skipped: { name: string; reason: string }[];
      via: 'option' | 'env' | 'auto';
    }
  | { ok: false; error: string };

export type EmptyParams = Record<string, never>;

/** An estimator attached to a model, as listEvaluators reports it. */
export interface EvaluatorSummary {
  /** Its position: `model.detachEvaluator(index)` removes it. */
  index: number;
  /** e.g. 'HSIC' */
  name: string;
  /** One line, e.g. 'HSIC · gaussian kernel · σ = 5 · biased'. */
  description: string;
}

export type DynamicsFormat = 'csv' | 'json';

/**
 * Why the kernel could not answer a question about a model: the `code` of a
 * KernelRequestError, so a client can tell the cases apart without reading
 * the message (which says how to fix it).
 */
export type RequestErrorCode = 'unknownModel' | 'notIBSequential' | 'noDynamics' | 'badParams';

/** Requests and their results. */
export interface KernelRequests {
  /** client → kernel: runs one cell; its outputs arrive as notifications before this result. Cells run one at a time, in arrival order. */
  execute: { params: ExecuteParams; result: ExecuteResult };
  /** client → kernel: the variables holding a Sequential or IBSequential model (for "Attach Evaluator"). */
  listModels: { params: EmptyParams; result: { models: ModelInfo[] } };
  /** client → kernel: the estimators attached to the IBSequential in variable `model`, in order. Answered while a cell runs; uses no execution number. */
  listEvaluators: { params: { model: string }; result: { evaluators: EvaluatorSummary[] } };
  /** client → kernel: the latest dynamics of the IBSequential in variable `model` as CSV or JSON text (as `toCSV()` / `toJSON()`) and its shape [N, B, E, L, 2], also of the run in progress. Answered while a cell runs. */
  exportDynamics: { params: { model: string; format: DynamicsFormat }; result: { text: string; shape: number[] } };
  /** client → kernel: the compute backend chosen at start-up, or why none could start. */
  backendInfo: { params: EmptyParams; result: BackendInfo };
  /** client → kernel: stops the running cell between batches; the client also sends SIGINT, which breaks synchronous loops. */
  interrupt: { params: { cellId?: string }; result: { interrupted: boolean } };
  /** client → kernel: replies, then exits. */
  shutdown: { params: EmptyParams; result: EmptyParams };
}

export interface OutputParams {
  cellId: string;
  /** Stable id: 'replace' and 'merge' update the output appended earlier with this id. */
  outputId: string;
  /**
   * 'merge': a live dynamics update; its one item is a DynamicsDelta (MIME
   * application/vnd.ibnb.dynamics+json) that the client merges into the
   * output's whole payload (src/charts/merge.ts), so it saves the whole run.
   */
  mode: 'append' | 'replace' | 'merge';
  items: OutputItem[];
  /** The cell had already finished (an error thrown later by a callback it started). */
  late?: boolean;
}

export interface StreamParams {
  cellId: string;
  name: 'stdout' | 'stderr';
  /** Console text; consecutive text of one stream belongs in one output. */
  text: string;
  late?: boolean;
}

/** Where a training run of a cell is: sent as batches finish (at most every few hundred ms) and at every loop's start and end. */
export interface ProgressParams {
  cellId: string;
  /** 1-based. */
  epoch: number;
  epochs: number;
  phase: 'train' | 'validation';
  /** Batches done in this loop. */
  batch: number;
  /** Batches in this loop, when the loader knows. */
  total?: number;
  /** Batches per second over the loop so far. */
  itPerSec: number;
  /** Mean loss over the loop so far (null before the first batch, or when NaN). */
  loss: number | null;
}

/** Notifications: no reply. */
export interface KernelNotifications {
  /** kernel → client: sent once at start-up, when the kernel takes requests. */
  ready: { pid: number; protocolVersion: number; nodeVersion: string };
  /** kernel → client: adds or updates in place a rich output of a cell. */
  output: OutputParams;
  /** kernel → client: console output of a cell. */
  stream: StreamParams;
  /** kernel → client: a cell's training progress, from the library's training events (feeds the status bar). */
  progress: ProgressParams;
}

export type RequestMethod = keyof KernelRequests;
export type NotificationMethod = keyof KernelNotifications;

export type RequestMessage = {
  [M in RequestMethod]: { kind: 'request'; id: number; method: M; params: KernelRequests[M]['params'] };
}[RequestMethod];

export type ResponseMessage =
  | { kind: 'response'; id: number; result: unknown }
  | { kind: 'response'; id: number; error: { name: string; message: string; code?: RequestErrorCode } };

export type NotificationMessage = {
  [M in NotificationMethod]: { kind: 'notification'; method: M; params: KernelNotifications[M] };
}[NotificationMethod];

/** Everything the kernel sends. */
export type KernelMessage = ResponseMessage | NotificationMessage;
/** Everything the client sends. */
export type ClientMessage = RequestMessage;

export function isKernelMessage(value: unknown): value is KernelMessage {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'response' || kind === 'notification';
}

export function isClientMessage(value: unknown): value is ClientMessage {
  return (value as { kind?: unknown } | null)?.kind === 'request';
}
