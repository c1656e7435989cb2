/**
 * Which runs can share one plane, and which share a configuration. Runs are
 * drawn together only with the same tracked layers and evaluators (the axes
 * would otherwise mean different things); runs aggregate into one band only
 * with the same configuration (model, optimizer, loss, target, epochs, as
 * the run file records it), the seed being what may differ.
 */
import { CompareRunsError } from '../errors';
import type { EvaluatorInfo } from '../../contract/dynamicsPayload';
import type { RunConfig } from '../dynamics/runFile';
import type { ResolvedRun } from './sources';

function describeEvaluators(evaluators: EvaluatorInfo[]): string {
  if (evaluators.length === 0) return 'no evaluator';
  return evaluators.map((e) => e.description ?? `${e.name} ${JSON.stringify(e.params)}`).join(' + ');
}

function evaluatorKey(evaluators: EvaluatorInfo[]): string {
  return JSON.stringify(evaluators.map((e) => [e.name, e.params, e.xLabel, e.yLabel]));
}

/** Throws, naming what differs and what to do, unless every run has run 1's layers and evaluators. */
export function assertComparable(runs: ResolvedRun[]): void {
  const [first, ...rest] = runs;
  for (const run of rest) {
    const a = first.dynamics;
    const b = run.dynamics;
    if (JSON.stringify(a.layers) !== JSON.stringify(b.layers)) {
      throw new CompareRunsError(
        `compareRuns: ${run.name} tracks the layers ${b.layers.join(', ') || '(none)'}, but ${first.name} tracks ${a.layers.join(', ') || '(none)'}. ` +
          'Runs share a plane only when they track the same layers: compare runs of one architecture, or give each model the same trackDynamics: { layers }.',
      );
    }
    if (evaluatorKey(a.evaluators) !== evaluatorKey(b.evaluators)) {
      throw new CompareRunsError(
        `compareRuns: ${run.name} was measured with ${describeEvaluators(b.evaluators)}, but ${first.name} with ${describeEvaluators(a.evaluators)}. ` +
          'Runs share a plane only when measured alike: attach the same evaluators (same estimator and parameters, in the same order) to every run, or compare the runs of each evaluator separately.',
      );
    }
  }
}

/** The part of a configuration that defines a group: everything but the seed and the model's name (a name does not change training). */
function groupingConfig(config: RunConfig): unknown {
  const { seed: _seed, model, ...rest } = config;
  return { ...rest, model: { inputShape: model.inputShape, layers: model.layers } };
}

/** A short phrase for what sets a group apart from the others, e.g. 'optimizer adam'; 'configuration N' when nothing simple does. */
function groupName(config: RunConfig | undefined, others: (RunConfig | undefined)[], ordinal: number): string {
  if (!config) return `configuration ${ordinal}`;
  const fields: [string, (c: RunConfig) => string][] = [
    ['optimizer', (c) => c.optimizer],
    ['loss', (c) => c.loss],
    ['target', (c) => c.target],
    ['epochs', (c) => String(c.epochs)],
    ['layers', (c) => c.model.layers.map((l) => `${l.kind} ${l.outputShape}`).join(' → ')],
  ];
  const differing = fields.filter(([, read]) => others.some((o) => o !== undefined && read(o) !== read(config)));
  return differing.length > 0 ? differing.map(([key, read]) => `${key} ${read(config)}`).join(', ') : `configuration ${ordinal}`;
}

/**
 * Each run's group name: runs with equal configurations share one. A run
 * without a recorded configuration (a bare Dynamics) is grouped by its
 * layers and evaluators only, which assertComparable made equal.
 */
export function configurationGroups(runs: ResolvedRun[]): string[] {
  const keys = runs.map((r) => (r.config ? JSON.stringify(groupingConfig(r.config)) : 'unknown'));
  const distinct = [...new Set(keys)];
  if (distinct.length === 1) return runs.map(() => 'all runs');
  const representatives = distinct.map((key) => runs[keys.indexOf(key)].config);
  const names = distinct.map((_, i) => groupName(representatives[i], representatives.filter((_, j) => j !== i), i + 1));
  // Two groups could get one phrase (several fields differ in ways the phrase does not show): number them then.
  const unique = new Set(names).size === names.length ? names : distinct.map((_, i) => `configuration ${i + 1}`);
  return keys.map((key) => unique[distinct.indexOf(key)]);
}
