/**
 * npm run bench [-- --peer] [--batches N] [--backends webgpu,wasm,cpu] [--baseline] [--steps-only]
 *
 * Table 1: a training step of the reference model (batch 64), untracked and
 * tracked with one HSIC evaluator, per available backend (and PyTorch with --peer).
 * --baseline adds a third timing per backend: tracked with HSIC's permutation
 * baseline on, and its cost relative to the tracked step. --steps-only skips Table 2.
 * Table 2: HSIC alone on a 64 × d batch, d ∈ {10, 784, 12544}, per backend.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, initBackend, type BackendName } from '../src/lib/index';
import { benchTrainStep, type StepTiming } from './trainStep';
import { benchEstimator } from './estimator';

const { values } = parseArgs({
  options: {
    peer: { type: 'boolean', default: false },
    batches: { type: 'string', default: '10' },
    backends: { type: 'string' },
    baseline: { type: 'boolean', default: false },
    'steps-only': { type: 'boolean', default: false },
  },
});

async function availableBackends(): Promise<BackendName[]> {
  const wanted = values.backends ? (values.backends.split(',') as BackendName[]) : [...BACKEND_NAMES];
  const available: BackendName[] = [];
  for (const name of wanted) {
    try {
      await initBackend({ backend: name });
      available.push(name);
    } catch (error) {
      console.log(`skipping ${name}: ${(error as Error).message.split(':').slice(0, 2).join(':')}`);
    }
  }
  return available;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

interface PeerTiming {
  torch: string;
  threads: number;
  /** OpenBLAS's own thread count (null when another BLAS runs). */
  blasThreads: number | null;
  blas: string;
  untrackedMs: number;
  trackedMs: number;
}

/** bench/peer_torch.py: with PyTorch's default threads, or pinned to one thread (OpenMP and OpenBLAS too), as wasm runs. */
function peer(batches: number, singleThread: boolean): PeerTiming | undefined {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log(`--peer: PyTorch is not available to ${python}. Install it with: apt-get install python3-torch`);
    return undefined;
  }
  const env = singleThread ? { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } : process.env;
  const result = spawnSync(python, ['bench/peer_torch.py', String(batches), ...(singleThread ? ['1'] : [])], { encoding: 'utf8', env });
  if (result.status !== 0) {
    console.log(`--peer: bench/peer_torch.py failed:\n${result.stderr}`);
    return undefined;
  }
  const timing = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as PeerTiming;
  if (timing.blas !== 'openblas') {
    console.log('--peer: PyTorch runs on the reference BLAS here (~10x slower products); install libopenblas0-pthread for a fair peer.');
  }
  return timing;
}

async function main(): Promise<void> {
  const batches = Number(values.batches);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const backends = await availableBackends();
  const steps: StepTiming[] = [];
  for (const backend of backends) {
    // The pure-JS cpu backend and a software GPU adapter (SwiftShader: ~16 s a step) take seconds per step:
    // fewer batches keep the run short.
    const slow = backend === 'cpu' || (backend === 'webgpu' && (await initBackend({ backend })).adapter?.software);
    steps.push(await benchTrainStep(backend, slow ? Math.min(3, batches) : batches, slow ? 1 : 2, values.baseline));
  }
  // PyTorch's steps are short: 3× the batches give its medians as many milliseconds of samples.
  const torch = values.peer ? peer(3 * batches, false) : undefined;
  const torch1 = values.peer ? peer(3 * batches, true) : undefined;
  const ratio = (ours: number, theirs: number | undefined) => (theirs ? (ours / theirs).toFixed(2) : '');
  // One row per timing: ours per backend, then the peer's; the same columns for all.
  const row = (label: string, t: { untrackedMs: number; trackedMs: number; firstStepMs?: number }): string[] => [
    label,
    t.firstStepMs === undefined ? '' : t.firstStepMs.toFixed(0),
    t.untrackedMs.toFixed(1),
    t.trackedMs.toFixed(1),
    (t.trackedMs / t.untrackedMs).toFixed(3),
    (1000 / t.untrackedMs).toFixed(2),
    ratio(t.untrackedMs, torch?.untrackedMs),
    ratio(t.trackedMs, torch?.trackedMs),
    ratio(t.untrackedMs, torch1?.untrackedMs),
    ratio(t.trackedMs, torch1?.trackedMs),
  ];
  const label = (s: StepTiming) => (s.adapter ? `${s.backend} (${s.adapter})` : s.threads ? `${s.backend} (${s.threads} thread${s.threads === 1 ? '' : 's'})` : s.backend);
  const rows: (string | number)[][] = steps.map((s) => row(label(s), s));
  for (const [peerTiming, label] of [
    [torch, 'default threads'],
    [torch1, '1 thread'],
  ] as const) {
    if (peerTiming) {
      const threads = `torch ${peerTiming.threads}${peerTiming.blasThreads ? `, ${peerTiming.blas} ${peerTiming.blasThreads}` : ''}`;
      rows.push(row(`pytorch ${peerTiming.torch}, ${peerTiming.blas} (${label}: ${threads})`, peerTiming));
    }
  }
  console.log(`\nTraining step of the reference model, batch 64 (median ms per step, ${batches} batches after warm-up, 2 alternated rounds; cpu and a software GPU adapter: at most 3 batches)`);
  console.log(
    table(
      ['backend', 'first step ms', 'untracked ms', 'tracked ms (HSIC)', 'tracked/untracked', 'steps/s', 'ours/pytorch untracked', 'ours/pytorch tracked', 'ours/pytorch-1-thread untracked', 'ours/pytorch-1-thread tracked'],
      rows,
    ),
  );
  if (values.baseline) {
    console.log("\nHSIC's permutation baseline (baseline: 'permutation'): tracked step with it vs without it (median ms per step)");
    console.log(
      table(
        ['backend', 'tracked ms', 'tracked + baseline ms', 'baseline cost (÷ tracked − 1)'],
        steps.map((s) => [label(s), s.trackedMs.toFixed(1), s.baselineMs!.toFixed(1), `${(100 * (s.baselineMs! / s.trackedMs - 1)).toFixed(1)} %`]),
      ),
    );
  }
  if (values['steps-only']) return;

  const widths = [10, 784, 12544];
  const estimatorRows: (string | number)[][] = [];
  for (const backend of backends) {
    const results = await benchEstimator(backend, widths, backend === 'cpu' || steps.find((s) => s.backend === backend)?.adapter?.includes('software') ? 3 : 10);
    estimatorRows.push([backend, ...results.map((r) => r.ms.toFixed(2))]);
  }
  console.log('\nHSIC of a 64 × d batch (gaussian, σ = 5, biased; median ms per call, read back)');
  console.log(table(['backend', ...widths.map((d) => `d = ${d}`)], estimatorRows));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
