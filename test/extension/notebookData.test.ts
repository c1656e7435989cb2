/** The serializer's conversion, without VS Code: file bytes → VS Code's shape → the same bytes. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NotebookFormatError, serializeNotebook, type Notebook } from '../../src/format/index';
import { bytesToPlain, EXTRA_KEY, OUTPUT_ID_KEY, plainToBytes, type PlainNotebook } from '../../src/extension/notebookData';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A notebook with every kind of output and unknown fields at each level. */
const RICH: Notebook = {
  metadata: { title: 'rich', kernel: { backend: 'wasm' } },
  extra: { futureTopLevel: [1, 2] },
  cells: [
    { kind: 'markdown', source: '# Title\n\ntext' },
    {
      kind: 'code',
      language: 'typescript',
      source: "console.log('hi')",
      executionOrder: 3,
      metadata: { collapsed: true },
      extra: { futureCellField: 'x' },
      outputs: [
        { id: 'out-1', items: [{ mime: 'application/vnd.code.notebook.stdout', data: 'hi\n' }] },
        {
          id: 'out-2',
          metadata: { note: 1 },
          extra: { futureOutputField: true },
          items: [
            { mime: 'application/vnd.ibnb.dynamics+json', data: { version: 1, epochs: [{ epoch: 1, mean: [[[0.5, 0.25]]] }] } },
            { mime: 'text/plain', data: 'Dynamics of run r1', extra: { futureItemField: 7 } },
          ],
        },
        { id: 'out-3', items: [{ mime: 'image/png', data: new Uint8Array([137, 80, 78, 71, 0, 255]) }] },
        { id: 'out-4', items: [{ mime: 'application/vnd.code.notebook.error', data: { name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at cell 2:1:1' } }] },
      ],
    },
    { kind: 'code', language: 'typescript', source: 'const unrun = 1;', outputs: [] },
  ],
};

describe('notebook data (serializer conversion)', () => {
  it('round-trips a file byte for byte: outputs, execution order, metadata and unknown fields', () => {
    const text = serializeNotebook(RICH);
    const plain = bytesToPlain(encoder.encode(text), 'rich.ibnb');
    assert.equal(decoder.decode(plainToBytes(plain)), text);
  });

  it('gives VS Code the shape it expects: markup cells, outputs as bytes with their ids, extras in metadata', () => {
    const plain = bytesToPlain(encoder.encode(serializeNotebook(RICH)), 'rich.ibnb');
    assert.deepEqual(plain.cells.map((c) => [c.kind, c.languageId]), [['markup', 'markdown'], ['code', 'typescript'], ['code', 'typescript']]);
    const code = plain.cells[1];
    assert.equal(code.executionOrder, 3);
    assert.deepEqual(code.metadata, { collapsed: true, [EXTRA_KEY]: { futureCellField: 'x' } });
    assert.deepEqual(code.outputs?.map((o) => o.metadata?.[OUTPUT_ID_KEY]), ['out-1', 'out-2', 'out-3', 'out-4']);
    const dynamics = code.outputs?.[1].items[0];
    assert.equal(dynamics?.mime, 'application/vnd.ibnb.dynamics+json');
    assert.deepEqual(JSON.parse(decoder.decode(dynamics?.data)), RICH.cells[1].kind === 'code' && RICH.cells[1].outputs[1].items[0].data);
    assert.deepEqual([...(code.outputs?.[2].items[0].data ?? [])], [137, 80, 78, 71, 0, 255]);
    assert.deepEqual(plain.metadata?.[EXTRA_KEY], { futureTopLevel: [1, 2] });
  });

  it('writes what VS Code adds by itself the way the CLI would: no empty metadata, an id for outputs it made', () => {
    const fromEditor: PlainNotebook = {
      metadata: {},
      cells: [
        { kind: 'code', value: '1 + 1', languageId: 'typescript', metadata: {}, outputs: [{ items: [{ mime: 'text/plain', data: encoder.encode('2') }], metadata: {} }] },
        { kind: 'markup', value: 'note', languageId: 'markdown', metadata: {} },
      ],
    };
    const saved = JSON.parse(decoder.decode(plainToBytes(fromEditor))) as { cells: Record<string, unknown>[] };
    assert.equal('metadata' in saved.cells[0], false);
    assert.equal('metadata' in saved.cells[1], false);
    const output = (saved.cells[0].outputs as { id: string; metadata?: unknown; items: unknown[] }[])[0];
    assert.match(output.id, /^[0-9a-f-]{36}$/);
    assert.equal(output.metadata, undefined);
    assert.deepEqual(output.items, [{ mime: 'text/plain', data: '2' }]);
    // Saving again keeps the id it was given.
    const again = bytesToPlain(plainToBytes(fromEditor), 'x.ibnb');
    assert.match(String(again.cells[0].outputs?.[0].metadata?.[OUTPUT_ID_KEY]), /^[0-9a-f-]{36}$/);
  });

  it('opens an empty file as an empty notebook (a new file VS Code just created)', () => {
    assert.deepEqual(bytesToPlain(new Uint8Array(), 'new.ibnb').cells, []);
  });

  it('refuses a corrupt file with a message that says what to do and that the file was left alone', () => {
    const corrupt = encoder.encode('{ "format": "ibnb", "version": 1, "cells": [ { "kind": "code", "source": 3 } ] }');
    assert.throws(() => bytesToPlain(corrupt, 'This file'), (error: unknown) => {
      assert.ok(error instanceof NotebookFormatError);
      assert.match(error.message, /^This file is not a valid \.ibnb notebook: .*source.*left unchanged/s);
      return true;
    });
    assert.throws(() => bytesToPlain(encoder.encode('{"format": "ibnb", "cells": ['), 'This file'), NotebookFormatError);
  });

  it('keeps the starter template byte for byte, and opens every bundled example', () => {
    const media = join(__dirname, '../../media');
    const starter = readFileSync(join(media, 'templates/starter.ibnb'));
    assert.equal(decoder.decode(plainToBytes(bytesToPlain(starter, 'starter.ibnb'))), decoder.decode(starter));
    for (const file of readdirSync(join(media, 'examples')).filter((f) => f.endsWith('.ibnb'))) {
      const plain = bytesToPlain(readFileSync(join(media, 'examples', file)), file);
      assert.ok(plain.cells.some((c) => c.kind === 'code'), `${file} has code cells`);
    }
  });
});
