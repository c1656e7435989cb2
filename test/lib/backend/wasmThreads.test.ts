import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { MAX_WASM_THREADS, pthreadFolder, wasmThreadCount } from '../../../src/lib/backend/wasmThreads';
import { ConfigError } from '../../../src/lib/index';

/** Starts the wasm backend in a fresh process (threads are set once per process); it must exit by itself. */
function startWasm(env: Record<string, string>, code = ''): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const snippet = `const ibnb = require('./src/lib/index');
    ibnb.initBackend({ backend: 'wasm' }).then(async (choice) => {
      console.log(JSON.stringify(choice.threads));
      ${code}
    }, (e) => { console.log(e.name + ': ' + e.message); process.exitCode = 3; });`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', snippet], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

test('IBNB_WASM_THREADS: one thread per core by default, at most 8; a bad value says what to write', () => {
  assert.equal(wasmThreadCount({}), Math.min(availableParallelism(), MAX_WASM_THREADS));
  assert.equal(wasmThreadCount({ IBNB_WASM_THREADS: '' }), Math.min(availableParallelism(), MAX_WASM_THREADS));
  assert.equal(wasmThreadCount({ IBNB_WASM_THREADS: '1' }), 1);
  assert.equal(wasmThreadCount({ IBNB_WASM_THREADS: '3' }), 3);
  for (const bad of ['0', '9', '1.5', 'two']) {
    assert.throws(() => wasmThreadCount({ IBNB_WASM_THREADS: bad }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, new RegExp(`IBNB_WASM_THREADS must be a whole number from 1 to 8 \\(got '${bad}'\\); unset it to use one thread per core\\.`));
      return true;
    });
  }
});

test('the build puts the pthread entry and the two package scripts it loads in dist/wasm-threads', () => {
  assert.ok(pthreadFolder(), 'dist/wasm-threads is complete (npm run build)');
});

test('the wasm backend runs its products on two threads, agrees with one thread, and the process still exits by itself', { skip: availableParallelism() < 2 && 'one core here' }, () => {
  // Sums of many products: the threads split the work, so results must match to float rounding.
  const product = `const tf = ibnb.tf; const a = tf.randomUniform([64, 3000], -1, 1, 'float32', 7); const b = tf.randomUniform([3000, 200], -1, 1, 'float32', 8);
      console.log(JSON.stringify(Array.from(tf.matMul(a, b).dataSync().slice(0, 50))));`;
  const two = startWasm({ IBNB_WASM_THREADS: '2' }, product);
  assert.equal(two.signal, null, 'the process exited by itself (the pthreads do not keep it alive)');
  assert.equal(two.status, 0, two.stderr);
  const [threads, values] = two.stdout.trim().split('\n');
  assert.deepEqual(JSON.parse(threads), { count: 2 });
  const one = startWasm({ IBNB_WASM_THREADS: '1' }, product);
  assert.equal(one.status, 0, one.stderr);
  const [oneThreads, oneValues] = one.stdout.trim().split('\n');
  assert.deepEqual(JSON.parse(oneThreads), { count: 1 });
  const a = JSON.parse(values) as number[];
  const b = JSON.parse(oneValues) as number[];
  assert.equal(a.length, 50);
  a.forEach((value, i) => assert.ok(Math.abs(value - b[i]) <= 1e-3 * Math.max(1, Math.abs(b[i])), `element ${i}: ${value} vs ${b[i]}`));
});

test('a bad IBNB_WASM_THREADS stops the wasm backend with the message', () => {
  const bad = startWasm({ IBNB_WASM_THREADS: 'lots' });
  assert.equal(bad.status, 3);
  assert.match(bad.stdout, /ConfigError: IBNB_WASM_THREADS must be a whole number from 1 to 8 \(got 'lots'\)/);
});
