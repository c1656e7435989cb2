/**
 * The permutations of a permutation baseline: reproducible from a seed and a
 * draw number (tfjs's own random ops differ between backends).
 */
import { mixSeeds, mulberry32, shuffleInPlace } from '../data/random';

/** Draw k of the stream `seed`: a uniformly random permutation of 0..m−1 (Fisher–Yates). */
export function nextPermutation(m: number, seed: number, k: number): Int32Array {
  const order = Uint32Array.from({ length: m }, (_, i) => i);
  return Int32Array.from(shuffleInPlace(order, mulberry32(mixSeeds(seed, k))));
}
