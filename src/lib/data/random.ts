/**
 * Seeded shuffles and index ranges, so that shuffles and splits are
 * reproducible across machines and backends (tfjs's own random ops depend on
 * the backend).
 */

import type { Rng } from '../../common/random';

// The generator and the seed mixing live in src/common, shared with the charts; re-exported so
// the data code keeps importing its randomness from one place.
export { mixSeeds, mulberry32, type Rng } from '../../common/random';

/** A fresh unpredictable seed, for callers that gave none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}

/** Fisher–Yates shuffle, in place. */
export function shuffleInPlace(values: Uint32Array, rng: Rng): Uint32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
  return values;
}

/** 0, 1, …, n − 1. */
export function range(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
