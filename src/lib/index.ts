/**
 * ibnb: Keras-like models on TensorFlow.js that track how each layer moves
 * through the information plane while they train.
 *
 *   import { IBSequential, Conv2d, Flatten, Dense, HSIC, mnist } from 'ibnb';
 */
export { tf } from './tf';
export * from './errors';
export { initBackend, currentBackend, describeBackend, BACKEND_NAMES, type BackendName, type BackendChoice, type BackendOptions } from './backend/backends';
export { formatGpuAdapter, type GpuAdapter } from './backend/webgpu';
// For hosts that interrupt synchronous code (the notebook kernel on SIGINT): a fresh wasm thread pool.
export { resetWasmThreadPool } from './backend/wasmThreads';
export * from './layers/index';
export { Sequential, type SequentialArgs, type FitOptions, type FitGeneratorOptions, type EvaluationResult } from './models/sequential';
export { IBSequential, type IBSequentialArgs, type TrackDynamicsArgs } from './models/ibSequential';
export { HSICSequential, type HSICCompileArgs } from './models/hsicSequential';
export { VIB, type VIBArgs, type VIBCompileArgs } from './models/vib';
export * from './estimators/index';
export { Dynamics, type BatchBaseline, type DynamicsRow, type DynamicsRunInfo } from './dynamics/dynamics';
export { loadDynamics, loadDynamicsRuns, type LoadedRun, type RunConfig } from './dynamics/runFile';
export type { ProbeBatch } from './dynamics/tracker';
export * from '../contract/dynamicsPayload';
export { MIME_BUNDLE, isDisplayable, type Displayable, type MimeBundle } from './display';
export { History } from './models/history';
export { ModelSummary } from './models/summary';
export type { CompileArgs, LossFunction, OptimizerName, LossName } from './models/compile';
export type { BatchSource } from './models/batchSource';
export type * from './progress/events';
export { ConsoleReporter } from './progress/consoleReporter';
export { setTrainingDefaults, type TrainingDefaults } from './progress/defaults';
export { formatProgressLine, formatMetrics, formatDuration } from './progress/progressFormat';
export * from './data/index';

import { initBackend, type BackendOptions, type BackendChoice } from './backend/backends';

/** Picks the compute backend now (otherwise the first fit does); resolves to the choice. */
export function ready(options: BackendOptions = {}): Promise<BackendChoice> {
  return initBackend(options);
}
export { compareRuns, RunComparison, type CompareRunsOptions } from './compare/compareRuns';
export type { RunInput, ModelWithDynamics } from './compare/sources';
