import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CellOutputs } from '../../src/kernelClient/cellOutputs';

test('stream text joins the stream output it continues; rich outputs append or replace by id', () => {
  const outputs = new CellOutputs();
  outputs.apply({ cellId: 'c', name: 'stdout', text: 'a\n' });
  outputs.apply({ cellId: 'c', name: 'stdout', text: 'b\n' });
  outputs.apply({ cellId: 'c', name: 'stderr', text: 'warn\n' });
  outputs.apply({ cellId: 'c', outputId: 'bar', mode: 'append', items: [{ mime: 'text/plain', data: '10%' }] });
  outputs.apply({ cellId: 'c', name: 'stderr', text: 'more\n' });
  outputs.apply({ cellId: 'c', outputId: 'bar', mode: 'replace', items: [{ mime: 'text/plain', data: '100%' }] });
  outputs.apply({ cellId: 'c', name: 'stderr', text: 'end\n' });
  assert.deepEqual(
    outputs.outputs.map((o) => o.items.map((i) => `${i.mime}=${String(i.data)}`).join()),
    [
      'application/vnd.code.notebook.stdout=a\nb\n',
      'application/vnd.code.notebook.stderr=warn\n',
      'text/plain=100%',
      'application/vnd.code.notebook.stderr=more\nend\n',
    ],
  );
  assert.equal(new Set(outputs.outputs.map((o) => o.id)).size, 4);
});

test('a live dynamics update is merged into its output, which keeps the whole run; one that does not fit fails loudly', () => {
  const mime = 'application/vnd.ibnb.dynamics+json';
  const evaluators = [{ name: 'HSIC', params: {}, xLabel: 'x', yLabel: 'y' }];
  const mean = [[[0.5, 0.5]]];
  const first = { version: 1, runId: 'r', status: 'running', backend: 'cpu', layers: ['a'], evaluators, epochs: [{ epoch: 1, loss: 2, accuracy: 0.1, mean }], batches: { epoch: [1], batch: [1], values: [1, 2] } };
  const outputs = new CellOutputs();
  const append = { cellId: 'c', outputId: 'chart', mode: 'append' as const, items: [{ mime, data: first }] };
  outputs.apply(append);
  const delta = { version: 1, runId: 'r', status: 'done', batchesBefore: 1, epochs: [{ epoch: 1, loss: 1, accuracy: 0.5, mean }, { epoch: 2, loss: 0.5, accuracy: 0.8, mean }], batches: { epoch: [1, 2], batch: [2, 1], values: [3, 4, 5, 6] } };
  outputs.apply({ cellId: 'c', outputId: 'chart', mode: 'merge', items: [{ mime, data: delta }] });
  assert.equal(outputs.outputs.length, 1);
  const saved = outputs.outputs[0].items[0].data as typeof first;
  assert.deepEqual(saved.batches, { epoch: [1, 1, 2], batch: [1, 2, 1], values: [1, 2, 3, 4, 5, 6] });
  assert.deepEqual(saved.epochs.map((e) => [e.epoch, e.loss]), [[1, 1], [2, 0.5]]);
  assert.equal(saved.status, 'done');
  assert.deepEqual(first.batches.epoch, [1], 'the notification itself is left as it came');
  assert.throws(() => outputs.apply({ cellId: 'c', outputId: 'other', mode: 'merge', items: [{ mime, data: delta }] }), /arrived before its chart/);
  assert.throws(() => outputs.apply({ cellId: 'c', outputId: 'chart', mode: 'merge', items: [{ mime, data: { ...delta, batchesBefore: 7 } }] }), /follows batch 7, the output holds 3/);
});
