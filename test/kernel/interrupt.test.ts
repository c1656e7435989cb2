import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutputParams, StreamParams } from '../../src/protocol/kernelProtocol';
import { notebookFolder, TestKernel } from './helpers';

let kernel: TestKernel;
let folder: { dir: string; cleanup: () => void };

before(async () => {
  folder = notebookFolder();
  kernel = new TestKernel(folder.dir, { interruptTimeoutMs: 1500 });
  await kernel.client.start();
});

after(() => {
  kernel.dispose();
  folder.cleanup();
});

/** Resolves at the first output or stream text of `cellId` that matches; fails the test if none comes within 30 s. */
function when(cellId: string, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscriptions.forEach((s) => s.dispose());
      reject(new Error(`cell ${cellId} printed nothing matching ${pattern} within 30 s`));
    }, 30_000);
    const check = (message: OutputParams | StreamParams) => {
      const text = 'text' in message ? message.text : message.items.map((i) => (typeof i.data === 'string' ? i.data : '')).join('');
      if (message.cellId === cellId && pattern.test(text)) {
        clearTimeout(timer);
        subscriptions.forEach((s) => s.dispose());
        resolve();
      }
    };
    const subscriptions = [kernel.client.onOutput(check), kernel.client.onStream(check)];
  });
}

test('interrupting a training loop stops it between batches and keeps every variable', async () => {
  const setup = await kernel.run(
    [
      "import { Sequential, Dense, fromArrays } from 'ibnb';",
      'const x = Array.from({ length: 64 }, (_, i) => [i % 2, (i >> 1) % 2, 1, 0]);',
      'const y = x.map((row) => row[0]);',
      'const [train] = fromArrays(x, y, { batchSize: 8, seed: 1 });',
      'const model = new Sequential({ inputShape: [4] });',
      "model.add(new Dense(8, { activation: 'relu' }));",
      "model.add(new Dense(2, { activation: 'softmax' }));",
      "model.compile({ optimizer: 'adam', loss: 'cross_entropy', metrics: ['accuracy'] });",
    ].join('\n'),
  );
  assert.equal(setup.result.status, 'ok', setup.text);
  const started = when('train', /Epoch 3\//);
  const running = kernel.client.execute({ cellId: 'train', code: 'await model.fitGenerator(train, null, 100000);', notebookDir: folder.dir, cellLabel: 'train' });
  await started;
  await kernel.client.interrupt();
  const result = await running;
  assert.equal(result.status, 'interrupted');
  assert.equal(result.restarted, undefined);
  const run = kernel.collect('train', result);
  assert.match(run.text, /^Epoch 1\/100000\nTraining loop:\n100%\|█+\| 8\/8 \[.*it\/s\]\nloss: [\d.]+ - acc: [\d.]+\nEpoch 2\/100000/);
  assert.match(run.text, /Interrupted: Training was cancelled in epoch \d+/);

  const kept = await kernel.run('[model.history.epochs.length >= 2, x.length]');
  assert.deepEqual(kept.values, ['[ true, 64 ]']);
  const again = await kernel.run('(await model.fitGenerator(train, null, 1)).epochs.length > 2');
  assert.equal(again.result.status, 'ok', again.text);
  assert.deepEqual(again.values, ['true']);
});

test('interrupting `while (true) {}` breaks the loop and keeps every variable', async () => {
  const spinning = when('spin', /spinning/);
  const running = kernel.client.execute({ cellId: 'spin', code: "let spins = 0;\nwhile (true) { spins++; if (spins === 1000) console.log('spinning'); }", notebookDir: folder.dir, cellLabel: 'spin' });
  await spinning;
  await kernel.client.interrupt();
  const result = await running;
  assert.equal(result.status, 'interrupted');
  assert.equal(result.restarted, undefined);
  const kept = await kernel.run('[spins > 0, model.history.epochs.length > 0]');
  assert.deepEqual(kept.values, ['[ true, true ]']);
});

test('interrupting a loop in the middle of console.log leaves the console working', async () => {
  // SIGINT ends a synchronous loop wherever it is, often inside console.log itself: the console
  // must come out of that in a state that still delivers later output.
  for (let round = 1; round <= 5; round++) {
    const cellId = `print-${round}`;
    const printing = when(cellId, /line/);
    const running = kernel.client.execute({ cellId, code: "let n = 0;\nwhile (true) console.log('line', n++);", notebookDir: folder.dir, cellLabel: cellId });
    await printing;
    await kernel.client.interrupt();
    assert.equal((await running).status, 'interrupted');
    const after = await kernel.run(`console.log('still printing ${round}'); process.stdout.write('and writing\\n'); console.error('and erroring')`);
    assert.match(after.text, new RegExp(`^still printing ${round}\\nand writing\\nand erroring\\n$`));
  }
});

test('interrupting a loop of multi-threaded products leaves the backend working', async () => {
  // SIGINT lands anywhere, often inside a product whose work the wasm backend's threads share;
  // the kernel gives the backend a fresh thread pool, so the next cell's products do not hang.
  await kernel.run("import { tf } from 'ibnb';\nconst a = tf.randomNormal([64, 4000]);\nconst b = tf.randomNormal([4000, 500]);");
  for (let round = 1; round <= 10; round++) {
    const cellId = `products-${round}`;
    const looping = when(cellId, /looping/);
    const running = kernel.client.execute({ cellId, code: "let k = 0;\nwhile (true) { tf.tidy(() => tf.matMul(a, b).dataSync()); if (++k === 2) console.log('looping'); }", notebookDir: folder.dir, cellLabel: cellId });
    await looping;
    await new Promise((resolve) => setTimeout(resolve, 7 * round));
    await kernel.client.interrupt();
    assert.equal((await running).status, 'interrupted');
    const next = await Promise.race([
      kernel.run('tf.tidy(() => tf.matMul(a, b).shape.join("x"))'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`round ${round}: the product after the interrupt did not finish within 20 s`)), 20_000)),
    ]);
    assert.deepEqual(next.values, ["'64x500'"], next.text);
  }
});

test('a loop that SIGINT cannot break restarts the kernel after the timeout, and the user is told', async () => {
  const restarts: string[] = [];
  kernel.client.onRestart((restart) => restarts.push(restart.message));
  const stuck = when('stuck', /stuck/);
  // After an await the loop runs outside vm's SIGINT watchdog: only a restart stops it.
  const running = kernel.client.execute({ cellId: 'stuck', code: "await new Promise((r) => setTimeout(r, 10));\nconsole.log('stuck');\nwhile (true) {}", notebookDir: folder.dir, cellLabel: 'stuck' });
  await stuck;
  const startedAt = Date.now();
  await kernel.client.interrupt();
  const result = await running;
  assert.deepEqual(result, { status: 'interrupted', executionOrder: 0, restarted: true });
  assert.ok(Date.now() - startedAt >= 1400);
  assert.equal(restarts.length, 1);
  assert.match(restarts[0], /did not stop within 1\.5 s of the interrupt, so the kernel was restarted; every variable is lost/);
  const fresh = await kernel.run('typeof spins');
  assert.deepEqual(fresh.values, ["'undefined'"]);
});
