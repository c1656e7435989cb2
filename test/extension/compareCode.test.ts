/** The cell IB: Compare Runs… writes: exact text, and the same cell run in a real kernel (the built dist/kernel/main.js). */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { validateComparePayload } from '../../src/charts/compare/validate';
import { compareRunsCell, runLabels, runPathInCell } from '../../src/extension/compareCode';
import { KernelClient } from '../../src/kernelClient/client';
import { COMPARE_MIME, type ComparePayload } from '../../src/contract/dynamicsPayload';

test('paths inside the notebook folder are written relative to it, others as given', () => {
  assert.equal(runPathInCell('/work/nb', '/work/nb/out/runs/seed-1.jsonl'), 'out/runs/seed-1.jsonl');
  assert.equal(runPathInCell('/work/nb', '/elsewhere/seed-1.jsonl'), '/elsewhere/seed-1.jsonl');
  assert.equal(runPathInCell('/work/nb', '/work/nb-other/a.jsonl'), '/work/nb-other/a.jsonl');
});

test('labels are the file names, numbered where two are alike', () => {
  assert.deepEqual(runLabels(['/a/seed-1.jsonl', '/a/seed-2.jsonl']), ['seed-1', 'seed-2']);
  assert.deepEqual(runLabels(['/a/run.jsonl', '/b/run.jsonl', '/c/x.jsonl']), ['run (1)', 'run (2)', 'x']);
});

test('the cell calls compareRuns on the files with their labels, and the mean ± 1 sd when asked', () => {
  const cell = compareRunsCell('/nb', ['/nb/runs/seed-1.jsonl', '/nb/runs/seed-"2".jsonl'], 'mean-sd');
  assert.equal(
    cell,
    [
      "import { compareRuns } from 'ibnb';",
      '',
      '// Added by "IB: Compare Runs…": the mean ± 1 sd over runs of one configuration.',
      'compareRuns(',
      '  [',
      '    "runs/seed-1.jsonl",',
      '    "runs/seed-\\"2\\".jsonl",',
      '  ],',
      '  { labels: ["seed-1", "seed-\\"2\\""], aggregate: \'mean-sd\' },',
      ');',
    ].join('\n'),
  );
  assert.doesNotMatch(compareRunsCell('/nb', ['/nb/a.jsonl']), /aggregate/);
  assert.throws(() => compareRunsCell('/nb', []), /at least one run file/);
});

const KERNEL = resolve(__dirname, '../../dist/kernel/main.js');

test('the inserted cell runs in a real kernel on run files saved there, and shows the comparison chart', async () => {
  if (!existsSync(KERNEL)) throw new Error(`${KERNEL} is missing: run \`npm run build\` first (npm test does).`);
  const folder = mkdtempSync(join(tmpdir(), 'ibnb-compare-cell-'));
  const client = new KernelClient({ kernelPath: KERNEL, cwd: folder });
  const outputs = new Map<string, { mime: string; data: unknown }[]>();
  client.onOutput((m) => outputs.set(m.cellId, [...(outputs.get(m.cellId) ?? []), ...m.items]));
  try {
    const train = await client.execute({
      cellId: 'train',
      cellLabel: 'cell 1',
      notebookDir: folder,
      code: [
        "import { IBSequential, Dense, HSIC, tf } from 'ibnb';",
        'const x = tf.randomNormal([32, 6]);',
        'const labels = Array.from({ length: 32 }, (_, i) => i % 3);',
        'for (const seed of [1, 2]) {',
        "  const model = new IBSequential({ inputShape: [6], trackDynamics: true, saveDynamics: `runs/seed-${seed}.jsonl` });",
        "  model.add(new Dense(4, { activation: 'relu' })).add(new Dense(3));",
        "  model.compile({ optimizer: 'adam' });",
        "  model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 5 }));",
        '  await model.fit(x, labels, { batchSize: 16, epochs: 2 });',
        '}',
      ].join('\n'),
    });
    assert.equal(train.status, 'ok', JSON.stringify(outputs.get('train')));
    const files = [1, 2].map((s) => join(folder, 'runs', `seed-${s}.jsonl`));
    const result = await client.execute({ cellId: 'compare', cellLabel: 'cell 2', notebookDir: folder, code: compareRunsCell(folder, files, 'mean-sd') });
    assert.equal(result.status, 'ok', JSON.stringify(outputs.get('compare')));
    const chart = outputs.get('compare')?.find((i) => i.mime === COMPARE_MIME);
    assert.ok(chart, `a compare chart among ${JSON.stringify(outputs.get('compare')?.map((i) => i.mime))}`);
    const payload = chart.data as ComparePayload;
    assert.deepEqual(payload.runs.map((r) => r.label), ['seed-1', 'seed-2']);
    assert.equal(payload.aggregate, 'mean-sd');
    assert.equal(payload.runs[0].dynamics.epochs.length, 2);
    assert.ok(validateComparePayload(payload).ok);
  } finally {
    client.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});
