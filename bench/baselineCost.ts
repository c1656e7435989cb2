/**
 * node --import tsx bench/baselineCost.ts [--backend wasm] [--pairs N]
 *
 * What HSIC's permutation baseline adds to a tracked step of the reference
 * model, measured on the work itself: the tracker's per-batch evaluation of
 * one HSIC evaluator (σ = 5) on a real batch's 5 tracked layers, read back,
 * with and without `baseline: 'permutation'`, alternated pair by pair so
 * drift on a shared machine hits both alike. Whole-step timings
 * (`npm run bench -- --baseline`) carry the step's own ±5–10 % noise, which
 * is larger than the effect; pairs of the evaluation alone do not. The added
 * time is then set against a tracked step timed in the same process.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { HSIC, initBackend, mnist, tf, type BackendName } from '../src/lib/index';
import { evaluateSegmentWithBaselines, segmentOf } from '../src/lib/dynamics/tracker';
import { median, referenceModel } from './referenceModel';
import { timeSteps } from './trainStep';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, pairs: { type: 'string', default: '60' } } });

async function main(): Promise<void> {
  const choice = await initBackend({ backend: values.backend as BackendName });
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 64, validationSplit: 0, seed: 1, dropLast: true });
  const batch = (await train[Symbol.asyncIterator]().next()).value as { x: tf.Tensor; y: tf.Tensor };
  const model = referenceModel();
  const prepared = model.prepareBatch(batch.x, batch.y);
  const layers = model.trackedLayerIndices();
  const pass = tf.tidy(() => {
    const p = model.forward(prepared.x, true);
    return { ...p, outputs: p.outputs.map((t) => tf.keep(t)) };
  });
  const inputSize = 28 * 28;
  const plain = [new HSIC({ kernel: 'gaussian', sigma: 5 })];
  const withBaseline = [new HSIC({ kernel: 'gaussian', sigma: 5, baseline: 'permutation' })];
  // As the tracker does: coordinates (and baselines) built in one tidy, read back in one transfer.
  const once = async (evaluators: HSIC[]) => {
    const t0 = performance.now();
    const flat = tf.tidy(() => {
      const { coordinates, baselines } = evaluateSegmentWithBaselines(evaluators, segmentOf({ x: prepared.x, y: prepared.y as tf.Tensor2D, pass }, layers, 'labels', inputSize));
      return tf.concat([tf.reshape(coordinates, [-1]), ...(baselines ? [tf.reshape(baselines, [-1])] : [])]);
    });
    await flat.data();
    flat.dispose();
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) {
    // Warm-up: kernels, packing.
    await once(plain);
    await once(withBaseline);
  }
  const without: number[] = [];
  const added: number[] = [];
  const pairs = Math.max(1, Number(values.pairs));
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always gets the warmer cache.
    let a: number;
    let b: number;
    if (i % 2) {
      a = await once(withBaseline);
      b = await once(plain);
    } else {
      b = await once(plain);
      a = await once(withBaseline);
    }
    without.push(b);
    added.push(a - b);
  }
  pass.outputs.forEach((t) => t.dispose());
  const step = await timeSteps(true, 20, 2);
  const addedMs = median(added);
  console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; backend ${tf.getBackend()}${choice.threads ? ` (${choice.threads.count} threads)` : ''}; reference model, batch 64, 5 tracked layers, HSIC σ = 5`);
  console.log(`HSIC evaluation per step: ${median(without).toFixed(2)} ms without the baseline; the baseline adds ${addedMs.toFixed(2)} ms (median of ${pairs} paired differences)`);
  console.log(`tracked step: ${step.medianMs.toFixed(1)} ms (median of 20); baseline cost: ${((100 * addedMs) / step.medianMs).toFixed(1)} % of a tracked step`);
}

void main();
