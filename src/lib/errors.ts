/**
 * Typed errors of the `ibnb` library. Every message says what went wrong and
 * what to do about it, so a notebook user can fix the cell without reading
 * library source.
 */

/** Base class: catch this to handle any error raised by `ibnb` itself. */
export class IBNBError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument or option has a wrong type, range or name. */
export class ConfigError extends IBNBError {}

/** Two layers (or a layer and its input) disagree on tensor shapes. */
export class ShapeError extends IBNBError {}

/** A requested compute backend is absent or failed to initialize. */
export class BackendError extends IBNBError {}

/** A data set file is missing, corrupt, truncated or cannot be downloaded. */
export class DatasetError extends IBNBError {}

/** Training cannot go on: not compiled, empty data, a non-finite loss. */
export class TrainingError extends IBNBError {}

/** Training stopped because its AbortSignal fired; the model stays usable. */
export class TrainingCancelledError extends IBNBError {}

/**
 * A dependence estimator cannot give a number for this batch: the batch is
 * too small for its formula, or a layer, the input or the target holds NaN or
 * ±Infinity.
 */
export class EstimatorError extends IBNBError {}

/** A dynamics run file is missing, not a run file, or corrupt. */
export class RunFileError extends IBNBError {}

/** compareRuns was given runs that cannot be drawn together, or options that do not fit them. */
export class CompareRunsError extends IBNBError {}
