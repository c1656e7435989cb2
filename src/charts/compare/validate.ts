/**
 * Checks an untrusted compare output against its contract before anything
 * draws it; each run's dynamics are checked by the dynamics validator.
 */
import type { ComparePayload } from '../../contract/dynamicsPayload';
import { COMPARE_PAYLOAD_VERSION } from '../contract';
import { validatePayload } from '../validate';

export type CompareCheck = { ok: true; payload: ComparePayload } | { ok: false; message: string };

const AGGREGATES = new Set(['none', 'mean-sd']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'expected a JSON object.';
  if (value.version !== COMPARE_PAYLOAD_VERSION) {
    return `this output has version ${JSON.stringify(value.version) ?? 'none'} of the compare format, and this version of IB Notebooks reads version ${COMPARE_PAYLOAD_VERSION}. Re-run the cell, or update the extension.`;
  }
  if (typeof value.aggregate !== 'string' || !AGGREGATES.has(value.aggregate)) return `aggregate should be one of ${[...AGGREGATES].join(', ')}.`;
  if (!Array.isArray(value.runs) || value.runs.length === 0) return 'runs should be a non-empty array.';
  const labels = new Set<string>();
  let shape: string | undefined;
  for (const [i, run] of value.runs.entries()) {
    if (!isRecord(run)) return `runs[${i}] should be an object.`;
    if (typeof run.label !== 'string' || typeof run.group !== 'string') return `runs[${i}].label and runs[${i}].group should be strings.`;
    if (labels.has(run.label)) return `runs[${i}].label ${JSON.stringify(run.label)} is used twice; labels tell runs apart.`;
    labels.add(run.label);
    const check = validatePayload(run.dynamics);
    if (!check.ok) return `runs[${i}] (${run.label}): ${check.message}`;
    const own = JSON.stringify([check.payload.layers, check.payload.evaluators.map((e) => [e.name, e.params, e.xLabel, e.yLabel])]);
    if (shape !== undefined && own !== shape) return `runs[${i}] (${run.label}) has other layers or evaluators than runs[0]; only runs of one architecture and evaluators can share a plane.`;
    shape = own;
  }
  return undefined;
}

export function validateComparePayload(value: unknown): CompareCheck {
  const found = problem(value);
  return found === undefined ? { ok: true, payload: value as ComparePayload } : { ok: false, message: `Cannot show this comparison of runs: ${found}` };
}
