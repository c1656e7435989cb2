import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STDOUT_MIME } from '../../src/format/mime';
import type { OutputParams } from '../../src/protocol/kernelProtocol';
import { DYNAMICS_MIME, type DynamicsDelta, type DynamicsPayload } from '../../src/contract/dynamicsPayload';
import { notebookFolder, TestKernel } from './helpers';

test('training streams its log and its dynamics as outputs updated in place', async () => {
  const folder = notebookFolder();
  const kernel = new TestKernel(folder.dir);
  try {
    const messages: OutputParams[] = [];
    kernel.client.onOutput((message) => messages.push(message));
    const run = await kernel.run(
      [
        "import { IBSequential, Flatten, Dense, HSIC, mnist } from 'ibnb';",
        "const [train, val] = await mnist.loadData({ source: 'embedded', limit: 96, batchSize: 16, validationSplit: 1 / 3, seed: 0 });",
        'const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });',
        "model.add(new Flatten());\nmodel.add(new Dense(8, { activation: 'relu' }));\nmodel.add(new Dense(10, { activation: 'softmax' }));",
        "model.compile({ optimizer: 'SGD', loss: 'cross_entropy', metrics: ['accuracy'] });",
        "model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));",
        'await model.fitGenerator(train, val, 2);',
      ].join('\n'),
      'fit',
    );
    assert.equal(run.result.status, 'ok', run.text);

    const log = messages.filter((m) => m.items[0].mime === STDOUT_MIME);
    assert.equal(new Set(log.map((m) => m.outputId)).size, 1, 'one log output, updated in place');
    assert.deepEqual([...new Set(log.map((m) => m.mode))], ['append', 'replace']);
    const finalLog = String(log.at(-1)!.items[0].data);
    assert.match(finalLog, /^Epoch 1\/2\nTraining loop:\n100%\|██████████\| 4\/4 \[\d\d:\d\d<00:00, [\d.]+it\/s\]\nloss: \d\.\d\d - acc: \d\.\d\d\nValidation loop:\n/);
    assert.match(finalLog, /Epoch 2\/2\n[\s\S]*Validation loop:\n100%\|██████████\| 2\/2 [^\n]*\nloss: \d\.\d\d - acc: \d\.\d\d\n$/);

    const dynamics = messages.filter((m) => m.items[0].mime === DYNAMICS_MIME);
    assert.ok(dynamics.length >= 2, 'the chart is sent as epochs complete');
    assert.equal(new Set(dynamics.map((m) => m.outputId)).size, 1);
    assert.equal(dynamics[0].mode, 'append');
    assert.ok(dynamics.slice(1).every((m) => m.mode === 'merge'), 'then only what is new');
    const last = dynamics.at(-1)!.items[0].data as unknown as DynamicsDelta;
    assert.equal(last.status, 'done');
    // The cell's saved outputs: the final log and the final chart, once each; the chart is the whole run, merged from the updates.
    assert.deepEqual(run.outputs.map((o) => o.items[0].mime).filter((m) => m !== 'text/plain'), [STDOUT_MIME, DYNAMICS_MIME]);
    const payload = run.outputs.find((o) => o.items[0].mime === DYNAMICS_MIME)!.items[0].data as unknown as DynamicsPayload;
    assert.equal(payload.status, 'done');
    assert.equal(payload.epochs.length, 2);
    assert.deepEqual(payload.layers, ['dense_1', 'dense_2']);
    assert.equal(payload.evaluators[0].name, 'HSIC');
    // 64 training digits in batches of 16, 2 epochs: every batch once, in order.
    assert.deepEqual(payload.batches?.epoch, [1, 1, 1, 1, 2, 2, 2, 2]);
    assert.deepEqual(payload.batches?.batch, [1, 2, 3, 4, 1, 2, 3, 4]);
    // The same as the model's own whole payload.
    const whole = await kernel.run('model.evaluatedDynamics', 'whole');
    const direct = whole.outputs.flatMap((o) => o.items).find((i) => i.mime === DYNAMICS_MIME)!.data as unknown as DynamicsPayload;
    assert.deepEqual(payload, direct);
  } finally {
    kernel.dispose();
    folder.cleanup();
  }
});

test('live dynamics come at the pace the client asks for, each with only the batches since the last', async () => {
  const folder = notebookFolder();
  const kernel = new TestKernel(folder.dir);
  try {
    const setup = await kernel.run(
      [
        "import { IBSequential, Dense, HSIC, tf } from 'ibnb';",
        'const x = tf.randomNormal([1024, 4]);',
        'const labels = Array.from({ length: 1024 }, (_, i) => i % 2);',
        'const model = new IBSequential({ inputShape: [4], trackDynamics: true });',
        "model.add(new Dense(4, { activation: 'relu' }));\nmodel.add(new Dense(2, { activation: 'softmax' }));",
        "model.compile({ optimizer: 'adam', loss: 'cross_entropy' });",
        "model.attachEvaluator(new HSIC({ kernel: 'linear' }));",
      ].join('\n'),
    );
    assert.equal(setup.result.status, 'ok', setup.text);
    const fit = 'await model.fit(x, labels, { batchSize: 8, epochs: 1 });';
    /** The dynamics messages of one run of `fit` at `intervalMs`, and how long it took. */
    const runAt = async (cellId: string, intervalMs: number) => {
      const messages: OutputParams[] = [];
      const listener = kernel.client.onOutput((m) => m.cellId === cellId && m.items[0].mime === DYNAMICS_MIME && messages.push(m));
      const started = Date.now();
      const result = await kernel.client.execute({ cellId, code: fit, notebookDir: folder.dir, dynamicsIntervalMs: intervalMs });
      listener.dispose();
      assert.equal(result.status, 'ok');
      return { messages, ms: Date.now() - started };
    };
    // One epoch of 128 batches, with an update every 50 ms (the setting's minimum) and with none before the epoch ends.
    const fast = await runAt('fast', 50);
    const slow = await runAt('slow', 60_000);
    const merges = fast.messages.filter((m) => m.mode === 'merge').map((m) => m.items[0].data as unknown as DynamicsDelta);
    // Far more than the library's default pace (1 s) would give: the client's setting is the one that counts.
    assert.ok(merges.length >= Math.floor(fast.ms / 300) + 3, `${merges.length} updates in ${fast.ms} ms at 50 ms`);
    // Each delta starts where the one before ended: together they are every batch once.
    let held = 0;
    const first = fast.messages[0].items[0].data as unknown as DynamicsPayload;
    held = first.batches?.epoch.length ?? 0;
    for (const delta of merges) {
      assert.equal(delta.batchesBefore, held);
      held += delta.batches.epoch.length;
      assert.equal(delta.batches.values.length, delta.batches.epoch.length * 1 * 2 * 2);
    }
    assert.equal(held, 128);
    assert.ok(merges.every((d) => d.batches.epoch.length < 128), 'no update resends the run');
    // At a pace longer than the run: the first chart and the end of the epoch and of the run, nothing in between.
    assert.ok(slow.messages.length <= 3, `${slow.messages.length} messages at 60 s`);
  } finally {
    kernel.dispose();
    folder.cleanup();
  }
});
