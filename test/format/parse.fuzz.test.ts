/**
 * The .ibnb reader against thousands of random and mutated files: each is a
 * notebook or a NotebookFormatError naming the file, never another exception
 * or a hang; and every notebook the writer produces reads back as itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Notebook, NotebookFormatError, parseNotebook, serializeNotebook } from '../../src/format/index';
import { mutatedJson } from '../support/mutate';

const FILE = 'fuzz.ibnb';

function readsOrExplains(text: string): void {
  try {
    const notebook = parseNotebook(text, FILE);
    assert.ok(Array.isArray(notebook.cells));
  } catch (error) {
    if (!(error instanceof NotebookFormatError)) throw error;
    assert.ok(error.message.includes(FILE), `the error names the file: ${error.message}`);
  }
}

const mime = fc.constantFrom('text/plain', 'application/json', 'image/png', 'application/vnd.ibnb.dynamics+json', 'text/html');
const output = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  items: fc.array(fc.record({ mime, data: fc.oneof(fc.string(), fc.jsonValue()) }), { maxLength: 3 }),
});
const cell = fc.oneof(
  fc.record({ kind: fc.constant('markdown'), source: fc.string() }),
  fc.record(
    {
      kind: fc.constant('code'),
      language: fc.constant('typescript'),
      source: fc.string(),
      executionOrder: fc.nat(1000),
      outputs: fc.array(output, { maxLength: 2 }),
      metadata: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: ['kind', 'language', 'source', 'outputs'] },
  ),
);
const notebookText = fc
  .record({ metadata: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })), cells: fc.array(cell, { maxLength: 4 }) })
  .map((nb) => JSON.stringify({ format: 'ibnb', version: 1, ...nb }));

const runs = { random: 3000, mutated: 3000, roundTrip: 1000 };

test(`the reader turns ${runs.random} random texts and JSON values into a notebook or a NotebookFormatError`, () => {
  fc.assert(fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), readsOrExplains), { numRuns: runs.random });
});

test(`the reader survives ${runs.mutated} mutations of valid notebooks (fields dropped, retyped, truncated)`, () => {
  fc.assert(fc.property(mutatedJson(notebookText), readsOrExplains), { numRuns: runs.mutated });
});

test(`${runs.roundTrip} notebooks written by serializeNotebook read back unchanged, and rewrite byte for byte`, () => {
  let accepted = 0;
  fc.assert(
    fc.property(notebookText, (text) => {
      let notebook: Notebook;
      try {
        notebook = parseNotebook(text, FILE);
      } catch (error) {
        if (error instanceof NotebookFormatError) return; // a generated field the format rejects, e.g. an unknown MIME payload shape
        throw error;
      }
      accepted += 1;
      const written = serializeNotebook(notebook);
      assert.deepEqual(parseNotebook(written, FILE), notebook);
      assert.equal(serializeNotebook(parseNotebook(written, FILE)), written);
    }),
    { numRuns: runs.roundTrip },
  );
  assert.ok(accepted > runs.roundTrip / 2, `most generated notebooks are valid (${accepted} of ${runs.roundTrip}), so the round trip is exercised`);
});
