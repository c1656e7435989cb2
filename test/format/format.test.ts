import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Notebook,
  NotebookFileError,
  NotebookFormatError,
  outputDataFromBytes,
  outputDataToBytes,
  parseNotebook,
  readNotebookFile,
  serializeNotebook,
  writeNotebookFile,
} from '../../src/format/index';

const CANONICAL = `{
  "format": "ibnb",
  "version": 1,
  "metadata": {
    "a": 1,
    "z": {
      "b": true,
      "c": [1, 2]
    }
  },
  "cells": [
    {
      "kind": "markdown",
      "source": "# Title"
    },
    {
      "kind": "code",
      "language": "typescript",
      "source": "const a = 1;\\na",
      "executionOrder": 3,
      "outputs": [
        {
          "id": "out-1",
          "metadata": {
            "x": 1
          },
          "items": [
            {
              "mime": "text/plain",
              "data": "1"
            },
            {
              "mime": "application/vnd.ibnb.dynamics+json",
              "data": {
                "version": 1,
                "values": [0.5, 1, null]
              }
            },
            {
              "mime": "image/png",
              "encoding": "base64",
              "data": "AAEC/w=="
            }
          ],
          "futureOutputField": "kept"
        }
      ],
      "futureCellField": {
        "nested": [
          1,
          "two"
        ]
      }
    }
  ],
  "futureTopField": 42
}
`;

test('a canonical file round-trips byte for byte, unknown fields included', () => {
  const notebook = parseNotebook(CANONICAL, 'a.ibnb');
  assert.equal(serializeNotebook(notebook), CANONICAL);
  const code = notebook.cells[1];
  assert.equal(code.kind, 'code');
  if (code.kind !== 'code') return;
  assert.equal(code.executionOrder, 3);
  const [text, json, png] = code.outputs[0].items;
  assert.equal(text.data, '1');
  assert.deepEqual(json.data, { version: 1, values: [0.5, 1, null] });
  assert.deepEqual(png.data, new Uint8Array([0, 1, 2, 255]));
  assert.deepEqual(code.extra, { futureCellField: { nested: [1, 'two'] } });
  assert.deepEqual(notebook.extra, { futureTopField: 42 });
});

test('the writer fixes the key order, sorts metadata, ends with a newline', () => {
  const notebook: Notebook = {
    metadata: { z: 1, a: { d: 1, c: 2 } },
    cells: [{ outputs: [], source: 'x', language: 'typescript', kind: 'code' }],
  };
  const text = serializeNotebook(notebook);
  assert.ok(text.endsWith('}\n'));
  const parsed = JSON.parse(text);
  assert.deepEqual(Object.keys(parsed), ['format', 'version', 'metadata', 'cells']);
  assert.deepEqual(Object.keys(parsed.metadata), ['a', 'z']);
  assert.deepEqual(Object.keys(parsed.metadata.a), ['c', 'd']);
  assert.deepEqual(Object.keys(parsed.cells[0]), ['kind', 'language', 'source', 'outputs']);
  assert.match(text, /^ {2}"format": "ibnb",$/m);
});

test('long number arrays are packed into lines of at most 100 columns and stay exact', () => {
  const values = Array.from({ length: 500 }, (_, i) => i / 7);
  const notebook: Notebook = {
    metadata: {},
    cells: [{ kind: 'code', language: 'typescript', source: '', outputs: [{ id: 'o', items: [{ mime: 'application/x+json', data: { values, nan: NaN } }] }] }],
  };
  const text = serializeNotebook(notebook);
  assert.ok(text.split('\n').every((line) => line.length <= 100));
  assert.ok(text.split('\n').length < 200);
  const back = parseNotebook(text, 'n.ibnb').cells[0];
  assert.equal(back.kind, 'code');
  if (back.kind === 'code') assert.deepEqual(back.outputs[0].items[0].data, { values, nan: null });
});

test('an empty file is an empty notebook (what an editor creates for a new file)', () => {
  assert.deepEqual(parseNotebook('', 'new.ibnb'), { metadata: {}, cells: [] });
  assert.deepEqual(parseNotebook('\n  ', 'new.ibnb'), { metadata: {}, cells: [] });
});

