import assert from 'node:assert/strict';
import test from 'node:test';
import { BATCH_POINTS_PER_LAYER, batchesPerPointFor, batchRows, DATASET, meanRows, metricRows, toRows } from '../../src/charts/index';
import { HSIC_EVALUATOR, KDE_EVALUATOR, makePayload } from './fixtures/payload';

test('mean rows: one per evaluator, layer and epoch, with the layer name and the mean coordinates', () => {
  const payload = makePayload({ epochs: 3, batchesPerEpoch: 4, layers: ['a', 'b'], evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR] });
  const rows = meanRows(payload);
  assert.equal(rows.length, 3 * 2 * 2);
  const row = rows.find((r) => r.epoch === 2 && r.evaluator === 1 && r.layer === 'b');
  assert.ok(row);
  assert.deepEqual([row.x, row.y], payload.epochs[1].mean[1][1]);
  assert.equal(row.kind, 'mean');
  assert.equal(row.layerIndex, 1);
  assert.equal(row.step, 2);
  assert.equal(row.batch, 'mean of 4');
});

test('batch rows: consecutive batches are averaged into bins, placed within their epoch', () => {
  const payload = makePayload({ epochs: 2, batchesPerEpoch: 750, layers: ['a', 'b', 'c'] });
  const rows = batchRows(payload, 15);
  assert.equal(rows.length, 2 * 50 * 3);
  const first = rows.find((r) => r.epoch === 2 && r.layer === 'b' && r.batch === '1–15');
  assert.ok(first, 'a bin labelled with its batch range');
  // Its x is the mean of batches 1–15 of epoch 2, layer b (index 1), evaluator 0.
  const { values } = payload.batches!;
  let sum = 0;
  for (let i = 750; i < 765; i++) sum += values[(i * 3 + 1) * 2];
  assert.ok(Math.abs(first.x - sum / 15) < 1e-12);
  assert.ok(first.step > 1 && first.step < 2, `step ${first.step} lies in epoch 2's interval`);
  for (const r of rows) assert.ok(r.step > r.epoch - 1 && r.step <= r.epoch);
});

test('batch rows by default: at most BATCH_POINTS_PER_LAYER per layer, in power-of-two bins', () => {
  assert.equal(batchesPerPointFor(200), 1);
  assert.equal(batchesPerPointFor(201), 2);
  assert.equal(batchesPerPointFor(7 * 750), 32);
  const payload = makePayload({ epochs: 7, batchesPerEpoch: 750, layers: ['a'] });
  const rows = batchRows(payload);
  assert.ok(rows.length <= BATCH_POINTS_PER_LAYER, `${rows.length} points`);
  assert.equal(rows.length, 7 * Math.ceil(750 / 32));
  assert.equal(rows[rows.length - 1].batch, '737–750', 'the last bin of an epoch is a partial one');
});

test('batch rows: 1 batch per point keeps every batch; no batches, no rows', () => {
  const payload = makePayload({ epochs: 2, batchesPerEpoch: 120, layers: ['a'] });
  assert.equal(batchRows(payload, 1).length, 240);
  assert.equal(batchRows(makePayload({ epochs: 1, batchesPerEpoch: 30, layers: ['a'] })).length, 30);
  assert.equal(batchRows(makePayload({ noBatches: true })).length, 0);
});

test('during a run, finished bins keep their rows (the renderer sends only changes)', () => {
  const whole = makePayload({ epochs: 3, batchesPerEpoch: 60, layers: ['a'] });
  const cut = { ...whole, epochs: whole.epochs.slice(0, 3), batches: { epoch: whole.batches!.epoch.slice(0, 150), batch: whole.batches!.batch.slice(0, 150), values: whole.batches!.values.slice(0, 300) } };
  const before = batchRows(cut);
  const after = batchRows(whole);
  const same = before.filter((r) => after.some((a) => JSON.stringify(a) === JSON.stringify(r)));
  // 150 and 180 records are within the budget (bins of 1 batch): every earlier row survives unchanged.
  assert.equal(same.length, before.length);
});

test('null values (NaN in the writer) are left out, not drawn at 0', () => {
  const payload = makePayload({ epochs: 2, batchesPerEpoch: 3, layers: ['a'] });
  (payload.epochs[0].mean[0][0] as unknown as (number | null)[])[1] = null;
  (payload.epochs[1] as unknown as { loss: number | null }).loss = null;
  for (let i = 0; i < payload.batches!.values.length; i += 2) (payload.batches!.values as (number | null)[])[i] = null;
  assert.equal(meanRows(payload).length, 1);
  assert.equal(batchRows(payload).length, 0);
  assert.ok(!metricRows(payload).some((r) => r.epoch === 2 && r.metric === 'loss' && r.split === 'training'));
});

test('metric rows: loss and accuracy, training and validation, per epoch', () => {
  const payload = makePayload({ epochs: 3 });
  delete payload.epochs[2].valAccuracy;
  const rows = toRows(payload)[DATASET.metrics];
  assert.equal(rows.length, 3 * 4 - 1);
  assert.deepEqual(rows[0], { epoch: 1, metric: 'loss', split: 'training', value: payload.epochs[0].loss });
});
