import assert from 'node:assert/strict';
import test from 'node:test';
import { parseCliArgs, UsageError, type RunArgs } from '../../src/cli/args';

const run = (...argv: string[]) => parseCliArgs(['run', 'nb.ibnb', ...argv]) as RunArgs;

test('-p values are JSON when they parse as JSON and text otherwise; -r values are always text', () => {
  const { parameters } = run(
    '-p', 'seed=1', '-p', 'dropout=0.2', '--parameter', 'optimizer=adam', '-p', 'shuffle=false', '-p', 'label="1"', '-p', 'widths=[64, 32]',
    '-p', 'extra={"a": null}', '-p', 'empty=', '-p', 'expr=a=b', '-r', 'tag=1', '--raw-parameter', 'quoted="x"', '-p', 'nan=NaN',
  );
  assert.deepEqual(parameters, [
    { name: 'seed', value: 1 },
    { name: 'dropout', value: 0.2 },
    { name: 'optimizer', value: 'adam' },
    { name: 'shuffle', value: false },
    { name: 'label', value: '1' },
    { name: 'widths', value: [64, 32] },
    { name: 'extra', value: { a: null } },
    { name: 'empty', value: '' },
    { name: 'expr', value: 'a=b' },
    { name: 'tag', value: '1' },
    { name: 'quoted', value: '"x"' },
    { name: 'nan', value: 'NaN' },
  ]);
});

test('a name given twice keeps its first place and its last value, -p and -r alike', () => {
  assert.deepEqual(run('-p', 'seed=1', '-p', 'epochs=2', '-r', 'seed=3').parameters, [
    { name: 'seed', value: '3' },
    { name: 'epochs', value: 2 },
  ]);
  assert.deepEqual(run().parameters, []);
});

test('a malformed -p or -r is a usage error that shows the form', () => {
  const cases: [string[], RegExp][] = [
    [['-p', 'seed'], /-p seed: a parameter is name=value, e\.g\. -p seed=1/],
    [['-r', 'seed'], /-r seed: a parameter is name=value, e\.g\. -r seed=1/],
    [['-p', '=1'], /the name "" is empty/],
    [['-p', '1st=1'], /the name "1st" is not a TypeScript identifier/],
    [['-p', 'my-rate=1'], /"my-rate" is not a TypeScript identifier/],
    [['-p', 'class=1'], /"class" is a reserved word/],
    [['-p'], /argument missing/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => run(...argv), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
  }
  // Unicode identifiers are identifiers.
  assert.deepEqual(run('-p', 'σ=5', '-p', '$lr_2=0.1').parameters, [
    { name: 'σ', value: 5 },
    { name: '$lr_2', value: 0.1 },
  ]);
});

test('export takes --to and --out; an option of the other command is an error, not ignored', () => {
  assert.deepEqual(parseCliArgs(['export', 'nb.ibnb', '--to', 'ipynb']), { command: 'export', notebook: 'nb.ibnb', to: 'ipynb', out: undefined });
  assert.deepEqual(parseCliArgs(['export', 'nb.ibnb', '--to', 'ipynb', '-o', 'x.ipynb']), { command: 'export', notebook: 'nb.ibnb', to: 'ipynb', out: 'x.ipynb' });
  const cases: [string[], RegExp][] = [
    [['export', 'nb.ibnb'], /ibnb export needs --to <format>; the formats are: ipynb/],
    [['export', 'nb.ibnb', '--to', 'html'], /--to html: the formats are: ipynb/],
    [['export', 'nb.ibnb', '--to', 'ipynb', '-p', 'seed=1'], /--parameter is not an option of ibnb export \(it is one of ibnb run\)/],
    [['run', 'nb.ibnb', '--to', 'ipynb'], /--to is not an option of ibnb run \(it is one of ibnb export\)/],
    [['run', 'nb.ibnb', '--ipynb', ' '], /--ipynb needs a value/],
    [['export'], /No notebook given: ibnb export <notebook\.ibnb>/],
    [['convert', 'nb.ibnb'], /Unknown command 'convert'; the commands are 'run', 'check' and 'export'/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseCliArgs(argv), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
  }
  assert.equal(run('--ipynb', 'out.ipynb').ipynb, 'out.ipynb');
});
