import type { TrainingListener } from './events';

/** What a host (the notebook kernel) adds to every training run it did not configure itself. */
export interface TrainingDefaults {
  /** Listeners added to every run; when there are any, the console reporter is not used. */
  listeners?: TrainingListener[];
  /** Cancels every run that was not given its own signal (the kernel's interrupt). */
  signal?: AbortSignal;
  /**
   * Milliseconds between two `onDynamics` events while an epoch runs (default
   * 1000; there is one at every epoch end too). The notebook kernel sets its
   * live-update setting here: the training loop is then the only place that
   * paces live dynamics.
   */
  dynamicsIntervalMs?: number;
}

let provider: (() => TrainingDefaults) | undefined;

/**
 * Lets a host stream progress and cancel training started by user code: the
 * notebook kernel installs a provider that returns the running cell's
 * listener and AbortSignal. Pass undefined to remove it.
 */
export function setTrainingDefaults(next: (() => TrainingDefaults) | undefined): void {
  provider = next;
}

export function trainingDefaults(): TrainingDefaults {
  return provider?.() ?? {};
}
