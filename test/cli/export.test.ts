/** `ibnb run --ipynb` and `ibnb export --to ipynb`, end to end: a real training run's notebook, checked against nbformat's schema. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipynbSchemaErrors } from '../../src/cli/ipynb/validate';
import { serializeNotebook, type Notebook } from '../../src/format/index';
import { DYNAMICS_MIME } from '../../src/contract/dynamicsPayload';
import { codeCell, ibnb, withFolder } from './helpers';

const TRAINING: Notebook = {
  metadata: { title: 'Export me' },
  cells: [
    { kind: 'markdown', source: '# Export me' },
    codeCell(
      [
        "import { IBSequential, Flatten, Dense, HSIC, mnist } from 'ibnb';",
        "const [train, val] = await mnist.loadData({ source: 'embedded', limit: 64, batchSize: 16, validationSplit: 0.25, seed: 0 });",
        'const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });',
        "model.add(new Flatten());\nmodel.add(new Dense(10, { activation: 'softmax' }));",
        "model.compile({ optimizer: 'SGD', loss: 'cross_entropy', metrics: ['accuracy'] });",
        "model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 'median', normalization: 'unbiased' }));",
        'await model.fitGenerator(train, val, 1);',
      ].join('\n'),
    ),
    codeCell('40 + 2'),
  ],
};

type Ipynb = { cells: { cell_type: string; source: string[]; outputs?: { output_type: string; data?: Record<string, unknown>; text?: string[] }[] }[] };

function checkIpynb(path: string): Ipynb {
  const ipynb = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(ipynbSchemaErrors(ipynb), [], 'valid nbformat 4.5');
  assert.deepEqual(ipynb.cells.map((c: { cell_type: string }) => c.cell_type), ['markdown', 'code', 'code']);
  const outputs = ipynb.cells[1].outputs;
  assert.ok(outputs.some((o: { output_type: string; text?: string[] }) => o.output_type === 'stream' && o.text?.join('').includes('Epoch 1/1')));
  const chart = outputs.find((o: { data?: Record<string, unknown> }) => o.data?.['image/svg+xml']);
  assert.ok(chart, 'the chart is an SVG');
  assert.match((chart.data['image/svg+xml'] as string[]).join(''), /^<svg[\s\S]*HSIC · gaussian kernel · σ = median pairwise distance · unbiased/);
  assert.match((chart.data['text/plain'] as string[]).join(''), /HSIC · gaussian kernel · σ = median pairwise distance · unbiased/);
  assert.equal((chart.data[DYNAMICS_MIME] as { status: string }).status, 'done', 'the data ride along');
  assert.deepEqual(ipynb.cells[2].outputs, [{ output_type: 'execute_result', execution_count: 2, data: { 'text/plain': ['42'] }, metadata: {} }]);
  return ipynb;
}

test('ibnb run --ipynb writes the executed notebook as a valid .ipynb; the report names what each chart measured', () =>
  withFolder((dir) => {
    writeFileSync(join(dir, 'nb.ibnb'), serializeNotebook(TRAINING));
    const run = ibnb(['run', 'nb.ibnb', '--out', 'done.ibnb', '--ipynb', 'shared/done.ipynb', '--html', 'report.html'], dir);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /Wrote .*shared\/done\.ipynb/);
    checkIpynb(join(dir, 'shared', 'done.ipynb'));
    assert.deepEqual(readdirSync(join(dir, 'shared')), ['done.ipynb'], 'no temp file left');
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /<ul class="measured"><li>Information plane of dense_1 \(x = HSIC\(H, X\), y = HSIC\(H, Y\)\): HSIC · gaussian kernel · σ = median pairwise distance · unbiased/);

    // Exporting the executed notebook gives the same cells, beside it by default.
    const exported = ibnb(['export', 'done.ibnb', '--to', 'ipynb'], dir);
    assert.equal(exported.status, 0, exported.stderr);
    checkIpynb(join(dir, 'done.ipynb'));
  }));

test('the input is never overwritten: --ipynb or --out naming the notebook is refused before anything runs', () =>
  withFolder((dir) => {
    const text = serializeNotebook(TRAINING);
    writeFileSync(join(dir, 'nb.ibnb'), text);
    const run = ibnb(['run', 'nb.ibnb', '--ipynb', 'nb.ibnb'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--ipynb nb\.ibnb is the notebook being run; give the \.ipynb its own file, e\.g\. --ipynb nb\.ipynb/);
    assert.doesNotMatch(run.stdout, /Backend:/);
    const intoOut = ibnb(['run', 'nb.ibnb', '--out', 'x.ibnb', '--ipynb', './x.ibnb'], dir);
    assert.equal(intoOut.status, 2);
    assert.match(intoOut.stderr, /is the notebook written by --out/);
    const exported = ibnb(['export', 'nb.ibnb', '--to', 'ipynb', '-o', './nb.ibnb'], dir);
    assert.equal(exported.status, 2);
    assert.match(exported.stderr, /Refusing to write .*nb\.ibnb: it is the notebook being exported\. Give another file with --out/);
    assert.equal(readFileSync(join(dir, 'nb.ibnb'), 'utf8'), text);
    assert.deepEqual(readdirSync(dir), ['nb.ibnb']);
    const missing = ibnb(['export', 'gone.ibnb', '--to', 'ipynb'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /gone\.ibnb: cannot be read: no such file/);
  }));
