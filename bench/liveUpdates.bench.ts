// Bytes per live dynamics update at the reference notebook's size (7 epochs × 750 batches × 5
// layers, one evaluator), as the kernel sends it to the client (IPC) and the extension to the
// renderer. The updates are the real ones: a Dynamics store fed batch by batch, and the kernel's
// TrainingProgress turning its onDynamics events into output notifications, one every
// --every batches (10: 40 batches/s at the default 250 ms). "whole" is what every update
// carried before (the whole payload so far); "delta" is what is sent now.
//
// Usage: node --import tsx bench/liveUpdates.bench.ts [--every 10]
import type { OutputParams } from '../src/protocol/kernelProtocol';
import { TrainingProgress } from '../src/kernel/runtime/trainingProgress';
import { Dynamics } from '../src/lib/dynamics/dynamics';
import type { DynamicsDelta, DynamicsDeltaMessage } from '../src/contract/dynamicsPayload';

const everyArg = process.argv.indexOf('--every');
const EVERY = everyArg > 0 ? Number(process.argv[everyArg + 1]) : 10;
const EPOCHS = 7;
const BATCHES = 750;
const LAYERS = ['conv2d_1', 'dense_1', 'dense_2', 'dense_3', 'dense_4'];

const dynamics = new Dynamics({
  runId: 'bench',
  backend: 'wasm',
  layers: LAYERS,
  evaluators: [{ name: 'HSIC', params: { kernel: 'gaussian', sigma: 5, normalization: 'biased' }, xLabel: 'HSIC(H, X)', yLabel: 'HSIC(H, Y)', description: 'HSIC · gaussian kernel · σ = 5 · biased' }],
});
const sent: OutputParams[] = [];
const progress = new TrainingProgress({ newOutputId: () => 'chart', output: (outputId, items, mode) => sent.push({ cellId: 'c', outputId, items, mode }), progress: () => undefined });
const whole: number[] = [];
const payloadMs: number[] = [];
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  for (let batch = 1; batch <= BATCHES; batch++) {
    dynamics.addBatch(epoch, batch, Array.from({ length: LAYERS.length * 2 }, () => random()));
    const last = batch === BATCHES;
    if (last) dynamics.addEpoch({ epoch, loss: 2 / epoch, accuracy: 0.5 + epoch / 20 });
    if (batch % EVERY !== 0 && !last) continue;
    if (epoch === EPOCHS && last) dynamics.status = 'done';
    const t0 = performance.now();
    const payload = dynamics.toPayload();
    payloadMs.push(performance.now() - t0);
    whole.push(JSON.stringify({ kind: 'notification', method: 'output', params: { cellId: 'c', outputId: 'chart', mode: 'replace', items: [{ mime: 'application/vnd.ibnb.dynamics+json', data: payload }] } }).length);
    progress.onDynamics({ payload });
  }
}
progress.dispose();

const ipc = sent.slice(1).map((m) => JSON.stringify({ kind: 'notification', method: 'output', params: m }).length);
const toRenderer = sent.slice(1).map((m) => JSON.stringify({ type: 'dynamicsDelta', outputId: 'chart', delta: m.items[0].data as unknown as DynamicsDelta } satisfies DynamicsDeltaMessage).length);
// The product's path: after the first whole payload, every update is a merge.
if (sent.slice(1).some((m) => m.mode !== 'merge')) throw new Error('expected merge updates after the first');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const kb = (n: number) => +(n / 1024).toFixed(1);
console.log(
  JSON.stringify(
    {
      run: `${EPOCHS} epochs × ${BATCHES} batches × ${LAYERS.length} layers, 1 evaluator; an update every ${EVERY} batches (${whole.length} updates)`,
      before: { bytesPerUpdate: { meanKiB: kb(mean(whole)), lastKiB: kb(whole.at(-1)!) }, totalMiB: +(whole.reduce((a, b) => a + b, 0) / 2 ** 20).toFixed(1), what: 'the whole payload so far, kernel → client and again extension → renderer' },
      after: {
        kernelToClient: { meanBytes: Math.round(mean(ipc)), maxBytes: Math.max(...ipc) },
        extensionToRenderer: { meanBytes: Math.round(mean(toRenderer)), maxBytes: Math.max(...toRenderer) },
        totalMiB: +((sent[0] ? JSON.stringify(sent[0]).length : 0) / 2 ** 20 + ipc.reduce((a, b) => a + b, 0) / 2 ** 20).toFixed(2),
        what: 'the first payload whole, then only the batches since the last update, the epoch in progress and the status',
      },
      kernelPayloadMs: { mean: +mean(payloadMs).toFixed(2), last: +payloadMs.at(-1)!.toFixed(2) },
    },
    null,
    2,
  ),
);
