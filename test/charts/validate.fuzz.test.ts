/**
 * The dynamics payload validator, and the chart builder behind it, against
 * thousands of random and mutated payloads (as a corrupted or hand-edited
 * notebook would hold): validatePayload answers ok or a one-sentence reason,
 * never throws; whatever it accepts builds a Vega-Lite spec that compiles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDynamicsSpec, validatePayload, type DynamicsPayload } from '../../src/charts/index';
import { mutatedValue } from '../support/mutate';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

/** Valid payloads of 1–4 layers, 1–2 evaluators, 1–3 epochs and their batches. */
const validPayload: fc.Arbitrary<DynamicsPayload> = fc
  .record({ layers: fc.integer({ min: 1, max: 4 }), evaluators: fc.integer({ min: 1, max: 2 }), epochs: fc.integer({ min: 1, max: 3 }), batches: fc.integer({ min: 1, max: 4 }) })
  .chain(({ layers, evaluators, epochs, batches }) =>
    fc.record({
      version: fc.constant(1 as const),
      runId: fc.uuid(),
      status: fc.constantFrom('running', 'done', 'interrupted', 'failed' as const),
      backend: fc.constantFrom('wasm', 'cpu', 'webgpu'),
      layers: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 10 }), { minLength: layers, maxLength: layers }),
      evaluators: fc.array(
        fc.record({ name: fc.constantFrom('HSIC', 'MI'), params: fc.dictionary(fc.constantFrom('sigma', 'kernel'), fc.oneof(fc.string(), finite, fc.boolean())), xLabel: fc.string(), yLabel: fc.string() }),
        { minLength: evaluators, maxLength: evaluators },
      ),
      epochs: fc.tuple(
        ...Array.from({ length: epochs }, (_, i) =>
          fc.record({
            epoch: fc.constant(i + 1),
            loss: finite,
            accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
            mean: fc.array(fc.array(fc.tuple(finite, finite), { minLength: layers, maxLength: layers }), { minLength: evaluators, maxLength: evaluators }),
          }),
        ),
      ),
      batches: fc.record({
        epoch: fc.constant(Array.from({ length: epochs * batches }, (_, i) => Math.floor(i / batches) + 1)),
        batch: fc.constant(Array.from({ length: epochs * batches }, (_, i) => (i % batches) + 1)),
        values: fc.array(finite, { minLength: epochs * batches * evaluators * layers * 2, maxLength: epochs * batches * evaluators * layers * 2 }),
      }),
    }),
  ) as fc.Arbitrary<DynamicsPayload>;

const runs = { random: 3000, mutated: 3000, compiled: 150 };

function answers(value: unknown): void {
  const check = validatePayload(value);
  if (!check.ok) assert.ok(typeof check.message === 'string' && check.message.length > 0);
}

test(`validatePayload answers ${runs.random} random JSON values with ok or a reason`, () => {
  fc.assert(fc.property(fc.jsonValue(), answers), { numRuns: runs.random });
});

test(`validatePayload answers ${runs.mutated} mutated payloads with ok or a reason`, () => {
  fc.assert(fc.property(mutatedValue(validPayload), answers), { numRuns: runs.mutated });
});

test(`every generated payload is accepted, and ${runs.compiled} accepted payloads (mutated ones included) build a spec that compiles`, async () => {
  // vega-lite is ESM with top-level await: loaded dynamically, as test/charts/scales.test.ts does.
  const { compile } = await import('vega-lite');
  fc.assert(
    fc.property(validPayload, (payload) => assert.deepEqual(validatePayload(payload).ok, true, JSON.stringify(validatePayload(payload)))),
    { numRuns: 300 },
  );
  let compiled = 0;
  fc.assert(
    fc.property(fc.oneof(validPayload, mutatedValue(validPayload)), (value) => {
      const check = validatePayload(value);
      if (!check.ok) return;
      const vega = compile(buildDynamicsSpec(check.payload) as never).spec;
      assert.ok(Array.isArray(vega.data) && vega.data.length > 0);
      compiled += 1;
    }),
    { numRuns: runs.compiled },
  );
  assert.ok(compiled > runs.compiled / 3, `${compiled} specs compiled`);
});
