/**
 * The questions the editor asks the kernel about a model (listEvaluators,
 * exportDynamics) and the progress notification, in a real kernel process:
 * answered from the live model, also while a cell trains (before that cell's
 * execute result), without using an execution number, and typed errors that
 * say what to do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProgressParams } from '../../src/protocol/kernelProtocol';
import { KernelRequestError } from '../../src/protocol/requestError';
import { notebookFolder, TestKernel } from './helpers';

const SETUP = [
  "import { IBSequential, Sequential, Dense, HSIC, BinningMI, tf } from 'ibnb';",
  'const x = tf.randomNormal([64, 6]);',
  'const labels = Array.from({ length: 64 }, (_, i) => i % 3);',
  'const model = new IBSequential({ inputShape: [6], trackDynamics: true });',
  "model.add(new Dense(5, { activation: 'relu' }));",
  "model.add(new Dense(3, { activation: 'softmax' }));",
  "model.compile({ optimizer: 'adam', loss: 'cross_entropy' });",
  "model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));",
  'model.attachEvaluator(new BinningMI({ bins: 10 }));',
  'const plain = new Sequential({ inputShape: [6] });',
  "plain.add(new Dense(3, { activation: 'softmax' }));",
  'const untrained = new IBSequential({ inputShape: [6], trackDynamics: true });',
  'untrained.add(new Dense(3));',
].join('\n');

async function rejection(promise: Promise<unknown>): Promise<KernelRequestError> {
  const error = await promise.then(
    () => assert.fail('expected the request to be refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof KernelRequestError, `a KernelRequestError, got ${String(error)}`);
  return error;
}

describe('kernel requests about a model', () => {
  const folder = notebookFolder();
  const kernel = new TestKernel(folder.dir);

  before(async () => {
    const setup = await kernel.run(SETUP, 'setup');
    assert.equal(setup.result.status, 'ok', setup.text);
  });

  after(() => {
    kernel.dispose();
    folder.cleanup();
  });

  it('lists the attached evaluators with their index, name and description', async () => {
    const evaluators = await kernel.client.listEvaluators('model');
    assert.deepEqual(evaluators.map((e) => [e.index, e.name]), [[0, 'HSIC'], [1, 'BinningMI']]);
    assert.match(evaluators[0].description, /HSIC · gaussian kernel · σ = 5/);
    assert.deepEqual(await kernel.client.listEvaluators('untrained'), []);
  });

  it('refuses a variable that holds no model, a plain Sequential and a name that is no variable, naming the fix', async () => {
    const unknown = await rejection(kernel.client.listEvaluators('modle'));
    assert.equal(unknown.code, 'unknownModel');
    assert.match(unknown.message, /No variable 'modle' holds a model in the kernel: run the cell that creates it .*; the models in the kernel are model, untrained\./);
    const plain = await rejection(kernel.client.exportDynamics('plain', 'csv'));
    assert.equal(plain.code, 'notIBSequential');
    assert.match(plain.message, /'plain' is a Sequential, which tracks no dynamics: create it as new IBSequential\(\{ inputShape, trackDynamics: true \}\)/);
    const bad = await rejection(kernel.client.listEvaluators('process.exit()'));
    assert.equal(bad.code, 'badParams');
    // A global that is no cell's variable is not a model either.
    assert.equal((await rejection(kernel.client.listEvaluators('process'))).code, 'unknownModel');
  });

  it('says to attach an evaluator and train when a model has no dynamics yet, and refuses unknown formats', async () => {
    const none = await rejection(kernel.client.exportDynamics('untrained', 'csv'));
    assert.equal(none.code, 'noDynamics');
    assert.match(none.message, /untrained has no dynamics yet: attach an evaluator \(IB: Attach Evaluator…\) and train it first/);
    const format = await rejection(kernel.client.exportDynamics('model', 'xml' as 'csv'));
    assert.equal(format.code, 'badParams');
    assert.match(format.message, /use 'csv' or 'json'/);
  });

  it('answers while a long fit runs, before its execute result, with the run so far; no execution number is used', async () => {
    const before = await kernel.run('1', 'before');
    const progress: ProgressParams[] = [];
    const started = new Promise<void>((resolve) =>
      kernel.client.onProgress((p) => {
        progress.push(p);
        if (p.cellId === 'long' && p.batch >= 2) resolve();
      }),
    );
    const events: string[] = [];
    // 4 batches an epoch: thousands of epochs run far longer than this test waits.
    const fit = kernel.client.execute({ cellId: 'long', code: 'await model.fit(x, labels, { batchSize: 16, epochs: 5000 });', notebookDir: folder.dir });
    void fit.then(() => events.push('execute result'));
    await started;

    const [evaluators, csv, json] = await Promise.all([
      kernel.client.listEvaluators('model'),
      kernel.client.exportDynamics('model', 'csv'),
      kernel.client.exportDynamics('model', 'json'),
    ]);
    events.push('answers');
    assert.equal(evaluators.length, 2);
    assert.equal(csv.text.split('\n')[0], 'epoch,batch,evaluator,layer,layerName,x,y');
    assert.ok(csv.text.trim().split('\n').length > 1, 'the batches trained so far');
    const parsed = JSON.parse(json.text) as { status: string; shape: number[] };
    assert.equal(parsed.status, 'running');
    assert.deepEqual(json.shape.slice(2), [2, 2, 2], '[N, B, E = 2, L = 2, 2]');

    await kernel.client.interrupt();
    const result = await fit;
    assert.deepEqual(events, ['answers', 'execute result']);
    assert.equal(result.status, 'interrupted');
    // The requests used no execution number: the fit ran right after 'before', and the next cell comes right after the fit.
    assert.equal(result.executionOrder, before.result.executionOrder + 1);
    assert.equal((await kernel.run('2', 'after')).result.executionOrder, result.executionOrder + 1);

    const fromFit = progress.filter((p) => p.cellId === 'long');
    assert.ok(fromFit.length >= 2);
    for (const p of fromFit) {
      assert.equal(p.epochs, 5000);
      assert.equal(p.phase, 'train');
      assert.equal(p.total, 4);
      assert.ok(p.batch >= 0 && p.batch <= 4);
      assert.ok(p.loss === null || Number.isFinite(p.loss));
    }
    assert.ok(fromFit.some((p) => p.itPerSec > 0 && typeof p.loss === 'number'), JSON.stringify(fromFit.slice(0, 3)));
  });
});
