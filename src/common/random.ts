/**
 * One seeded PRNG for every part: the library's shuffles, splits and
 * permutation baselines (reproducible across machines and backends, which
 * tfjs's own random ops are not) and the charts' bootstrap intervals (the
 * same on every redraw). Pure, no imports: src/lib and src/charts both use it.
 */

/** A function returning uniform floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: 32-bit state, fast, and good enough to shuffle data sets. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes several integers into one 32-bit seed. Neighbouring inputs (epoch k
 * and k + 1, seed 1 and 2) give unrelated streams, which plain addition would not.
 */
export function mixSeeds(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const low = part >>> 0;
    const high = Math.floor(part / 4294967296) >>> 0;
    h = fmix32((h ^ low) + 0x9e3779b9);
    h = fmix32((h ^ high) + 0x7f4a7c15);
  }
  return h;
}
