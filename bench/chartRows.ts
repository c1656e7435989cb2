/**
 * node --import tsx bench/chartRows.ts [--runs N]
 *
 * What the optional bootstrap intervals cost the chart: toRows (the work a
 * live update or a redraw does before Vega) on a payload the size of the
 * reference run (7 epochs × 750 batches, 5 tracked layers, one HSIC),
 * without and with intervals: drawn first, redrawn, and updated live. Medians of N runs, in ms. Training pays
 * nothing for them: they come from the per-batch values the payload holds.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { toRows, type DynamicsPayload } from '../src/charts/index';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Math.max(1, Number(values.runs));
const payload = referenceSizedPayload(7, 750, ['conv2d_1', 'dense_1', 'dense_2', 'dense_3', 'dense_4']);

/** Noisy trajectories with the reference run's shape; the values do not matter, the sizes do. */
function referenceSizedPayload(epochs: number, batches: number, layers: string[]): DynamicsPayload {
  const epoch: number[] = [];
  const batch: number[] = [];
  const flat: number[] = [];
  let seed = 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
  for (let e = 1; e <= epochs; e++)
    for (let b = 1; b <= batches; b++) {
      epoch.push(e);
      batch.push(b);
      for (let l = 0; l < layers.length; l++) flat.push(0.5 + 0.01 * e + noise(), 0.3 + 0.02 * e + noise());
    }
  const mean = (e: number) => layers.map((_, l) => [0.5 + 0.01 * e, 0.3 + 0.02 * e + l * 0] as [number, number]);
  return {
    version: 1,
    runId: 'bench',
    status: 'done',
    backend: 'wasm',
    layers,
    evaluators: [{ name: 'HSIC', params: { kernel: 'gaussian', sigma: 5, normalization: 'biased' }, xLabel: 'HSIC(H, X)', yLabel: 'HSIC(H, Y)' }],
    epochs: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, loss: 1, accuracy: 0.5, mean: [mean(i + 1)] })),
    batches: { epoch, batch, values: flat },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

let updates = 0;
/** A live update during epoch 7, the first 6 epochs' intervals cached: each call's last epoch has one batch more. */
function liveUpdate(): DynamicsPayload {
  const b = payload.batches!;
  const cut = b.epoch.length - 200 + updates++;
  const cell = payload.layers.length * 2;
  return { ...payload, runId: payload.runId, batches: { epoch: b.epoch.slice(0, cut), batch: b.batch.slice(0, cut), values: b.values.slice(0, cut * cell) } };
}

function time(intervals: boolean, next: () => DynamicsPayload = () => payload): number {
  const samples: number[] = [];
  toRows(payload, { intervals }); // warm-up
  for (let i = 0; i < runs; i++) {
    const input = next();
    const t0 = performance.now();
    toRows(input, { intervals });
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const plain = time(false);
let run = 0;
// A new run id each time: nothing cached, every epoch resampled (a first draw, a reopened notebook).
const cold = time(true, () => ({ ...payload, runId: `bench-${run++}` }));
const withIntervals = time(true);
console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; ${payload.layers.length} layers × 7 epochs × 750 batches; median of ${runs}`);
const live = time(true, liveUpdate);
console.log(`toRows: ${plain.toFixed(1)} ms; with 95 % bootstrap intervals: first draw ${cold.toFixed(1)} ms, a redraw ${withIntervals.toFixed(1)} ms, a live update in the last epoch ${live.toFixed(1)} ms`);
