/** `ibnb run -p`, end to end: the real CLI and kernel. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNotebook, serializeNotebook, STDOUT_MIME, type CodeCell, type Notebook } from '../../src/format/index';
import { codeCell, ibnb, withFolder } from './helpers';

function parameterised(): Notebook {
  return {
    metadata: {},
    cells: [
      { kind: 'markdown', source: '# Parameters' },
      codeCell("const seed: number = 0;\nlet rate = 0.5;\nconst name = 'default';\nconst widths = [1];", ['parameters']),
      codeCell('console.log(JSON.stringify({ seed, rate, name, widths, types: [typeof seed, typeof rate, typeof name] }));'),
    ],
  };
}

const printed = (notebook: Notebook) => {
  const last = notebook.cells[notebook.cells.length - 1] as CodeCell;
  return JSON.parse(String(last.outputs.find((o) => o.items[0].mime === STDOUT_MIME)?.items[0].data));
};

test('-p and -r values reach the cells after the parameters cell, and the injected cell is in the notebook and the report', () =>
  withFolder((dir) => {
    writeFileSync(join(dir, 'p.ibnb'), serializeNotebook(parameterised()));
    const run = ibnb(['run', 'p.ibnb', '-p', 'seed=3', '-p', 'rate=0.25', '-p', 'widths=[64,32]', '-r', 'name=007', '--out', 'out.ibnb', '--html', 'out.html'], dir);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /^Parameters: seed = 3, rate = 0\.25, widths = \[64,32\], name = "007" \(cell 3, after the parameters cell\)$/m);
    assert.equal(run.stderr, '', 'no warning: every name is declared');
    const out = parseNotebook(readFileSync(join(dir, 'out.ibnb'), 'utf8'), 'out.ibnb');
    assert.deepEqual(printed(out), { seed: 3, rate: 0.25, name: '007', widths: [64, 32], types: ['number', 'number', 'string'] });
    const injected = out.cells[2] as CodeCell;
    assert.deepEqual(injected.metadata, { tags: ['injected-parameters'] });
    assert.equal(typeof injected.executionOrder, 'number', 'the injected cell ran');
    assert.match(injected.source, /const seed = 3;\nconst rate = 0\.25;\nconst widths = \[64,32\];\nconst name = "007";$/);
    const html = readFileSync(join(dir, 'out.html'), 'utf8');
    assert.match(html, /cell 2 · \[1\] · ok \([\d.]+ s\) · tags: parameters/);
    assert.match(html, /cell 3 · \[2\] · ok \([\d.]+ s\) · tags: injected-parameters<\/div>\n<pre class="code"><code>\/\/ Parameters injected by `ibnb run -p`/);
    // The source notebook is untouched with --out.
    assert.equal(readFileSync(join(dir, 'p.ibnb'), 'utf8'), serializeNotebook(parameterised()));
  }));

test('run in place twice: the second run replaces the injected cell', () =>
  withFolder((dir) => {
    writeFileSync(join(dir, 'p.ibnb'), serializeNotebook(parameterised()));
    assert.equal(ibnb(['run', 'p.ibnb', '-p', 'seed=1'], dir).status, 0);
    const second = ibnb(['run', 'p.ibnb', '-p', 'seed=2'], dir);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /replacing the one injected before/);
    const nb = parseNotebook(readFileSync(join(dir, 'p.ibnb'), 'utf8'), 'p.ibnb');
    assert.equal(nb.cells.length, 4);
    assert.equal(nb.cells.filter((c) => c.metadata?.tags && (c.metadata.tags as string[]).includes('injected-parameters')).length, 1);
    assert.equal(printed(nb).seed, 2);
  }));

test('a name the parameters cell does not declare: a warning, as papermill gives, and the run goes on', () =>
  withFolder((dir) => {
    writeFileSync(join(dir, 'p.ibnb'), serializeNotebook(parameterised()));
    const run = ibnb(['run', 'p.ibnb', '-p', 'sed=5', '--out', 'out.ibnb'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^Warning: the parameters cell \(cell 2\) does not declare sed \(it declares seed, rate, name, widths\); injected anyway\. Check the spelling, or declare a default there\.$/m);
    assert.equal(printed(parseNotebook(readFileSync(join(dir, 'out.ibnb'), 'utf8'), 'out.ibnb')).seed, 0);
  }));

test('-p without a parameters cell, or malformed: exit 2 before anything runs, nothing written', () =>
  withFolder((dir) => {
    const untagged: Notebook = { metadata: {}, cells: [codeCell('const seed = 0;'), codeCell('console.log(seed)')] };
    writeFileSync(join(dir, 'u.ibnb'), serializeNotebook(untagged));
    const run = ibnb(['run', 'u.ibnb', '-p', 'seed=1', '--html', 'r.html'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /u\.ibnb: ibnb run -p needs a code cell tagged "parameters".*"IB: Mark Cell as Parameters".*"metadata": \{ "tags": \["parameters"\] \}/);
    assert.doesNotMatch(run.stdout, /Backend:/, 'no kernel was started');
    for (const [args, message] of [
      [['-p', 'seed'], /-p seed: a parameter is name=value/],
      [['-p', '2x=1'], /"2x" is not a TypeScript identifier/],
    ] as const) {
      const bad = ibnb(['run', 'u.ibnb', ...args], dir);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, message);
    }
    assert.deepEqual(readdirSync(dir), ['u.ibnb']);
    assert.equal(readFileSync(join(dir, 'u.ibnb'), 'utf8'), serializeNotebook(untagged));
  }));
