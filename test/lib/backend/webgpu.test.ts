/**
 * The webgpu backend (tfjs-backend-webgpu on Dawn) trains what wasm trains, and gets the same
 * numbers as the stock cpu kernels. It runs on SwiftShader here (test/support/swiftShader.ts):
 * real WGSL shaders through Dawn and Vulkan, the GPU emulated on the CPU, so the models are small.
 *
 * Tolerance of a training step, webgpu against cpu from the same initial weights: float32
 * throughout, but the two sum in different orders (tiled matrix products and reductions in the
 * shaders, plain loops on cpu), so each dot product of length n may differ by ~n·2⁻²⁴ relative
 * to the sum of its absolute terms; the widest here is n = 72 (conv 8·3·3) and 48 (dense), and
 * batch-norm divides by a batch standard deviation, which can amplify that ~10×. 1e-4 of the
 * largest weight (absolute, per element) is ~50× above that, and the step itself moves weights
 * by ~1e-3 of it, which the test checks too, so a missing or wrong update cannot pass.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  AvgPool2d, BackendError, BatchNorm1d, BatchNorm2d, Conv2d, Dense, Dropout, Flatten, IBSequential, MaxPool2d, Sequential, HSIC, tf,
  initBackend, describeBackend, loadDynamics, TrainingCancelledError, type OptimizerName, type TrainingListener,
} from '../../../src/lib/index';
import { destroyWebGpuDevice } from '../../../src/lib/backend/webgpu';
import { SWIFTSHADER_ENV, useSwiftShader } from '../../support/swiftShader';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const skip = useSwiftShader();
const quiet: TrainingListener = {};

/** Deterministic values in [−1, 1), the same on every backend. */
function values(n: number, seed: number): Float32Array {
  let s = seed + 1;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

/** Every layer kind, every activation but log_softmax (its own loss below). */
function everyLayerModel(): Sequential {
  const model = new Sequential({ inputShape: [2, 8, 8] });
  model
    .add(new Conv2d({ filters: 4, kernelSize: 3, padding: 1, activation: 'relu' }))
    .add(new BatchNorm2d())
    .add(new MaxPool2d({ kernelSize: 2 }))
    .add(new Conv2d({ filters: 3, kernelSize: 3, padding: 1, activation: 'tanh' }))
    .add(new AvgPool2d({ kernelSize: 2 }))
    .add(new Flatten())
    .add(new Dense(10, { activation: 'sigmoid' }))
    .add(new BatchNorm1d())
    .add(new Dense(6, { activation: 'softplus' }))
    .add(new Dense(3, { activation: 'softmax' }));
  return model;
}

const X = () => tf.tensor4d(values(16 * 2 * 8 * 8, 3), [16, 2, 8, 8]);
const LABELS = Array.from({ length: 16 }, (_, i) => (i * 7) % 3);

/** One training step from `initial` weights: the loss and the weights after it. */
async function oneStep(build: () => Sequential, compile: Parameters<Sequential['compile']>[0], initial: Float32Array[]): Promise<{ loss: number; weights: Float32Array[] }> {
  const model = build();
  model.compile(compile);
  model.trainableVariables().forEach((v, i) => v.assign(tf.tensor(initial[i], v.shape)));
  const x = X();
  const history = await model.fit(x, LABELS, { batchSize: 16, epochs: 1, shuffle: false, listeners: [quiet] });
  const weights = await Promise.all(model.trainableVariables().map(async (v) => (await v.data()) as Float32Array));
  x.dispose();
  model.dispose();
  return { loss: history.loss[0], weights };
}

describe('webgpu on SwiftShader', { skip }, () => {
  before(async () => {
    const choice = await initBackend({ backend: 'webgpu' });
    assert.equal(choice.name, 'webgpu');
    assert.match(describeBackend(choice), /^webgpu, SwiftShader.* \(vulkan, software\) \(forced by option\)$/);
    assert.equal(choice.isGpu, false, 'a software adapter is not a GPU');
  });
  after(() => initBackend({ backend: 'cpu' }));

  const cases: { optimizer: OptimizerName; loss: 'cross_entropy' | 'mse'; learningRate: number }[] = [
    { optimizer: 'SGD', loss: 'cross_entropy', learningRate: 0.05 },
    { optimizer: 'adam', loss: 'cross_entropy', learningRate: 0.01 },
    { optimizer: 'rmsprop', loss: 'mse', learningRate: 0.01 },
  ];
  for (const { optimizer, loss, learningRate } of cases) {
    it(`a training step with every layer (${optimizer}, ${loss}) gives cpu's loss and weights`, async () => {
      await initBackend({ backend: 'cpu' });
      const initial = await Promise.all(everyLayerModel().trainableVariables().map(async (v) => (await v.data()) as Float32Array));
      const onCpu = await oneStep(everyLayerModel, { optimizer, loss, learningRate }, initial);
      await initBackend({ backend: 'webgpu' });
      assert.equal(tf.getBackend(), 'webgpu');
      const onGpu = await oneStep(everyLayerModel, { optimizer, loss, learningRate }, initial);
      assert.ok(Math.abs(onGpu.loss - onCpu.loss) <= 1e-4 * Math.abs(onCpu.loss), `loss ${onGpu.loss} vs ${onCpu.loss}`);
      let moved = 0;
      onCpu.weights.forEach((cpu, i) => {
        const scale = Math.max(...cpu.map(Math.abs), ...initial[i].map(Math.abs));
        for (let k = 0; k < cpu.length; k++) {
          moved = Math.max(moved, Math.abs(cpu[k] - initial[i][k]) / scale);
          assert.ok(Math.abs(onGpu.weights[i][k] - cpu[k]) <= 1e-4 * scale, `weight ${i}[${k}]: ${onGpu.weights[i][k]} vs ${cpu[k]} (scale ${scale})`);
        }
      });
      assert.ok(moved > 1e-3, `the step moved the weights (by ${moved} of their scale)`);
    });
  }

  it('log_softmax with nll, and Dropout, train (the loss falls)', async () => {
    await initBackend({ backend: 'webgpu' });
    const model = new Sequential({ inputShape: [2, 8, 8] });
    model.add(new Flatten()).add(new Dense(16, { activation: 'relu' })).add(new Dropout(0.3)).add(new Dense(3, { activation: 'log_softmax' }));
    model.compile({ optimizer: 'adam', loss: 'nll', learningRate: 0.02 });
    const x = X();
    const history = await model.fit(x, LABELS, { batchSize: 8, epochs: 8, shuffle: false, listeners: [quiet] });
    assert.ok(history.loss.at(-1)! < history.loss[0] * 0.7, `loss ${history.loss[0]} → ${history.loss.at(-1)}`);
    x.dispose();
    model.dispose();
  });

  it('tracked training: dynamics read back once per batch, tfjs memory flat over steps, saveDynamics, probe', async () => {
    await initBackend({ backend: 'webgpu' });
    const folder = mkdtempSync(join(tmpdir(), 'ibnb-webgpu-'));
    const file = join(folder, 'run.jsonl');
    const x = X();
    const probe = { x: tf.tensor4d(values(8 * 2 * 8 * 8, 9), [8, 2, 8, 8]), y: tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3) };
    try {
      const model = new IBSequential({ inputShape: [2, 8, 8], trackDynamics: { probe }, saveDynamics: file });
      model.add(new Conv2d({ filters: 3, kernelSize: 3, padding: 1, activation: 'relu' })).add(new Flatten()).add(new Dense(8, { activation: 'relu' })).add(new Dense(3, { activation: 'softmax' }));
      model.compile({ optimizer: 'SGD', learningRate: 0.05 });
      model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 'median' }));
      const counts: { tensors: number; bytes: number }[] = [];
      const memory: TrainingListener = { onBatchEnd: () => void counts.push({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes }) };
      await model.fit(x, LABELS, { batchSize: 4, epochs: 3, shuffle: false, listeners: [memory] });
      assert.equal(counts.length, 12);
      // After the first step (optimizer state created), every step ends with the same tensors and bytes.
      for (const c of counts.slice(2)) assert.deepEqual(c, counts[1], `memory after each step: ${JSON.stringify(counts)}`);
      const dynamics = model.evaluatedDynamics!;
      assert.deepEqual(dynamics.shape, [3, 4, 1, 3, 2]);
      assert.ok(dynamics.toTable().every((row) => Number.isFinite(row.x) && Number.isFinite(row.y) && row.x > 0));
      assert.deepEqual(loadDynamics(file).toTable(), dynamics.toTable(), 'every batch is in the run file');
      assert.equal(dynamics.probe().length, 3, 'one probe evaluation per epoch');
      model.dispose();
    } finally {
      tf.dispose([x, probe.x, probe.y]);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('an AbortSignal stops training between batches and the model keeps working', async () => {
    await initBackend({ backend: 'webgpu' });
    const model = everyLayerModel();
    model.compile({ optimizer: 'adam' });
    const x = X();
    const controller = new AbortController();
    const stopAfterTwo: TrainingListener = { onBatchEnd: (e) => void (e.batch === 2 && controller.abort()) };
    await assert.rejects(model.fit(x, LABELS, { batchSize: 4, epochs: 2, signal: controller.signal, listeners: [stopAfterTwo] }), TrainingCancelledError);
    const output = model.predict(x);
    assert.ok(Array.from((await output.data()) as Float32Array).every(Number.isFinite));
    tf.dispose([x, output]);
    model.dispose();
  });

  it('a synchronous read of a GPU tensor says to use await t.data(); after that it works', async () => {
    await initBackend({ backend: 'webgpu' });
    // Large enough that tfjs computes it on the GPU (small ops on CPU-resident inputs stay on the CPU).
    const ones = tf.ones([64, 64]);
    const t = tf.matMul(ones, ones);
    assert.throws(() => t.dataSync(), (e: Error) => e instanceof BackendError && /await t\.data\(\)/.test(e.message));
    assert.ok(Array.from(await t.data()).every((v) => v === 64));
    assert.equal(t.dataSync()[0], 64);
    tf.dispose([ones, t]);
  });

  it('a GPU error (a buffer over the device limit, as a model too large would ask for) fails the batch before the update, with the fix', async () => {
    await initBackend({ backend: 'webgpu' });
    const model = new Sequential({ inputShape: [2, 8, 8] });
    model.add(new Flatten()).add(new Dense(3, { activation: 'softmax' }));
    model.compile({ optimizer: 'SGD' });
    const x = X();
    const before = await Promise.all(model.trainableVariables().map(async (v) => Array.from(await v.data())));
    // What tfjs does when a tensor does not fit: WebGPU reports it only as an "uncaptured error".
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    const tooLarge: TrainingListener = { onLoopBegin: () => void device.createBuffer({ size: 2 ** 42, usage: GPUBufferUsage.STORAGE }) };
    await assert.rejects(model.fit(x, LABELS, { batchSize: 16, epochs: 1, listeners: [tooLarge] }), (e: Error) => {
      assert.ok(e instanceof BackendError, `${e.name}: ${e.message}`);
      assert.match(e.message, /GPU \(SwiftShader.*\) reported an error, so this batch's numbers cannot be trusted and the weights were not updated with it: .*max buffer size.*does not fit in GPU memory: use a smaller batchSize/);
      return true;
    });
    const after = await Promise.all(model.trainableVariables().map(async (v) => Array.from(await v.data())));
    assert.deepEqual(after, before, 'the weights are those before the failed batch');
    const history = await model.fit(x, LABELS, { batchSize: 16, epochs: 1, listeners: [quiet] });
    assert.ok(Number.isFinite(history.loss[0]), 'the next fit trains');
    x.dispose();
    model.dispose();
  });

  it('a lost GPU device fails the batch with the reason, and the next fit runs on a fresh device', async () => {
    await initBackend({ backend: 'webgpu' });
    const build = () => {
      const model = new Sequential({ inputShape: [2, 8, 8], backend: 'webgpu' });
      model.add(new Flatten()).add(new Dense(4, { activation: 'relu' })).add(new Dense(3, { activation: 'softmax' }));
      model.compile({ optimizer: 'adam' });
      return model;
    };
    const model = build();
    const x = X();
    const loseOnSecond: TrainingListener = { onBatchEnd: (e) => void (e.batch === 1 && destroyWebGpuDevice()) };
    await assert.rejects(model.fit(x, LABELS, { batchSize: 4, epochs: 1, listeners: [loseOnSecond] }), (e: Error) => {
      assert.ok(e instanceof BackendError, `${e.name}: ${e.message}`);
      assert.match(e.message, /GPU device \(SwiftShader.*\) was lost: .*destroyed.*Run the cells that build and train the model again/);
      return true;
    });
    const fresh = build();
    const x2 = X();
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    const history = await fresh.fit(x2, LABELS, { batchSize: 4, epochs: 1, listeners: [quiet] }).finally(() => (console.warn = warn));
    assert.ok(warnings.some((w) => /the GPU device was lost; from now on, tensors live on webgpu, SwiftShader/.test(w)), warnings.join('\n'));
    assert.ok(Number.isFinite(history.loss[0]));
    assert.equal(tf.getBackend(), 'webgpu');
    fresh.dispose();
    x2.dispose();
  });
});

/** A fresh process: the automatic choice is made once per process. */
function choose(env: Record<string, string>, backend = 'auto'): { status: number | null; stdout: string; stderr: string } {
  const snippet = `require('./src/lib/index').initBackend({ backend: '${backend}' }).then(c => console.log(require('./src/lib/index').describeBackend(c)), e => { console.log(e.name + ': ' + e.message); process.exitCode = 3; })`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', snippet], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('choosing webgpu', { skip }, () => {
  it('a software adapter is never chosen automatically: wasm is, and the reason is given', () => {
    const result = choose({ ...SWIFTSHADER_ENV, IBNB_BACKEND: '' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^wasm, .*skipped .*webgpu: only a software adapter is available \(SwiftShader.*\); force it with IBNB_BACKEND=webgpu/);
  });

  it('IBNB_BACKEND=webgpu forces the software adapter and names it', () => {
    const result = choose({ ...SWIFTSHADER_ENV, IBNB_BACKEND: 'webgpu' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^webgpu, SwiftShader .*\(vulkan, software\) \(forced by IBNB_BACKEND\)$/);
  });

  it('a forced webgpu without any adapter is a BackendError naming the missing driver and the fix', () => {
    const result = choose({ VK_ICD_FILENAMES: '/nonexistent/icd.json' }, 'webgpu');
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stdout, /^BackendError: The 'webgpu' backend was asked for .* not available: Dawn found no Vulkan GPU adapter; to train on a GPU, install your GPU's Vulkan driver .*libvulkan1/);
  });
});
