/**
 * The notebook renderer in headless Chromium against a few hundred random
 * and mutated outputs (as a corrupted or hand-edited notebook would hold):
 * each draws a chart or shows a readable message, and the page records no
 * uncaught exception or console error.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { makePayload } from '../charts/fixtures/payload';
import { mutatedValue } from '../support/mutate';
import { DYNAMICS_MIME, useHarness, VEGALITE_MIME } from './browser';

declare const harness: {
  render(id: string, mime: string, text: string): Promise<void>;
  dispose(id: string): void;
  inspect(id: string): { views: number; kind?: string; message?: string } | null;
};

const RUNS = 240;

const session = useHarness();

describe('notebook renderer under fuzzed outputs', () => {

  test(`${RUNS} random and mutated outputs each draw or explain, with no page error`, async () => {
    const payload = fc.constantFrom(
      makePayload({ epochs: 2, batchesPerEpoch: 5 }),
      makePayload({ epochs: 1, batchesPerEpoch: 3, status: 'running' }),
    ) as fc.Arbitrary<unknown>;
    const vegaLite = fc.constant({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', data: { values: [{ a: 1, b: 2 }] }, mark: 'point', encoding: { x: { field: 'a' }, y: { field: 'b' } } });
    const inputs = fc.sample(
      fc.oneof(
        fc.record({ mime: fc.constant(DYNAMICS_MIME), text: mutatedValue(payload).map((v) => JSON.stringify(v)) }),
        fc.record({ mime: fc.constant(VEGALITE_MIME), text: mutatedValue(vegaLite).map((v) => JSON.stringify(v)) }),
        fc.record({ mime: fc.constantFrom(DYNAMICS_MIME, VEGALITE_MIME), text: fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))) }),
      ),
      { numRuns: RUNS, seed: 20261202 },
    );
    const outcomes = { drawn: 0, explained: 0 };
    for (const [i, { mime, text }] of inputs.entries()) {
      const id = `fuzz-${i}`;
      await session.h.page.evaluate(([k, m, t]) => harness.render(k, m, t), [id, mime, text] as const);
      const snapshot = await session.h.page.evaluate((k) => harness.inspect(k), id);
      assert.ok(snapshot, `input ${i} left no output`);
      const drawn = snapshot.views === 1;
      const explained = typeof snapshot.message === 'string' && snapshot.message.length > 0;
      assert.ok(drawn || explained, `input ${i} (${mime}) neither drew nor explained: ${text.slice(0, 200)}`);
      outcomes[drawn ? 'drawn' : 'explained'] += 1;
      await session.h.page.evaluate((k) => harness.dispose(k), id);
      assert.deepEqual(session.h.errors, [], `page errors after input ${i}: ${text.slice(0, 200)}`);
    }
    assert.ok(outcomes.drawn > RUNS / 10 && outcomes.explained > RUNS / 10, `both outcomes are exercised: ${JSON.stringify(outcomes)}`);
  });
});
