/**
 * node --import tsx bench/epochAnalyses.ts [--backend wasm] [--runs N]
 *
 * What the per-epoch CKA maps cost on the reference model: a forward pass of
 * a 64-sample probe in evaluation mode plus linear CKA between its 5
 * tracked layers (conv output 12,544 wide), read back — the work the
 * tracker adds once per epoch. Medians of N runs, and that cost spread over
 * an epoch of the reference run (750 steps of 64 on 48,000 samples).
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend, mnist, tf, type BackendName } from '../src/lib/index';
import { linearCka } from '../src/lib/dynamics/cka';
import { median, referenceModel } from './referenceModel';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, runs: { type: 'string', default: '15' } } });
const STEPS_PER_EPOCH = 750;

async function main(): Promise<void> {
  await initBackend({ backend: values.backend as BackendName });
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 64, validationSplit: 0, seed: 1, dropLast: true });
  const batch = await train[Symbol.asyncIterator]().next();
  const model = referenceModel();
  const raw = batch.value as { x: tf.Tensor; y: tf.Tensor };
  // The model's own input layout (channels last inside), as the tracker's probe gets it.
  const { x } = model.prepareBatch(raw.x, raw.y);
  const layers = model.trackedLayerIndices();
  const once = async () => {
    const t0 = performance.now();
    const hidden = tf.tidy(() => model.forward(x, false).outputs.filter((_, i) => layers.includes(i)).map((t) => tf.keep(t)));
    await linearCka(hidden);
    hidden.forEach((t) => t.dispose());
    return performance.now() - t0;
  };
  await once(); // warm-up: kernels and packing
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, Number(values.runs)); i++) samples.push(await once());
  const ms = median(samples);
  console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; backend ${tf.getBackend()}; ${layers.length} tracked layers, probe of 64`);
  console.log(`CKA maps per epoch: ${ms.toFixed(1)} ms (median of ${samples.length}); per step of a ${STEPS_PER_EPOCH}-step epoch: ${(ms / STEPS_PER_EPOCH).toFixed(3)} ms`);
}

void main();
