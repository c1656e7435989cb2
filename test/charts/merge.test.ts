/** Live updates by difference: a delta between two payloads of a run, merged into the earlier one, gives the later one exactly. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { dynamicsDelta, mergeDynamics } from '../../src/charts/merge';
import { validateDelta } from '../../src/charts/validate';
import type { DynamicsPayload } from '../../src/contract/dynamicsPayload';
import { makePayload } from './fixtures/payload';

/** The run after `kept` batches, as the kernel had sent it then (the epoch in progress included). */
function cut(full: DynamicsPayload, kept: number): DynamicsPayload {
  const cell = full.evaluators.length * full.layers.length * 2;
  const b = full.batches!;
  const lastEpoch = b.epoch[kept - 1];
  return {
    ...structuredClone(full),
    status: 'running',
    epochs: structuredClone(full.epochs.filter((e) => e.epoch <= lastEpoch)).map((e) => (e.epoch === lastEpoch ? { ...e, loss: 9 } : e)),
    batches: { epoch: b.epoch.slice(0, kept), batch: b.batch.slice(0, kept), values: b.values.slice(0, kept * cell) },
  };
}

const full = makePayload({ epochs: 3, batchesPerEpoch: 20, status: 'done' });

test('merging the delta from an earlier payload gives the later one, whose epoch in progress is replaced', () => {
  for (const kept of [1, 19, 20, 21, 45, 60]) {
    const earlier = cut(full, kept);
    const delta = dynamicsDelta({ batches: kept, epochs: earlier.epochs.length }, full);
    assert.equal(delta.batchesBefore, kept);
    assert.equal(delta.batches.epoch.length, 60 - kept, 'only the batches after the ones sent');
    assert.ok(delta.epochs.length <= full.epochs.length - earlier.epochs.length + 1, 'the last epoch sent and the new ones');
    const merged = mergeDynamics(earlier, delta);
    assert.deepEqual(merged, { ok: true, added: 60 - kept });
    assert.deepEqual(earlier, full, `after ${kept} batches`);
  }
});

test('batches the receiver already holds are skipped; a gap, or another run, is refused and changes nothing', () => {
  const delta = dynamicsDelta({ batches: 30, epochs: 2 }, full);
  const ahead = cut(full, 40);
  assert.deepEqual(mergeDynamics(ahead, delta), { ok: true, added: 20 });
  assert.deepEqual(ahead, full);

  const behind = cut(full, 10);
  const before = structuredClone(behind);
  const gap = mergeDynamics(behind, delta);
  assert.deepEqual(gap, { ok: false, reason: 'the update follows batch 30, the output holds 10' });
  assert.deepEqual(behind, before);
  const other = mergeDynamics(behind, { ...delta, runId: 'another' });
  assert.equal(other.ok, false);
  assert.deepEqual(behind, before);
});

test("a delta is checked against the payload it will join: its layers' and evaluators' counts, its numbers", () => {
  const delta = dynamicsDelta({ batches: 10, epochs: 1 }, full);
  assert.equal(validateDelta(JSON.parse(JSON.stringify(delta)), full).ok, true);
  const fewer = validateDelta(delta, { ...full, layers: full.layers.slice(1) });
  assert.equal(fewer.ok, false);
  assert.match((fewer as { message: string }).message, /^Cannot apply this live update of the training dynamics: epochs\[0\]\.mean\[0\] has 5 layer\(s\); the payload names 4\./);
  const text = validateDelta({ ...delta, batches: { ...delta.batches, values: ['1'] } }, full);
  assert.match((text as { message: string }).message, /batches\.values has 1 numbers/);
  assert.match((validateDelta({ ...delta, batchesBefore: -1 }, full) as { message: string }).message, /batchesBefore should be a whole number/);
  assert.match((validateDelta('x', full) as { message: string }).message, /expected a JSON object/);
});
