import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { serializeNotebook } from '../../src/format/index';

const CLI = resolve(__dirname, '../../dist/cli/main.js');
const EXAMPLES = resolve(__dirname, '../../media/examples');

function ibnb(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function notebook(...cells: (string | { markdown: string })[]): string {
  return serializeNotebook({
    metadata: {},
    cells: cells.map((cell) => (typeof cell === 'string' ? { kind: 'code', language: 'typescript', source: cell, outputs: [] } : { kind: 'markdown', source: cell.markdown })),
  });
}

function withFolder(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-check-test-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const IMPORTS = "import { IBSequential, Dense, mnist } from 'ibnb';";

test('ibnb check on a good notebook: exit 0, and says how many cells it checked', () => {
  withFolder((dir) => {
    writeFileSync(join(dir, 'good.ibnb'), notebook({ markdown: '# Good' }, IMPORTS, 'const model = new IBSequential({ inputShape: [4] });', "model.add(new Dense(2, { activation: 'softmax' }));\nconst x = 1;", 'const x = 2; // re-declared in a later cell: allowed, as in the kernel'));
    const check = ibnb(['check', 'good.ibnb'], dir);
    assert.equal(check.status, 0, check.stderr + check.stdout);
    assert.equal(check.stdout, 'good.ibnb: no type errors in 4 code cells.\n');
  });
});

test('ibnb check on a bad notebook: exit 1, each error as file:cell N:line:col  message, and a count', () => {
  withFolder((dir) => {
    writeFileSync(join(dir, 'bad.ibnb'), notebook({ markdown: '# Bad' }, IMPORTS, "const n: number = 'one';\nconst [train] = await mnist.loadDataa({ batchSize: 8 });", { markdown: 'more' }, 'const model = new IBSequential({ inputShape: [4] });\nmodel.fitGenerater(train, null, 1);'));
    const check = ibnb(['check', 'bad.ibnb'], dir);
    assert.equal(check.status, 1, check.stderr + check.stdout);
    const lines = check.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, check.stdout);
    assert.match(lines[0], /^bad\.ibnb:cell 3:1:7  Type 'string' is not assignable to type 'number'\. \(TS2322\)$/);
    assert.match(lines[1], /^bad\.ibnb:cell 3:2:29  Property 'loadDataa' does not exist on type .*Did you mean 'loadData'\? \(TS2551\)$/);
    assert.match(lines[2], /^bad\.ibnb:cell 5:2:7  Property 'fitGenerater' does not exist on type 'IBSequential'\. Did you mean 'fitGenerator'\? \(TS2551\)$/);
    assert.equal(check.stderr, 'bad.ibnb: 3 type errors in 2 cells.\n');
  });
});

// Every example is checked in test/language/service.test.ts; here the reference one, through the CLI as CI would.
test('ibnb check: the reference example notebook is clean', () => {
  const check = ibnb(['check', 'hsic-dynamics.ibnb'], EXAMPLES);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.equal(check.stdout, 'hsic-dynamics.ibnb: no type errors in 8 code cells.\n');
});

test('ibnb check: usage and file errors exit 2', () => {
  withFolder((dir) => {
    writeFileSync(join(dir, 'corrupt.ibnb'), '{ "format": "ibnb", ');
    writeFileSync(join(dir, 'ok.ibnb'), notebook('const a = 1;'));
    const cases: [string[], RegExp][] = [
      [['check'], /No notebook given: ibnb check <notebook\.ibnb>/],
      [['check', 'missing.ibnb'], /missing\.ibnb/],
      [['check', 'corrupt.ibnb'], /corrupt\.ibnb/],
      [['check', 'ok.ibnb', '--out', 'x.ibnb'], /--out is not an option of ibnb check \(it is one of ibnb run and ibnb export\)/],
      [['check', 'ok.ibnb', 'ok.ibnb'], /One notebook at a time/],
      [['lint', 'ok.ibnb'], /the commands are 'run', 'check' and 'export'/],
    ];
    for (const [args, message] of cases) {
      const result = ibnb(args, dir);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
  });
});

test('ibnb run --check: type errors stop the run before any cell runs, and the file is left as it was', () => {
  withFolder((dir) => {
    const text = notebook("console.log('ran');", 'const n: number = "one";');
    writeFileSync(join(dir, 'bad.ibnb'), text);
    const run = ibnb(['run', 'bad.ibnb', '--check'], dir);
    assert.equal(run.status, 1, run.stderr + run.stdout);
    assert.match(run.stdout, /^bad\.ibnb:cell 2:1:7  Type 'string' is not assignable to type 'number'/);
    assert.doesNotMatch(run.stdout, /ran|▶/);
    assert.equal(readFileSync(join(dir, 'bad.ibnb'), 'utf8'), text);
  });
});

test('ibnb run --check on a clean notebook type-checks, then runs it', () => {
  withFolder((dir) => {
    writeFileSync(join(dir, 'ok.ibnb'), notebook("const greeting: string = 'hello';\nconsole.log(greeting);"));
    const run = ibnb(['run', 'ok.ibnb', '--check'], dir);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /^ok\.ibnb: no type errors in 1 code cell\.\n[\s\S]*▶ \[1\/1\] cell 1\nhello\n✓ cell 1/);
  });
});
