/**
 * npm run bench [-- --peer] [--batches N] [--backends wasm,cpu]
 *
 * Table 1: a training step of the reference model (batch 64), untracked and
 * tracked with one HSIC evaluator, per available backend (and PyTorch with --peer).
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

function peer(batches: number): { torch: string; threads: number; untrackedMs: number; trackedMs: number } | undefined {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log(`--peer: PyTorch is not available to ${python}. Install it with: apt-get install python3-torch`);
    return undefined;
  }
  const result = spawnSync(python, ['bench/peer_torch.py', String(batches)], { encoding: 'utf8' });
  if (result.status !== 0) {
    console.log(`--peer: bench/peer_torch.py failed:\n${result.stderr}`);
    return undefined;
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

async function main(): Promise<void> {
  const batches = Number(values.batches);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const backends = await availableBackends();
  const steps: StepTiming[] = [];
  for (const backend of backends) {
    // The pure-JS cpu backend takes seconds per step: fewer batches keep the run short.
    steps.push(await benchTrainStep(backend, backend === 'cpu' ? Math.min(3, batches) : batches));
  }
  const torch = values.peer ? peer(batches) : undefined;
  const rows: (string | number)[][] = steps.map((s) => [
    s.backend,
    s.untrackedMs.toFixed(1),
    s.trackedMs.toFixed(1),
    (s.trackedMs / s.untrackedMs).toFixed(3),
    (1000 / s.untrackedMs).toFixed(2),
    torch ? (s.untrackedMs / torch.untrackedMs).toFixed(2) : '',
    torch ? (s.trackedMs / torch.trackedMs).toFixed(2) : '',
  ]);
  if (torch) {
    rows.push([`pytorch ${torch.torch} (${torch.threads} threads)`, torch.untrackedMs.toFixed(1), torch.trackedMs.toFixed(1), (torch.trackedMs / torch.untrackedMs).toFixed(3), (1000 / torch.untrackedMs).toFixed(2), '1.00', '1.00']);
  }
  console.log('\nTraining step of the reference model, batch 64 (median ms per step)');
  console.log(table(['backend', 'untracked ms', 'tracked ms (HSIC)', 'tracked/untracked', 'steps/s', 'ours/pytorch untracked', 'ours/pytorch tracked'], rows));

  const widths = [10, 784, 12544];
  const estimatorRows: (string | number)[][] = [];
  for (const backend of backends) {
    const results = await benchEstimator(backend, widths, backend === 'cpu' ? 3 : 10);
    estimatorRows.push([backend, ...results.map((r) => r.ms.toFixed(2))]);
  }
  console.log('\nHSIC of a 64 × d batch (gaussian, σ = 5, biased; median ms per call, read back)');
  console.log(table(['backend', ...widths.map((d) => `d = ${d}`)], estimatorRows));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
