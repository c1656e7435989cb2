/**
 * What compareRuns accepts as a run, resolved to its dynamics and (where
 * known) its configuration: a run file path (its last run, as loadDynamics
 * reads it), `{ path, runId }` for another run of the file, a model in the
 * kernel that has trained (IBSequential: `evaluatedDynamics`,
 * `lastRunConfig`), or a Dynamics.
 */
import { basename, extname, resolve } from 'node:path';
import { CompareRunsError, RunFileError } from '../errors';
import { Dynamics } from '../dynamics/dynamics';
import { loadDynamicsRuns, type RunConfig } from '../dynamics/runFile';
import { quote } from '../options';

/** A trained model: anything with the dynamics of its latest run (IBSequential, or a subclass). */
export interface ModelWithDynamics {
  evaluatedDynamics: Dynamics | undefined;
  lastRunConfig?: RunConfig;
}

export type RunInput = string | { path: string; runId?: string } | ModelWithDynamics | Dynamics;

export interface ResolvedRun {
  dynamics: Dynamics;
  config?: RunConfig;
  /** The label when none is given: the file's name without .jsonl, or 'run N'. */
  defaultLabel: string;
  /** How the error messages name it: 'run 2 (runs/seed-2.jsonl)'. */
  name: string;
}

function fromFile(path: string, runId: string | undefined, index: number): ResolvedRun {
  const name = `run ${index + 1} (${path})`;
  let runs;
  try {
    runs = loadDynamicsRuns(path);
  } catch (error) {
    if (!(error instanceof RunFileError)) throw error;
    const missing = /is not a file/.test(error.message);
    throw new RunFileError(
      missing
        ? `compareRuns: ${name}: no such run file (looked for ${resolve(path)}). Give the path of a .jsonl file written with saveDynamics (a trained model's lastRunFile holds it), relative to the notebook's folder.`
        : `compareRuns: ${name}: ${error.message}`,
    );
  }
  const run = runId === undefined ? runs[runs.length - 1] : runs.find((r) => r.dynamics.runId === runId);
  if (!run) throw new RunFileError(`compareRuns: ${name} has no run ${quote(runId)}; it holds ${runs.map((r) => r.dynamics.runId).join(', ')}.`);
  return { dynamics: run.dynamics, config: run.config, defaultLabel: basename(path, extname(path)), name };
}

export function resolveRun(input: RunInput, index: number): ResolvedRun {
  const ordinal = `run ${index + 1}`;
  if (typeof input === 'string') return fromFile(input, undefined, index);
  if (input instanceof Dynamics) return { dynamics: input, defaultLabel: ordinal, name: ordinal };
  if (typeof input === 'object' && input !== null) {
    if ('evaluatedDynamics' in input) {
      const dynamics = input.evaluatedDynamics;
      if (!(dynamics instanceof Dynamics)) {
        throw new CompareRunsError(
          `compareRuns: ${ordinal} is a model with no dynamics yet. Attach an evaluator (model.attachEvaluator(new HSIC(...))) and train it with fitGenerator first, or pass its run file.`,
        );
      }
      return { dynamics, config: input.lastRunConfig, defaultLabel: ordinal, name: ordinal };
    }
    if ('path' in input && typeof input.path === 'string') return fromFile(input.path, input.runId, index);
  }
  throw new CompareRunsError(
    `compareRuns: ${ordinal} is ${quote(input)}; give a run file path (saveDynamics, model.lastRunFile), { path, runId }, a trained IBSequential, or a Dynamics.`,
  );
}
