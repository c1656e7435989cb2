/**
 * node --import tsx bench/profile.ts [--backend wasm] [--batches N] [--tracked] [--top N]
 *
 * Where one training step of the reference model spends its time: every
 * kernel of the backend is wrapped with a timer (wasm kernels run
 * synchronously, so a kernel's wall time is its compute time). Times are
 * exclusive: a composite kernel (e.g. our BatchMatMul rewrite) does not count
 * the kernels it calls. What the kernels do not account for is JS overhead
 * (tape, tidy, layers) and the read-back. Prints ms per step, by kernel and
 * input shapes.
 */
import { parseArgs } from 'node:util';
import { HSIC, initBackend, mnist, tf, type BackendName, type TrainingListener } from '../src/lib/index';
import { referenceModel } from './referenceModel';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    batches: { type: 'string', default: '6' },
    tracked: { type: 'boolean', default: false },
    top: { type: 'string', default: '30' },
  },
});

interface Entry {
  ms: number;
  calls: number;
}

const stats = new Map<string, Entry>();
let recording = false;
const stack: number[] = [];

function wrapKernels(backend: string): void {
  for (const config of tf.getKernelsForBackend(backend)) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        if (!recording) return inner(args);
        const start = performance.now();
        stack.push(0);
        const out = inner(args);
        const total = performance.now() - start;
        const nested = stack.pop()!;
        if (stack.length) stack[stack.length - 1] += total;
        const shapes = Object.values(args.inputs)
          .map((t) => (t ? `[${(t as tf.TensorInfo).shape.join(',')}]` : '-'))
          .join(' ');
        const attrs = args.attrs ?? {};
        const flags = 'transposeA' in attrs ? ` tA=${attrs.transposeA ? 1 : 0} tB=${attrs.transposeB ? 1 : 0}` : '';
        const key = `${config.kernelName} ${shapes}${flags}`;
        const e = stats.get(key) ?? { ms: 0, calls: 0 };
        e.ms += total - nested;
        e.calls += 1;
        stats.set(key, e);
        return out;
      },
    });
  }
}

async function main(): Promise<void> {
  const backend = values.backend as BackendName;
  await initBackend({ backend });
  wrapKernels(backend);
  const batches = Number(values.batches);
  const warmup = 2;
  const [train] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 64 * (batches + warmup), validationSplit: 0, seed: 1, dropLast: true });
  const model = referenceModel();
  if (values.tracked) model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));
  let last = 0;
  let stepMs = 0;
  let measured = 0;
  const timer: TrainingListener = {
    onLoopBegin: () => (last = performance.now()),
    onBatchEnd: (e) => {
      const now = performance.now();
      if (recording) {
        stepMs += now - last;
        measured++;
      }
      recording = e.batch >= warmup;
      last = performance.now();
    },
  };
  await model.fitGenerator(train, null, 1, { listeners: [timer] });
  model.dispose();
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const kernelMs = rows.reduce((s, [, e]) => s + e.ms, 0) / measured;
  console.log(`${backend}${values.tracked ? ', tracked (HSIC)' : ''}: ${(stepMs / measured).toFixed(1)} ms per step over ${measured} steps; kernels ${kernelMs.toFixed(1)} ms, the rest (JS, read-back) ${(stepMs / measured - kernelMs).toFixed(1)} ms`);
  const byName = new Map<string, number>();
  for (const [key, e] of rows) byName.set(key.split(' ')[0], (byName.get(key.split(' ')[0]) ?? 0) + e.ms / measured);
  console.log('\nby kernel (ms per step):');
  for (const [name, ms] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms.toFixed(2).padStart(8)}  ${name}`);
  console.log('\nby kernel and input shapes (ms per step, calls per step):');
  for (const [key, e] of rows.slice(0, Number(values.top))) {
    console.log(`  ${(e.ms / measured).toFixed(2).padStart(8)}  ${(e.calls / measured).toFixed(0).padStart(3)}×  ${key}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
