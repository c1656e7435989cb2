/** Test helpers: seeded data, backends, tolerances. */
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/lib/tf';
import { mulberry32 } from '../../../src/common/random';
import type { Matrix } from './reference';

export const BACKENDS = ['cpu', 'wasm'] as const;

/** Runs `body` once per backend, inside a describe block that switches to it first. */
export function onEachBackend(body: (backend: string) => void): void {
  for (const backend of BACKENDS) {
    describe(`on ${backend}`, () => {
      before(async () => {
        assert.ok(await tf.setBackend(backend), `backend ${backend} failed to initialize`);
      });
      body(backend);
    });
  }
}

/** A seeded uniform generator (mulberry32, the library's). */
export const rng = mulberry32;

/** m×d standard normal entries, rounded to float32 so the reference sees exactly what the device sees. */
export function randn(m: number, d: number, seed: number): Matrix {
  const u = rng(seed);
  return Array.from({ length: m }, () =>
    Array.from({ length: d }, () => Math.fround(Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()))),
  );
}

export function oneHot(labels: number[], k: number): Matrix {
  return labels.map((y) => Array.from({ length: k }, (_, j) => (j === y ? 1 : 0)));
}

/** A small "network": hidden = tanh(X W) (so H depends on X), labels = argmax(X V) (so Y does too). */
export function dependentBatch(m: number, dx: number, widths: number[], classes: number, seed: number) {
  const x = randn(m, dx, seed);
  const project = (w: Matrix) => x.map((row) => w[0].map((_, j) => row.reduce((s, v, q) => s + v * w[q][j], 0) / Math.sqrt(dx)));
  const hidden = widths.map((d, l) => project(randn(dx, d, seed + 101 * (l + 1))).map((row) => row.map((v) => Math.fround(Math.tanh(2 * v)))));
  const labels = project(randn(dx, classes, seed + 7)).map((row) => row.indexOf(Math.max(...row)));
  return { x, hidden, target: oneHot(labels, classes), labels };
}

export function t2(a: Matrix): tf.Tensor2D {
  return tf.tensor2d(a, [a.length, a[0]?.length ?? 0], 'float32');
}

/** |got − want| ≤ rel·|want| + abs. */
export function assertClose(got: number, want: number, rel: number, abs: number, what: string): void {
  const err = Math.abs(got - want);
  assert.ok(Number.isFinite(got) && err <= rel * Math.abs(want) + abs, `${what}: got ${got}, want ${want} (error ${err.toExponential(2)}, allowed ${(rel * Math.abs(want) + abs).toExponential(2)})`);
}

export function disposeMemo(memo: Map<string, tf.Tensor>): void {
  for (const t of memo.values()) t.dispose();
  memo.clear();
}

/** True if no value lies within 1e-3 bin widths of an inner bin edge (the outer two cannot change a bin). */
export function edgeSafe(t: Matrix, bins: number): boolean {
  const flat = t.flat();
  const lo = Math.min(...flat), hi = Math.max(...flat);
  if (hi === lo) return true;
  return flat.every((v) => {
    const pos = ((v - lo) / (hi - lo)) * bins;
    const edge = Math.round(pos);
    return edge <= 0 || edge >= bins || Math.abs(pos - edge) > 1e-3;
  });
}

/** A batch whose layers are edge-safe for `bins`, trying seeds from `seed` on. */
export function safeBatch(m: number, widths: number[], bins: number, seed: number) {
  for (let s = seed; s < seed + 1000; s++) {
    const batch = dependentBatch(m, 20, widths, 10, s);
    if (batch.hidden.every((h) => edgeSafe(h, bins))) return batch;
  }
  throw new Error('no edge-safe batch found');
}
