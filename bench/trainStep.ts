/**
 * Time of one training step of the reference model at batch 64, untracked
 * and tracked (one HSIC evaluator, gaussian, σ = 5), measured inside the real
 * training loop: the per-batch wall time between consecutive batch-end
 * events, after warm-up, median over the measured batches.
 */
import { HSIC, formatGpuAdapter, initBackend, mnist, type BackendName, type TrainingListener } from '../src/lib/index';
import { median, referenceModel } from './referenceModel';

export interface StepTiming {
  backend: BackendName;
  /** wasm: the threads its products ran on. */
  threads?: number;
  /** webgpu: the adapter, e.g. "NVIDIA H200 (vulkan)". */
  adapter?: string;
  /** The first step of the first run, which compiles every shader or kernel (webgpu) and packs every weight. */
  firstStepMs: number;
  untrackedMs: number;
  trackedMs: number;
  /** Tracked with HSIC's permutation baseline on (--baseline); undefined when not measured. */
  baselineMs?: number;
  batches: number;
}

export async function timeSteps(tracked: boolean | 'baseline', batches: number, warmup: number): Promise<{ medianMs: number; firstMs: number }> {
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 64 * (batches + warmup), validationSplit: 0, seed: 1, dropLast: true });
  const model = referenceModel();
  if (tracked) model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5, ...(tracked === 'baseline' && { baseline: 'permutation' as const }) }));
  const times: number[] = [];
  let last = 0;
  let firstMs = 0;
  const timer: TrainingListener = {
    onLoopBegin: () => (last = performance.now()),
    onBatchEnd: (e) => {
      const now = performance.now();
      if (e.batch === 1) firstMs = now - last;
      if (e.batch > warmup) times.push(now - last);
      last = now;
    },
  };
  await model.fitGenerator(train, null, 1, { listeners: [timer] });
  model.dispose();
  return { medianMs: median(times), firstMs };
}

/** Untracked and tracked (and, with `baseline`, tracked with the permutation baseline), alternated twice so drift on a shared machine hits all alike. */
export async function benchTrainStep(backend: BackendName, batches: number, warmup = 2, baseline = false): Promise<StepTiming> {
  const choice = await initBackend({ backend });
  const untracked: number[] = [];
  const trackedTimes: number[] = [];
  const baselineTimes: number[] = [];
  let firstStepMs = NaN;
  for (let round = 0; round < 2; round++) {
    const plain = await timeSteps(false, batches, warmup);
    if (round === 0) firstStepMs = plain.firstMs;
    untracked.push(plain.medianMs);
    trackedTimes.push((await timeSteps(true, batches, warmup)).medianMs);
    if (baseline) baselineTimes.push((await timeSteps('baseline', batches, warmup)).medianMs);
  }
  if (process.env.IBNB_BENCH_VERBOSE) console.log(backend, { untracked, tracked: trackedTimes, ...(baseline && { baseline: baselineTimes }) });
  return {
    backend,
    threads: choice.threads?.count,
    ...(choice.adapter && { adapter: formatGpuAdapter(choice.adapter) }),
    firstStepMs,
    untrackedMs: median(untracked),
    trackedMs: median(trackedTimes),
    ...(baseline && { baselineMs: median(baselineTimes) }),
    batches,
  };
}
