/**
 * A 95 % bootstrap interval for each per-epoch mean, over the epoch's batches:
 * how far the mean could move had the epoch seen other batches like these.
 * Percentile bootstrap (Efron): RESAMPLES means of n batches drawn with
 * replacement from the epoch's n, and their 2.5th and 97.5th percentiles.
 * Computed from the per-batch values the payload already holds, so it costs
 * the training nothing; drawing it costs the chart the resampling (about
 * 2·RESAMPLES·n draws per layer and evaluator, measured in the closing note
 * of issue 12), which is why it is a choice and off by default.
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
// Seeded, so an interval is the same on every redraw.
import { mulberry32 } from '../common/random';

export const RESAMPLES = 200;
export const INTERVAL_LEVEL = 0.95;

/** lo/hi per coordinate of one (epoch, evaluator, layer) mean. */
export interface MeanInterval {
  xLo: number;
  xHi: number;
  yLo: number;
  yHi: number;
}

/** The percentile interval of the mean of `values` (finite only); undefined for fewer than 2. */
export function bootstrapMean(values: readonly number[], seed: number, resamples = RESAMPLES): [number, number] | undefined {
  const n = values.length;
  if (n < 2) return undefined;
  const next = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(next() * n)];
    means[r] = sum / n;
  }
  means.sort();
  const tail = (1 - INTERVAL_LEVEL) / 2;
  // Nearest-rank percentiles: with 200 resamples, the 5th and the 195th mean.
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.ceil(q * resamples) - 1))];
  return [at(tail), at(1 - tail)];
}

/**
 * Intervals already computed, by what determines them (run, epoch, evaluator,
 * layer, coordinate, and the values' count and sum): a live update then
 * resamples only the epoch in progress, a redraw nothing. Bounded, oldest
 * out first.
 */
const computed = new Map<string, [number, number] | undefined>();
const CACHE_LIMIT = 4096;

function cachedBootstrap(key: string, values: number[], seed: number): [number, number] | undefined {
  let sum = 0;
  for (const v of values) sum += v;
  const full = `${key}|${values.length}|${sum}`;
  if (computed.has(full)) return computed.get(full);
  const interval = bootstrapMean(values, seed);
  computed.set(full, interval);
  if (computed.size > CACHE_LIMIT) computed.delete(computed.keys().next().value as string);
  return interval;
}

/** Intervals keyed `${epoch}|${evaluator}|${layer}`, for every mean whose epoch has 2 or more batches. */
export function meanIntervals(payload: DynamicsPayload): Map<string, MeanInterval> {
  const out = new Map<string, MeanInterval>();
  const batches = payload.batches;
  if (!batches) return out;
  const E = payload.evaluators.length;
  const L = payload.layers.length;
  const cell = E * L * 2;
  const rowsByEpoch = new Map<number, number[]>();
  batches.epoch.forEach((epoch, i) => {
    let list = rowsByEpoch.get(epoch);
    if (!list) rowsByEpoch.set(epoch, (list = []));
    list.push(i);
  });
  for (const [epoch, rows] of rowsByEpoch) {
    for (let e = 0; e < E; e++) {
      for (let l = 0; l < L; l++) {
        const at = (e * L + l) * 2;
        const column = (c: number) => rows.map((i) => batches.values[i * cell + at + c]).filter((v) => typeof v === 'number' && Number.isFinite(v));
        // One seed per mean and coordinate: the same numbers every time this payload is drawn.
        const seed = ((epoch * 7919 + e) * 104729 + l) * 2;
        const key = `${payload.runId}|${epoch}|${e}|${l}`;
        const x = cachedBootstrap(`${key}|x`, column(0), seed);
        const y = cachedBootstrap(`${key}|y`, column(1), seed + 1);
        if (x && y) out.set(`${epoch}|${e}|${l}`, { xLo: x[0], xHi: x[1], yLo: y[0], yHi: y[1] });
      }
    }
  }
  return out;
}
