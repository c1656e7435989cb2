/**
 * The scrubber's frames: the steps at which the chart can stop while a run
 * replays. By epoch, one frame per epoch mean; by batch, one per (binned)
 * batch point as well, in the order they happened. A frame's step is a
 * value of PointRow.step, which the `upTo` filter compares with.
 */
import type { PointRow } from './fields';

export type ScrubMode = 'epoch' | 'batch';

export interface Frame {
  /** A PointRow.step: the chart shows the rows with step ≤ this. */
  step: number;
  epoch: number;
  /** For the scrubber's readout and for screen readers: 'epoch 3 · batches 16–30', 'epoch 3 · mean'. */
  label: string;
}

export function scrubFrames(points: readonly PointRow[], mode: ScrubMode): Frame[] {
  const byStep = new Map<number, Frame>();
  for (const row of points) {
    // A baseline sits at its epoch's step, which the epoch's mean already stops at.
    if (row.kind === 'baseline' || (row.kind === 'batch' && mode === 'epoch')) continue;
    if (byStep.has(row.step) && row.kind === 'batch') continue;
    // A bin of batches reads 'batches 16–30'; a mean, 'mean of 750' (its batch field) → 'mean'.
    const what = row.kind === 'mean' ? 'mean' : row.batch.includes('–') ? `batches ${row.batch}` : `batch ${row.batch}`;
    byStep.set(row.step, { step: row.step, epoch: row.epoch, label: `epoch ${row.epoch} · ${what}` });
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** The index of the last frame at or before `step` (0 when every frame is later). */
export function frameAt(frames: readonly Frame[], step: number): number {
  let found = 0;
  for (let i = 0; i < frames.length; i++) if (frames[i].step <= step + 1e-9) found = i;
  return found;
}
