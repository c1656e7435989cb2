/**
 * compareRuns: several training runs of one architecture in one chart, as a
 * cell's value (its MIME bundle is drawn by the notebook renderer and the
 * HTML report). `aggregate: 'mean-sd'` draws each configuration's runs
 * (different seeds) as the mean trajectory with a ±1 sd band instead.
 *
 *   compareRuns(['runs/seed-1.jsonl', 'runs/seed-2.jsonl'], { labels: ['seed 1', 'seed 2'] })
 *   compareRuns([modelA, modelB], { aggregate: 'mean-sd' })
 */
import { MIME_BUNDLE, type MimeBundle } from '../display';
import { CompareRunsError } from '../errors';
import { COMPARE_MIME, COMPARE_PAYLOAD_VERSION, type CompareAggregate, type ComparePayload } from '../../contract/dynamicsPayload';
import { checkKnownKeys, quote } from '../options';
import { assertComparable, configurationGroups } from './compatibility';
import { resolveRun, type ResolvedRun, type RunInput } from './sources';

export interface CompareRunsOptions {
  /** One name per run, in order, all different. Default: each run file's name (without .jsonl), or 'run N'. */
  labels?: string[];
  /** 'none' (default): one trajectory per run. 'mean-sd': per configuration, the mean over its runs with a ±1 sd band (sample sd, n − 1). */
  aggregate?: CompareAggregate;
}

const OPTIONS = ['labels', 'aggregate'] as const;
const AGGREGATES: CompareAggregate[] = ['none', 'mean-sd'];

/** The comparison a cell shows: a chart in the notebook and the report, a line of text elsewhere. */
export class RunComparison {
  constructor(readonly payload: ComparePayload) {}

  get labels(): string[] {
    return this.payload.runs.map((r) => r.label);
  }

  /** Each run's configuration group (equal names: runs that aggregate together). */
  get groups(): string[] {
    return this.payload.runs.map((r) => r.group);
  }

  toString(): string {
    const runs = this.payload.runs.map((r) => `${r.label} (${r.dynamics.epochs.length} epochs, ${r.dynamics.status})`).join(', ');
    const how = this.payload.aggregate === 'mean-sd' ? `, mean ± 1 sd over ${this.payload.runs.length} runs by configuration` : '';
    return `Comparison of ${this.payload.runs.length} runs${how}: ${runs}`;
  }

  [MIME_BUNDLE](): MimeBundle {
    return { [COMPARE_MIME]: this.payload, 'text/plain': this.toString() };
  }
}

function checkLabels(labels: unknown, runs: ResolvedRun[]): string[] {
  if (labels === undefined) {
    const defaults = runs.map((r) => r.defaultLabel);
    // Files of one name in different folders: number the repeats.
    return defaults.map((label, i) => (defaults.indexOf(label) === i && defaults.lastIndexOf(label) === i ? label : `${label} (${i + 1})`));
  }
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || l.trim() === '')) {
    throw new CompareRunsError(`compareRuns: labels must be an array of non-empty strings, one per run, got ${quote(labels)}.`);
  }
  if (labels.length !== runs.length) {
    throw new CompareRunsError(`compareRuns: ${labels.length} label${labels.length === 1 ? '' : 's'} for ${runs.length} runs; give exactly one label per run, in the order of the runs (or leave labels out).`);
  }
  const repeated = labels.find((l, i) => labels.indexOf(l) !== i);
  if (repeated !== undefined) throw new CompareRunsError(`compareRuns: the label ${quote(repeated)} is given twice; each run needs its own label, as the chart tells runs apart by it.`);
  return labels as string[];
}

export function compareRuns(runs: RunInput[], options: CompareRunsOptions = {}): RunComparison {
  const opts = checkKnownKeys(options, OPTIONS, 'compareRuns');
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new CompareRunsError(`compareRuns takes a non-empty array of runs (run file paths, trained IBSequential models, or Dynamics), got ${quote(runs)}.`);
  }
  const aggregate = (opts.aggregate ?? 'none') as CompareAggregate;
  if (!AGGREGATES.includes(aggregate)) throw new CompareRunsError(`compareRuns: aggregate must be ${AGGREGATES.map((a) => `'${a}'`).join(' or ')}, got ${quote(opts.aggregate)}.`);
  const resolved = runs.map((run, i) => resolveRun(run, i));
  const labels = checkLabels(opts.labels, resolved);
  assertComparable(resolved);
  const groups = configurationGroups(resolved);
  return new RunComparison({
    version: COMPARE_PAYLOAD_VERSION,
    aggregate,
    // Means only: N runs' per-batch points would bury the trajectories being compared.
    runs: resolved.map((r, i) => ({ label: labels[i], group: groups[i], dynamics: r.dynamics.toPayload({ includeBatches: false }) })),
  });
}
