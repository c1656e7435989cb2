/**
 * Live dynamics by difference: the delta between two payloads of one run,
 * and a delta merged into the payload a receiver holds. The kernel makes
 * deltas; the client (its saved outputs) and the renderer (its chart) merge
 * them, so an update costs what is new, not the whole run so far. Pure; the
 * merge works in place, as receivers keep one growing payload.
 */
import type { BatchDynamics, DynamicsDelta, DynamicsPayload, EpochDynamics } from '../contract/dynamicsPayload';

/** Values per batch: evaluators × layers × 2. */
function cellSize(payload: Pick<DynamicsPayload, 'evaluators' | 'layers'>): number {
  return payload.evaluators.length * payload.layers.length * 2;
}

/**
 * What `next` adds to `sent` (an earlier payload of the same run): the
 * batches after the ones sent, the epochs from the last one sent on (it may
 * have moved), and the status. Payloads are append-only within a run.
 */
export function dynamicsDelta(sent: { batches: number; epochs: number }, next: DynamicsPayload): DynamicsDelta {
  const cell = cellSize(next);
  const batches = next.batches ?? { epoch: [], batch: [], values: [] };
  const from = Math.min(sent.batches, batches.epoch.length);
  return {
    version: next.version,
    runId: next.runId,
    status: next.status,
    batchesBefore: from,
    epochs: next.epochs.slice(Math.max(0, sent.epochs - 1)),
    batches: { epoch: batches.epoch.slice(from), batch: batches.batch.slice(from), values: batches.values.slice(from * cell) },
  };
}

export type MergeResult = { ok: true; added: number } | { ok: false; reason: string };

/**
 * Merges `delta` into `payload` in place. Refused (payload unchanged) when
 * the delta is of another run or starts after what the payload holds (an
 * update was missed: wait for the next whole payload).
 */
export function mergeDynamics(payload: DynamicsPayload, delta: DynamicsDelta): MergeResult {
  if (delta.runId !== payload.runId) return { ok: false, reason: `the update is for run ${delta.runId}, the output shows run ${payload.runId}` };
  const held: BatchDynamics = (payload.batches ??= { epoch: [], batch: [], values: [] });
  if (delta.batchesBefore > held.epoch.length) return { ok: false, reason: `the update follows batch ${delta.batchesBefore}, the output holds ${held.epoch.length}` };
  const cell = cellSize(payload);
  // Batches the payload already holds (an update that crossed a whole payload on the way) are skipped.
  const skip = held.epoch.length - delta.batchesBefore;
  let added = 0;
  for (let i = skip; i < delta.batches.epoch.length; i++) {
    held.epoch.push(delta.batches.epoch[i]);
    held.batch.push(delta.batches.batch[i]);
    for (let c = i * cell; c < (i + 1) * cell; c++) held.values.push(delta.batches.values[c]);
    added += 1;
  }
  for (const epoch of delta.epochs) replaceEpoch(payload.epochs, epoch);
  payload.status = delta.status;
  return { ok: true, added };
}

function replaceEpoch(epochs: EpochDynamics[], epoch: EpochDynamics): void {
  const at = epochs.findIndex((e) => e.epoch === epoch.epoch);
  if (at >= 0) epochs[at] = epoch;
  else {
    epochs.push(epoch);
    epochs.sort((a, b) => a.epoch - b.epoch);
  }
}
