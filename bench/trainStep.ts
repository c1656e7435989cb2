/**
 * Time of one training step of the reference model at batch 64, untracked
 * and tracked (one HSIC evaluator, gaussian, σ = 5), measured inside the real
 * training loop: the per-batch wall time between consecutive batch-end
 * events, after warm-up, median over the measured batches.
 */
import { HSIC, initBackend, mnist, type BackendName, type TrainingListener } from '../src/lib/index';
import { median, referenceModel } from './referenceModel';

export interface StepTiming {
  backend: BackendName;
  /** wasm: the threads its products ran on. */
  threads?: number;
  untrackedMs: number;
  trackedMs: number;
  batches: number;
}

async function timeSteps(tracked: boolean, batches: number, warmup: number): Promise<number> {
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 64 * (batches + warmup), validationSplit: 0, seed: 1, dropLast: true });
  const model = referenceModel();
  if (tracked) model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));
  const times: number[] = [];
  let last = 0;
  const timer: TrainingListener = {
    onLoopBegin: () => (last = performance.now()),
    onBatchEnd: (e) => {
      const now = performance.now();
      if (e.batch > warmup) times.push(now - last);
      last = now;
    },
  };
  await model.fitGenerator(train, null, 1, { listeners: [timer] });
  model.dispose();
  return median(times);
}

/** Untracked and tracked, alternated twice so drift on a shared machine hits both alike. */
export async function benchTrainStep(backend: BackendName, batches: number, warmup = 2): Promise<StepTiming> {
  const choice = await initBackend({ backend });
  const untracked: number[] = [];
  const trackedTimes: number[] = [];
  for (let round = 0; round < 2; round++) {
    untracked.push(await timeSteps(false, batches, warmup));
    trackedTimes.push(await timeSteps(true, batches, warmup));
  }
  if (process.env.IBNB_BENCH_VERBOSE) console.log(backend, { untracked, tracked: trackedTimes });
  return { backend, threads: choice.threads?.count, untrackedMs: median(untracked), trackedMs: median(trackedTimes), batches };
}