test('invalid files are clear errors naming the file and the problem', () => {
  const cases: [string, RegExp][] = [
    ['{ "format": "ibnb", "version": 1, "cells": [ }', /bad\.ibnb is not a valid \.ibnb notebook: invalid JSON at line 1, column \d+/],
    ['{\n  "format": "ibnb",\n  "version": 1,\n  "cells": [,]\n}', /invalid JSON at line 4, column 13 \(unexpected ','\)/],
    ['{ "format": "ibnb", "version": 1, }', /line 1, column 35 \(expected a property name in double quotes but found '}'\)/],
    ['{ "format": "ibnb", "version": 1, "cells": [] } x', /after the end of the JSON value/],
    ['{ "format": "ibnb", "version": 1, "cells": [', /unexpected end of file/],
    ['[1, 2]', /the top level must be an object, not an array/],
    ['{ "format": "ipynb", "version": 1, "cells": [] }', /"format" is "ipynb", expected "ibnb"/],
    ['{ "format": "ibnb", "version": 2, "cells": [] }', /version 2, written by a newer IB Notebooks.*update IB Notebooks/],
    ['{ "format": "ibnb", "cells": [] }', /"version" is missing/],
    ['{ "format": "ibnb", "version": 1, "cells": [{ "kind": "raw" }] }', /cells\[0\]\.kind is "raw", expected "markdown" or "code"/],
    ['{ "format": "ibnb", "version": 1, "cells": [{ "kind": "code", "source": 5 }] }', /cells\[0\]\.source must be a string, not 5/],
    [
      '{ "format": "ibnb", "version": 1, "cells": [{ "kind": "code", "source": "", "outputs": [{ "id": "o", "items": [{ "mime": "text/plain", "data": {} }] }] }] }',
      /cells\[0\]\.outputs\[0\]\.items\[0\]\.data must be a string for text\/plain/,
    ],
    [
      '{ "format": "ibnb", "version": 1, "cells": [{ "kind": "code", "source": "", "outputs": [{ "id": "o", "items": [{ "mime": "image/png", "encoding": "base64", "data": "%%%" }] }] }] }',
      /items\[0\]\.data is not valid base64/,
    ],
  ];
  for (const [text, expected] of cases) {
    assert.throws(() => parseNotebook(text, 'bad.ibnb'), (error: unknown) => {
      assert.ok(error instanceof NotebookFormatError, String(error));
      assert.equal(error.fileName, 'bad.ibnb');
      assert.match(error.message, expected);
      assert.match(error.message, /^bad\.ibnb is not a valid \.ibnb notebook: /);
      return true;
    });
  }
});

test('output data converts to and from bytes by MIME type', () => {
  const cases: [string, unknown][] = [
    ['text/plain', 'héllo'],
    ['application/vnd.code.notebook.stdout', 'out\n'],
    ['application/vnd.vegalite.v5+json', { $schema: 'vega-lite', mark: 'point' }],
    ['image/png', new Uint8Array([1, 2, 3])],
  ];
  for (const [mime, data] of cases) {
    const bytes = outputDataToBytes(mime, data as never);
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual(outputDataFromBytes(mime, bytes), data);
  }
});

test('files are written atomically, keep their mode, and read errors name the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-format-'));
  try {
    const path = join(dir, 'n.ibnb');
    const notebook = parseNotebook(CANONICAL, 'a.ibnb');
    await writeNotebookFile(path, notebook);
    assert.equal(readFileSync(path, 'utf8'), CANONICAL);
    chmodSync(path, 0o600);
    await writeNotebookFile(path, { metadata: {}, cells: [] });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['n.ibnb'], 'no temp file is left behind');
    assert.deepEqual(await readNotebookFile(path), { metadata: {}, cells: [] });

    await assert.rejects(readNotebookFile(join(dir, 'missing.ibnb')), (error: unknown) => {
      assert.ok(error instanceof NotebookFileError);
      assert.match(error.message, /missing\.ibnb: cannot be read: no such file/);
      return true;
    });
    await assert.rejects(writeNotebookFile(join(dir, 'no-such-folder', 'x.ibnb'), notebook), /x\.ibnb: cannot be written: no such file/);
    assert.deepEqual(readdirSync(dir), ['n.ibnb']);

    const corrupt = join(dir, 'corrupt.ibnb');
    writeFileSync(corrupt, '{ "format": "ibnb", ');
    await assert.rejects(readNotebookFile(corrupt), (error: unknown) => error instanceof NotebookFormatError && error.message.startsWith(corrupt));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
