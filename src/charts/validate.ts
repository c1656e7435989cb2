/**
 * Checks an untrusted value (an output read from a notebook file) against the
 * dynamics payload contract before anything draws it, and says in one
 * sentence what is wrong, so a bad output renders a message, not a blank box.
 */
import type { DynamicsDelta, DynamicsPayload } from '../contract/dynamicsPayload';
import { DYNAMICS_PAYLOAD_VERSION } from './contract';

export type PayloadCheck = { ok: true; payload: DynamicsPayload } | { ok: false; message: string };
export type DeltaCheck = { ok: true; delta: DynamicsDelta } | { ok: false; message: string };

const STATUSES = new Set(['running', 'done', 'interrupted', 'failed']);

class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(`${path} should be a string, got ${describe(value)}.`);
  return value;
}

/** A number, or null where the writer had NaN (JSON has no NaN); drawn as a gap. */
function numberOrNull(value: unknown, path: string): void {
  if (value !== null && typeof value !== 'number') fail(`${path} should be a number, got ${describe(value)}.`);
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(`${path} should be an array, got ${describe(value)}.`);
  return value;
}

function numbers(value: unknown, path: string): void {
  const list = array(value, path);
  for (let i = 0; i < list.length; i++) numberOrNull(list[i], `${path}[${i}]`);
}

function checkEvaluator(value: unknown, path: string): void {
  if (!isRecord(value)) fail(`${path} should be an object, got ${describe(value)}.`);
  string(value.name, `${path}.name`);
  string(value.xLabel, `${path}.xLabel`);
  string(value.yLabel, `${path}.yLabel`);
  if (value.description !== undefined) string(value.description, `${path}.description`);
  if (!isRecord(value.params)) fail(`${path}.params should be an object, got ${describe(value.params)}.`);
  for (const [key, v] of Object.entries(value.params)) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) fail(`${path}.params.${key} should be a string, number or boolean, got ${describe(v)}.`);
  }
}

function checkEpoch(value: unknown, path: string, evaluators: number, layers: number): void {
  if (!isRecord(value)) fail(`${path} should be an object, got ${describe(value)}.`);
  if (typeof value.epoch !== 'number' || !Number.isInteger(value.epoch) || value.epoch < 1) fail(`${path}.epoch should be a whole number ≥ 1, got ${describe(value.epoch)}.`);
  numberOrNull(value.loss, `${path}.loss`);
  numberOrNull(value.accuracy, `${path}.accuracy`);
  if (value.valLoss !== undefined) numberOrNull(value.valLoss, `${path}.valLoss`);
  if (value.valAccuracy !== undefined) numberOrNull(value.valAccuracy, `${path}.valAccuracy`);
  const mean = array(value.mean, `${path}.mean`);
  if (mean.length !== evaluators) fail(`${path}.mean has ${mean.length} evaluator(s); the payload names ${evaluators}.`);
  mean.forEach((perLayer, e) => {
    const list = array(perLayer, `${path}.mean[${e}]`);
    if (list.length !== layers) fail(`${path}.mean[${e}] has ${list.length} layer(s); the payload names ${layers}.`);
    list.forEach((pair, l) => {
      const p = `${path}.mean[${e}][${l}]`;
      if (array(pair, p).length !== 2) fail(`${p} should be an [x, y] pair.`);
      numbers(pair, p);
    });
  });
  if (value.cka !== undefined) checkCka(value.cka, `${path}.cka`, layers);
  if (value.baseline !== undefined) checkBaseline(value.baseline, `${path}.baseline`, evaluators, layers);
}

/** Float32 rounding may put a computed CKA a hair outside [0, 1]; anything further is not a CKA. */
const CKA_SLACK = 1e-6;

function checkCka(value: unknown, path: string, layers: number): void {
  const rows = array(value, path);
  if (rows.length !== layers) fail(`${path} has ${rows.length} row(s); it should be ${layers}×${layers}, one row per tracked layer.`);
  rows.forEach((row, i) => {
    const cells = array(row, `${path}[${i}]`);
    if (cells.length !== layers) fail(`${path}[${i}] has ${cells.length} value(s); it should have ${layers}, one per tracked layer.`);
    cells.forEach((v, j) => {
      if (v !== null && (typeof v !== 'number' || !(v >= -CKA_SLACK && v <= 1 + CKA_SLACK))) {
        fail(`${path}[${i}][${j}] should be a CKA in [0, 1] or null (a constant layer), got ${describe(v)}.`);
      }
    });
  });
}

