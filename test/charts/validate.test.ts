import assert from 'node:assert/strict';
import test from 'node:test';
import { validatePayload } from '../../src/charts/index';
import { makePayload } from './fixtures/payload';

function message(value: unknown): string {
  const check = validatePayload(value);
  assert.equal(check.ok, false, 'expected the payload to be rejected');
  return check.ok ? '' : check.message;
}

test('a well-formed payload passes and comes back typed', () => {
  const payload = makePayload();
  const check = validatePayload(payload);
  assert.ok(check.ok);
  assert.equal(check.payload, payload);
});

test('nulls where the writer had NaN are accepted', () => {
  // What JSON.stringify makes of a payload with NaN loss, accuracy and coordinates.
  const payload = JSON.parse(JSON.stringify(makePayload({ epochs: 2 }), (key, v) => (key === 'loss' || key === 'accuracy' ? NaN : v)));
  payload.batches.values[3] = NaN;
  payload.epochs[1].mean[0][2] = [NaN, 0.5];
  const json = JSON.parse(JSON.stringify(payload));
  assert.equal(json.epochs[0].loss, null);
  assert.ok(validatePayload(json).ok);
});

test('a payload of another version says which version and what to do', () => {
  const text = message({ ...makePayload(), version: 2 });
  assert.match(text, /^Cannot show these training dynamics: /);
  assert.match(text, /version 2/);
  assert.match(text, /reads version 1/);
  assert.match(text, /update the extension/i);
  assert.match(message({ runId: 'x' }), /no version/);
});

test('malformed payloads name the offending field', () => {
  assert.match(message(null), /expected a JSON object, got null/);
  assert.match(message([1, 2]), /expected a JSON object, got an array/);
  assert.match(message('text'), /expected a JSON object/);
  assert.match(message({ ...makePayload(), layers: 'dense' }), /layers should be an array/);
  assert.match(message({ ...makePayload(), status: 'paused' }), /status should be one of running, done, interrupted, failed/);
  const badMean = makePayload({ layers: ['a', 'b'] });
  badMean.epochs[3].mean[0].pop();
  assert.match(message(badMean), /epochs\[3\]\.mean\[0\] has 1 layer\(s\); the payload names 2/);
  const badBatches = makePayload({ epochs: 1, batchesPerEpoch: 2, layers: ['a'] });
  badBatches.batches!.values.pop();
  assert.match(message(badBatches), /batches\.values has 3 numbers; 2 batch\(es\) × 1 evaluator\(s\) × 1 layer\(s\) × 2 needs 4/);
  const badEvaluator = makePayload();
  (badEvaluator.evaluators[0] as unknown as { params: unknown }).params = { sigma: { nested: 1 } };
  assert.match(message(badEvaluator), /evaluators\[0\]\.params\.sigma should be a string, number or boolean/);
  assert.match(message({ ...makePayload(), epochs: [{ epoch: 0 }] }), /epochs\[0\]\.epoch should be a whole number ≥ 1/);
});
