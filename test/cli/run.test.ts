import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ERROR_MIME, STDOUT_MIME } from '../../src/format/mime';
import { parseNotebook, serializeNotebook } from '../../src/format/index';
import type { CodeCell, Notebook } from '../../src/format/types';
import { DYNAMICS_MIME } from '../../src/lib/dynamics/payload';

const CLI = resolve(__dirname, '../../dist/cli/main.js');

function ibnb(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function notebook(...cells: (string | { markdown: string })[]): Notebook {
  return {
    metadata: { note: 'kept' },
    cells: cells.map((cell) =>
      typeof cell === 'string' ? { kind: 'code', language: 'typescript', source: cell, outputs: [] } : { kind: 'markdown', source: cell.markdown },
    ),
  };
}

function withFolder(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-cli-test-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TRAINING_CELL = [
  "import { IBSequential, Flatten, Dense, HSIC, mnist } from 'ibnb';",
  "const [train, val] = await mnist.loadData({ source: 'embedded', limit: 64, batchSize: 16, validationSplit: 0.25, seed: 0 });",
  'const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });',
  "model.add(new Flatten());\nmodel.add(new Dense(10, { activation: 'softmax' }));",
  "model.compile({ optimizer: 'SGD', loss: 'cross_entropy', metrics: ['accuracy'] });",
  "model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));",
  'await model.fitGenerator(train, val, 1);',
  "console.log('trained');",
].join('\n');

test('ibnb run executes every cell, writes the outputs, and a self-contained HTML report', () => {
  withFolder((dir) => {
    const path = join(dir, 'ok.ibnb');
    writeFileSync(path, serializeNotebook(notebook({ markdown: '# Report <title>\nSome *text*.' }, 'const a = 20;\nconsole.log("a is", a);', TRAINING_CELL, 'a + 22')));
    const run = ibnb(['run', 'ok.ibnb', '--html', 'report.html'], dir);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /▶ \[1\/3\] cell 2\na is 20\n✓ cell 2/);
    assert.match(run.stdout, /Epoch 1\/1\nTraining loop:\n/);
    assert.match(run.stdout, /\[training dynamics: 1 epoch, 1 layers, HSIC; done/);

    const written = parseNotebook(readFileSync(path, 'utf8'), path);
    assert.deepEqual(written.metadata, { note: 'kept' });
    const [, first, training, last] = written.cells as CodeCell[];
    assert.equal(first.executionOrder, 1);
    assert.deepEqual(first.outputs.map((o) => o.items), [[{ mime: STDOUT_MIME, data: 'a is 20\n' }]]);
    assert.deepEqual(training.outputs.map((o) => o.items[0].mime), [STDOUT_MIME, DYNAMICS_MIME, STDOUT_MIME]);
    assert.deepEqual(last.outputs.map((o) => o.items), [[{ mime: 'text/plain', data: '42' }]]);
    assert.deepEqual(readdirSync(dir).sort(), ['ok.ibnb', 'report.html']);

    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /<h1>Report &lt;title&gt;<\/h1>\n<p>Some <em>text<\/em>.<\/p>/);
    assert.match(html, /<pre class="code"><code>const a = 20;/);
    assert.match(html, /<pre class="output stdout">a is 20\n<\/pre>/);
    assert.match(html, /class="ibnb-charts"/);
    assert.match(html, /<script type="application\/json" id="[\w-]+-data">\{"version":1/);
    assert.doesNotMatch(html, /<script src=|<link /, 'nothing is loaded from elsewhere');
  });
});

test('a failing cell: exit 1, the error with its cell and line, outputs so far written, later cells not run and cleared of an earlier run', () => {
  withFolder((dir) => {
    const path = join(dir, 'fail.ibnb');
    const source = notebook('console.log("first");', 'const x = 1;\nthrow new TypeError("bad input");', 'console.log("never");');
    Object.assign(source.cells[2], { executionOrder: 7, outputs: [{ id: 'old', items: [{ mime: 'text/plain', data: 'old output' }] }] });
    writeFileSync(path, serializeNotebook(source));
    const out = join(dir, 'out.ibnb');
    const run = ibnb(['run', path, '--out', out, '--html', 'fail.html'], dir);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /✗ cell 2 failed at line 2: TypeError: bad input\n\s+at cell 2:2:7/);
    assert.doesNotMatch(run.stdout, /never/);
    const written = parseNotebook(readFileSync(out, 'utf8'), out).cells as CodeCell[];
    assert.deepEqual(written[0].outputs[0].items, [{ mime: STDOUT_MIME, data: 'first\n' }]);
    assert.equal(written[1].outputs[0].items[0].mime, ERROR_MIME);
    // A cell this run did not reach shows nothing of an earlier run, in the file and in the report.
    assert.deepEqual(written[2].outputs, []);
    assert.equal(written[2].executionOrder, undefined);
    const html = readFileSync(join(dir, 'fail.html'), 'utf8');
    assert.match(html, /cell 3 · not run<\/div>/);
    assert.doesNotMatch(html, /old output|\[7\]/);
    assert.equal(readFileSync(path, 'utf8'), serializeNotebook(source), 'with --out the source notebook is untouched');
  });
});

test('a corrupt notebook: exit 2, a clear message, and the file unchanged byte for byte', () => {
  withFolder((dir) => {
    const path = join(dir, 'corrupt.ibnb');
    const bytes = Buffer.from('{ "format": "ibnb", "version": 1, "cells": [ { "kind": "code", \n  oops } ] }\u00e9', 'utf8');
    writeFileSync(path, bytes);
    const run = ibnb(['run', 'corrupt.ibnb', '--html', 'r.html'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /corrupt\.ibnb is not a valid \.ibnb notebook: invalid JSON at line 2, column 3/);
    assert.ok(readFileSync(path).equals(bytes));
    assert.deepEqual(readdirSync(dir), ['corrupt.ibnb']);
  });
});

test('usage and file errors exit 2', () => {
  withFolder((dir) => {
    writeFileSync(join(dir, 'ok.ibnb'), serializeNotebook(notebook('1')));
    const cases: [string[], RegExp][] = [
      [[], /No command given/],
      [['build', 'x.ibnb'], /Unknown command 'build'/],
      [['run'], /No notebook given/],
      [['run', 'ok.ibnb', '--bogus'], /Unknown option '--bogus'/],
      [['run', 'missing.ibnb'], /missing\.ibnb: cannot be read: no such file/],
      [['run', 'ok.ibnb', '--out', join('ok.ibnb', 'x.ibnb')], /ok\.ibnb is not a folder/],
      [['run', 'ok.ibnb', '--backend', 'quantum'], /'quantum', which is not a backend/],
    ];
    for (const [args, message] of cases) {
      const run = ibnb(args, dir);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
    assert.equal(readFileSync(join(dir, 'ok.ibnb'), 'utf8'), serializeNotebook(notebook('1')));
    // A missing output folder is created (npm start writes under out/ in a fresh clone).
    const fresh = ibnb(['run', 'ok.ibnb', '--out', join('new', 'dir', 'x.ibnb')], dir);
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.ok(existsSync(join(dir, 'new', 'dir', 'x.ibnb')));
    const help = ibnb(['--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: ibnb run <notebook\.ibnb>/);
  });
});
