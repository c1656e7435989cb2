import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STDOUT_MIME } from '../../src/format/mime';
import type { OutputParams } from '../../src/protocol/kernelProtocol';
import { DYNAMICS_MIME, type DynamicsPayload } from '../../src/contract/dynamicsPayload';
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
    assert.ok(dynamics.slice(1).every((m) => m.mode === 'replace'));
    const payload = dynamics.at(-1)!.items[0].data as unknown as DynamicsPayload;
    assert.equal(payload.status, 'done');
    assert.equal(payload.epochs.length, 2);
    assert.deepEqual(payload.layers, ['dense_1', 'dense_2']);
    assert.equal(payload.evaluators[0].name, 'HSIC');
    // The cell's saved outputs: the final log and the final chart, once each.
    assert.deepEqual(run.outputs.map((o) => o.items[0].mime).filter((m) => m !== 'text/plain'), [STDOUT_MIME, DYNAMICS_MIME]);
  } finally {
    kernel.dispose();
    folder.cleanup();
  }
});