/** An epoch's optional baseline: [E][L] of [x, y] pairs, or null for an evaluator without one. */
function checkBaseline(value: unknown, path: string, evaluators: number, layers: number): void {
  const perEvaluator = array(value, path);
  if (perEvaluator.length !== evaluators) fail(`${path} has ${perEvaluator.length} evaluator(s); the payload names ${evaluators}.`);
  perEvaluator.forEach((perLayer, e) => {
    if (perLayer === null) return;
    const list = array(perLayer, `${path}[${e}]`);
    if (list.length !== layers) fail(`${path}[${e}] has ${list.length} layer(s); the payload names ${layers}.`);
    list.forEach((pair, l) => {
      const p = `${path}[${e}][${l}]`;
      if (pair === null) return;
      if (array(pair, p).length !== 2) fail(`${p} should be an [x, y] pair or null.`);
      numbers(pair, p);
    });
  });
}

function checkBatches(value: unknown, evaluators: number, layers: number): void {
  if (!isRecord(value)) fail(`batches should be an object, got ${describe(value)}.`);
  const epoch = array(value.epoch, 'batches.epoch');
  const batch = array(value.batch, 'batches.batch');
  const values = array(value.values, 'batches.values');
  if (batch.length !== epoch.length) fail(`batches.batch has ${batch.length} entries but batches.epoch has ${epoch.length}.`);
  for (let i = 0; i < epoch.length; i++) {
    if (typeof epoch[i] !== 'number' || typeof batch[i] !== 'number' || (batch[i] as number) < 1) fail(`batches.epoch[${i}] and batches.batch[${i}] should be numbers ≥ 1.`);
  }
  const expected = epoch.length * evaluators * layers * 2;
  if (values.length !== expected) fail(`batches.values has ${values.length} numbers; ${epoch.length} batch(es) × ${evaluators} evaluator(s) × ${layers} layer(s) × 2 needs ${expected}.`);
  numbers(values, 'batches.values');
}

/** Validates `value` as a DynamicsPayload; on failure, a message fit to show a user. */
export function validatePayload(value: unknown): PayloadCheck {
  try {
    if (!isRecord(value)) fail(`expected a JSON object, got ${describe(value)}.`);
    if (value.version !== DYNAMICS_PAYLOAD_VERSION) {
      const seen = typeof value.version === 'number' ? `version ${value.version}` : value.version === undefined ? 'no version' : `version ${describe(value.version)}`;
      fail(`this output has ${seen} of the training-dynamics format, and this version of IB Notebooks reads version ${DYNAMICS_PAYLOAD_VERSION}. Re-run the cell, or update the extension.`);
    }
    string(value.runId, 'runId');
    if (typeof value.status !== 'string' || !STATUSES.has(value.status)) fail(`status should be one of ${[...STATUSES].join(', ')}, got ${describe(value.status)}.`);
    string(value.backend, 'backend');
    const layers = array(value.layers, 'layers');
    layers.forEach((name, i) => string(name, `layers[${i}]`));
    const evaluators = array(value.evaluators, 'evaluators');
    evaluators.forEach((ev, i) => checkEvaluator(ev, `evaluators[${i}]`));
    array(value.epochs, 'epochs').forEach((epoch, i) => checkEpoch(epoch, `epochs[${i}]`, evaluators.length, layers.length));
    if (value.batches !== undefined) checkBatches(value.batches, evaluators.length, layers.length);
    // Every field the charts read has been checked above.
    return { ok: true, payload: value as unknown as DynamicsPayload };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, message: `Cannot show these training dynamics: ${error.message}` };
    throw error;
  }
}

/**
 * Validates `value` as a live update (DynamicsDelta) of `payload`, the
 * validated payload it will be merged into: its epochs and batches must have
 * that payload's evaluators and layers.
 */
export function validateDelta(value: unknown, payload: Pick<DynamicsPayload, 'evaluators' | 'layers'>): DeltaCheck {
  try {
    if (!isRecord(value)) fail(`expected a JSON object, got ${describe(value)}.`);
    if (value.version !== DYNAMICS_PAYLOAD_VERSION) fail(`this update has version ${describe(value.version)} of the training-dynamics format; this version of IB Notebooks reads ${DYNAMICS_PAYLOAD_VERSION}.`);
    string(value.runId, 'runId');
    if (typeof value.status !== 'string' || !STATUSES.has(value.status)) fail(`status should be one of ${[...STATUSES].join(', ')}, got ${describe(value.status)}.`);
    if (typeof value.batchesBefore !== 'number' || !Number.isInteger(value.batchesBefore) || value.batchesBefore < 0) fail(`batchesBefore should be a whole number ≥ 0, got ${describe(value.batchesBefore)}.`);
    const { evaluators, layers } = payload;
    array(value.epochs, 'epochs').forEach((epoch, i) => checkEpoch(epoch, `epochs[${i}]`, evaluators.length, layers.length));
    checkBatches(value.batches, evaluators.length, layers.length);
    return { ok: true, delta: value as unknown as DynamicsDelta };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, message: `Cannot apply this live update of the training dynamics: ${error.message}` };
    throw error;
  }
}
