import assert from 'node:assert/strict';
import test from 'node:test';
import { planParametersTag, type TaggableCell } from '../../src/extension/parametersTag';

const code = (metadata?: Record<string, unknown>): TaggableCell => ({ kind: 'code', ...(metadata ? { metadata } : {}) });

test('marks the selected code cell, keeping its other metadata', () => {
  const plan = planParametersTag([code(), code({ tags: ['slow'], note: 'x' })], 1);
  assert.deepEqual(plan, { kind: 'edit', edits: [{ index: 1, metadata: { tags: ['slow', 'parameters'], note: 'x' } }], movedFrom: [] });
});

test('moves the tag: one parameters cell per notebook, as a run uses only the first', () => {
  const plan = planParametersTag([code({ tags: ['parameters', 'a'] }), code(), code({ tags: ['parameters'] })], 1);
  assert.deepEqual(plan, {
    kind: 'edit',
    edits: [
      { index: 0, metadata: { tags: ['a'] } },
      { index: 2, metadata: {} },
      { index: 1, metadata: { tags: ['parameters'] } },
    ],
    movedFrom: [0, 2],
  });
});

test('says what to do for no selection, a markdown cell, or a cell already marked', () => {
  const cells = [code({ tags: ['parameters'] }), { kind: 'markup' as const }];
  for (const [selected, message] of [
    [undefined, /Select the code cell/],
    [5, /Select the code cell/],
    [1, /must be a code cell/],
    [0, /Cell 1 is already the parameters cell/],
  ] as const) {
    const plan = planParametersTag(cells, selected);
    assert.equal(plan.kind, 'message');
    assert.match(plan.kind === 'message' ? plan.text : '', message);
  }
});
