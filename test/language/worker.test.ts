import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { Worker } from 'node:worker_threads';
import type { LanguageMethod, LanguageMethods, LanguageResponse } from '../../src/language/protocol';
import { ROOT, TYPINGS } from './helpers';

const WORKER = join(ROOT, 'dist', 'language', 'worker.js');

/** The bundle the extension starts (the compiler inside), spoken to as the extension does. */
function client() {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first (npm test does).`);
  const worker = new Worker(WORKER);
  let nextId = 1;
  const pending = new Map<number, (response: LanguageResponse) => void>();
  worker.on('message', (response: LanguageResponse) => pending.get(response.id)?.(response));
  const request = <M extends LanguageMethod>(notebook: string, method: M, ...params: LanguageMethods[M]['params']) =>
    new Promise<LanguageResponse>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ id, notebook, method, params });
    });
  return { request, stop: () => worker.terminate() };
}

test('the language worker bundle answers in order: open, update, then diagnostics and completions of that text', async () => {
  const { request, stop } = client();
  try {
    const cells = [
      { source: "import { mnist } from 'ibnb';", label: 'cell 2' },
      { source: 'mnist.loadDataa;', label: 'cell 3' },
    ];
    // Not awaited: the worker must still handle them before the requests that follow.
    void request('a', 'open', { notebookPath: join(ROOT, 'test-artifacts', 'language', 'worker.ibnb'), typingsRoot: TYPINGS });
    void request('a', 'update', cells);
    const diagnostics = await request('a', 'diagnostics');
    assert.ok(diagnostics.ok, JSON.stringify(diagnostics));
    assert.deepEqual((diagnostics.result as LanguageMethods['diagnostics']['result']).map((d) => [d.cell, d.start, d.code]), [[1, 6, 2551]]);
    const completions = await request('a', 'completions', 1, 'mnist.'.length);
    assert.ok(completions.ok);
    assert.deepEqual((completions.result as LanguageMethods['completions']['result'])!.entries.map((e) => e.name), ['loadData']);
  } finally {
    await stop();
  }
});

test('the language worker answers a request for a notebook it does not hold with an error naming the fix', async () => {
  const { request, stop } = client();
  try {
    const response = await request('never-opened', 'hover', 0, 0);
    assert.equal(response.ok, false);
    if (!response.ok) assert.match(response.error.message, /no notebook 'never-opened': open it first/);
    const missing = await request('b', 'open', { notebookPath: join(ROOT, 'x.ibnb'), typingsRoot: join(ROOT, 'no-typings-here') });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.error.name, 'TypingsMissingError');
  } finally {
    await stop();
  }
});
