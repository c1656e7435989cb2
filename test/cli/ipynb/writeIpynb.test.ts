import assert from 'node:assert/strict';
import test from 'node:test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportTargetError, writeIpynb } from '../../../src/cli/ipynb/writeIpynb';
import { ipynbSchemaErrors } from '../../../src/cli/ipynb/validate';
import type { Notebook } from '../../../src/format/index';
import { DYNAMICS_MIME } from '../../../src/contract/dynamicsPayload';
import { makePayload } from '../../charts/fixtures/payload';
import { withFolder } from '../helpers';

const notebook: Notebook = {
  metadata: {},
  cells: [{ kind: 'code', language: 'typescript', source: 'train()', executionOrder: 1, outputs: [{ id: 'c', items: [{ mime: DYNAMICS_MIME, data: makePayload({ epochs: 1 }) as never }] }] }],
};

test('a failure while converting leaves the existing file as it was, and no temp file', () =>
  withFolder(async (dir) => {
    const target = join(dir, 'shared.ipynb');
    writeFileSync(target, 'old');
    await assert.rejects(writeIpynb(notebook, target, join(dir, 'nb.ibnb'), async () => Promise.reject(new Error('drawing failed'))), /drawing failed/);
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['shared.ipynb']);
    await writeIpynb(notebook, target, join(dir, 'nb.ibnb'));
    assert.deepEqual(ipynbSchemaErrors(JSON.parse(readFileSync(target, 'utf8'))), []);
    assert.deepEqual(readdirSync(dir), ['shared.ipynb']);
  }));

test('the notebook itself is never the target, by any spelling of its path', () =>
  withFolder(async (dir) => {
    const source = join(dir, 'nb.ibnb');
    writeFileSync(source, 'notebook');
    for (const target of [source, join(dir, '.', 'sub', '..', 'nb.ibnb')]) {
      await assert.rejects(writeIpynb(notebook, target, source), (e: unknown) => e instanceof ExportTargetError && /Give another file with --out/.test(e.message));
    }
    assert.equal(readFileSync(source, 'utf8'), 'notebook');
  }));
