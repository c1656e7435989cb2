import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BACKEND_NAMES, BackendError, Dense, initBackend, Sequential, tf, Conv2d, Flatten, IBSequential } from '../../../src/lib/index';

function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Runs a snippet in a fresh Node process (the backend choice is per process). */
function runFresh(code: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    cwd: process.cwd(),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the automatic choice is the best available backend, and says why each better one was skipped', async () => {
  const choice = await initBackend();
  assert.equal(choice.via, 'auto');
  assert.deepEqual(choice.skipped.map((s) => s.name), BACKEND_NAMES.slice(0, choice.skipped.length));
  assert.equal(choice.name, BACKEND_NAMES[choice.skipped.length]);
  assert.equal(tf.getBackend(), choice.name.startsWith('tensorflow') ? 'tensorflow' : choice.name);
  for (const skipped of choice.skipped) assert.ok(skipped.reason.length > 5, `a reason for ${skipped.name}`);
  if (!isInstalled('@tensorflow/tfjs-node-gpu')) {
    assert.match(choice.skipped[0].reason, /tfjs-node-gpu not installed/);
  }
});

test('a forced cpu backend and the default backend agree on a forward pass', async () => {
  await initBackend();
  const model = new Sequential({ inputShape: [1, 12, 12] });
  model
    .add(new Conv2d({ filters: 4, kernelSize: 3, padding: 1, activation: 'relu' }))
    .add(new Flatten())
    .add(new Dense(16, { activation: 'tanh' }))
    .add(new Dense(5, { activation: 'softmax' }));
  const input = tf.tensor4d(Float32Array.from({ length: 3 * 144 }, (_, i) => Math.sin(i)), [3, 1, 12, 12]);
  const byDefault = model.predict(input).dataSync().slice();
  const cpu = await initBackend({ backend: 'cpu' });
  assert.equal(cpu.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  const onCpu = model.predict(input).dataSync();
  for (let i = 0; i < onCpu.length; i++) assert.ok(Math.abs(onCpu[i] - byDefault[i]) < 1e-5, `output ${i}: ${onCpu[i]} vs ${byDefault[i]}`);
  await initBackend({ backend: 'auto' });
});

test('forcing an absent backend is an error that says how to install it', { skip: isInstalled('@tensorflow/tfjs-node') && 'tfjs-node is installed here' }, async () => {
  await assert.rejects(initBackend({ backend: 'tensorflow' }), (e: Error) => e instanceof BackendError && /npm install @tensorflow\/tfjs-node@4\.22\.0/.test(e.message));
});

test('IBNB_BACKEND forces a backend, and a wrong value names the choices', () => {
  const snippet = "require('./src/lib/index').initBackend().then(c => console.log(JSON.stringify(c)), e => { console.log(e.name + ': ' + e.message); process.exitCode = 3; })";
  const forced = runFresh(snippet, { IBNB_BACKEND: 'cpu' });
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual(JSON.parse(forced.stdout), { name: 'cpu', isGpu: false, skipped: [], via: 'env' });
  const wrong = runFresh(snippet, { IBNB_BACKEND: 'cuda' });
  assert.equal(wrong.status, 3);
  assert.match(wrong.stdout, /ConfigError: IBNB_BACKEND is 'cuda'.*auto, tensorflow-gpu, webgpu, tensorflow, wasm, cpu/);
});

test('gpu: true without a GPU warns once, naming both ways to get one, and the model still builds and runs', { skip: (isInstalled('@tensorflow/tfjs-node-gpu') || existsSync('/dev/dri') || existsSync('/dev/nvidia0')) && 'a GPU backend may exist here' }, () => {
  const snippet = `
    const { IBSequential, Dense, tf } = require('./src/lib/index');
    const a = new IBSequential({ inputShape: [4], gpu: true });
    const b = new IBSequential({ inputShape: [4], gpu: true });
    a.add(new Dense(2));
    console.log('output', a.predict(tf.ones([1, 4])).shape.join('x'));`;
  const result = runFresh(snippet, {});
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /output 1x2/);
  const warnings = result.stderr.split('\n').filter((l) => l.includes('gpu: true'));
  assert.equal(warnings.length, 1, result.stderr);
  assert.match(warnings[0], /no GPU backend is available \(tensorflow-gpu: .*not installed; webgpu: .*\)/);
  assert.match(warnings[0], /Two ways to a GPU: a Vulkan, Metal or Direct3D 12 driver .* or @tensorflow\/tfjs-node-gpu with CUDA 11\.2/);
  void IBSequential;
});
