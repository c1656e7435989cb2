import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mixSeeds, mulberry32, range, shuffleInPlace } from '../../../src/lib/data/random';

test('mulberry32 is reproducible, seed-dependent and uniform-ish in [0, 1)', () => {
  const a = mulberry32(7);
  const b = mulberry32(7);
  const c = mulberry32(8);
  const va = Array.from({ length: 1000 }, () => a());
  const vb = Array.from({ length: 1000 }, () => b());
  const vc = Array.from({ length: 1000 }, () => c());
  assert.deepEqual(va, vb);
  assert.notDeepEqual(va, vc);
  assert.ok(va.every((v) => v >= 0 && v < 1));
  const mean = va.reduce((s, v) => s + v, 0) / va.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
});

test('mixSeeds separates neighbouring inputs', () => {
  const seeds = new Set<number>();
  for (let seed = 0; seed < 10; seed++) for (let k = 0; k < 10; k++) seeds.add(mixSeeds(seed, k));
  assert.equal(seeds.size, 100);
  assert.equal(mixSeeds(3, 4), mixSeeds(3, 4));
  assert.notEqual(mixSeeds(3, 4), mixSeeds(4, 3));
});

test('shuffleInPlace permutes', () => {
  const order = shuffleInPlace(range(100), mulberry32(1));
  assert.notDeepEqual(Array.from(order), Array.from(range(100)));
  assert.deepEqual(Array.from(order).sort((x, y) => x - y), Array.from(range(100)));
});
