import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mixSeeds, mulberry32 } from '../../src/common/random';

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

test('mulberry32 keeps its stream: shuffles, splits, baselines and bootstrap intervals saved before stay reproducible', () => {
  const next = mulberry32(1);
  assert.deepEqual(Array.from({ length: 3 }, () => next()), [0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
});

test('mixSeeds separates neighbouring inputs', () => {
  const seeds = new Set<number>();
  for (let seed = 0; seed < 10; seed++) for (let k = 0; k < 10; k++) seeds.add(mixSeeds(seed, k));
  assert.equal(seeds.size, 100);
  assert.equal(mixSeeds(3, 4), mixSeeds(3, 4));
  assert.notEqual(mixSeeds(3, 4), mixSeeds(4, 3));
});
