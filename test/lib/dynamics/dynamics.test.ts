/** Dynamics' payload, kept up to date as batches arrive: snapshots that later batches do not change, and means equal to a recomputation. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { Dynamics } from '../../../src/lib/dynamics/dynamics';

function dynamics(): Dynamics {
  return new Dynamics({ runId: 'r', backend: 'cpu', layers: ['a', 'b'], evaluators: [{ name: 'HSIC', params: {}, xLabel: 'x', yLabel: 'y' }] });
}

test('toPayload is a snapshot: batches added later do not change a payload already taken', () => {
  const d = dynamics();
  d.addBatch(1, 1, [1, 2, 3, 4]);
  const first = d.toPayload();
  d.addBatch(1, 2, [3, 4, 5, 6]);
  d.addBatch(2, 1, [0.1234567891, 0, 0, 0]);
  assert.deepEqual(first.batches, { epoch: [1], batch: [1], values: [1, 2, 3, 4] });
  const second = d.toPayload();
  assert.deepEqual(second.batches?.epoch, [1, 1, 2]);
  assert.deepEqual(second.batches?.batch, [1, 2, 1]);
  assert.equal(second.batches?.values[8], 0.1234568, 'seven significant digits');
  assert.deepEqual(second.epochs.map((e) => e.mean), [[[[2, 3], [4, 5]]], [[[Math.fround(0.1234567891), 0], [0, 0]]]]);
  assert.deepEqual(d.shape, [2, 2, 1, 2, 2]);
});

test("the epochs' means are the means over their batches, also with many batches", () => {
  const d = dynamics();
  const values: number[][] = [];
  for (let b = 1; b <= 300; b++) {
    const v = [Math.sin(b), Math.cos(b), b / 300, 1 / b];
    values.push(v.map((x) => Math.fround(x)));
    d.addBatch(1, b, v);
  }
  const expected = [0, 1, 2, 3].map((i) => Math.fround(values.reduce((s, v) => s + v[i], 0) / values.length));
  assert.deepEqual(d.meanOverBatches()[0][0].flat(), expected);
  assert.deepEqual(d.toPayload().epochs[0].mean[0].flat(), expected);
});
