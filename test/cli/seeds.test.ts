/**
 * The README's three-seed example, as written there, on small data: the loop
 * and the comparison after it are read from the README (so the example
 * cannot rot), their paths moved into a temporary folder, and the runs shrunk
 * with more parameters.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasTag, parseNotebook, type CodeCell } from '../../src/format/index';
import { loadDynamics } from '../../src/lib/dynamics/runFile';
import { COMPARE_MIME, type ComparePayload } from '../../src/contract/dynamicsPayload';
import { ibnb, withFolder } from './helpers';

const ROOT = resolve(__dirname, '../..');
const SMALL = ['-p', 'limit=96', '-p', 'epochs=1'];

/** The loop's seeds and its command line, from the README's code block. */
function readmeLoop(): { seeds: string[]; argv: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const loop = /^for seed in ([\d ]+); do\n {2}npx ibnb (run .+)\ndone$/m.exec(readme);
  assert.ok(loop, 'the README has the three-seed loop');
  return { seeds: loop[1].trim().split(/\s+/), argv: loop[2].split(/\s+/) };
}

/** The command right after the loop: the comparison of the seeds' runs. */
function readmeCompare(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const step = /^done\nnpx ibnb (run .+)\n```$/m.exec(readme);
  assert.ok(step, 'the README compares the runs after the loop');
  return step[1].split(/\s+/);
}

test("the README's three-seed example writes three notebooks, reports and run files, each with its seed, then compares them in one report", () =>
  withFolder((dir) => {
    const { seeds, argv } = readmeLoop();
    const example = readFileSync(join(ROOT, 'examples/seeds.ibnb'), 'utf8');
    const compareExample = readFileSync(join(ROOT, 'examples/compare-seeds.ibnb'), 'utf8');
    assert.deepEqual(seeds, ['1', '2', '3']);
    assert.ok(argv.includes('-p') && argv.includes('seed=$seed'), 'the seed is a -p parameter');
    const losses = new Set<number>();
    for (const seed of seeds) {
      const args = argv.map((a) => a.replaceAll('$seed', seed).replace(/^out\//, `${dir}/`));
      const run = ibnb([...args, ...SMALL, '-r', `runsDir=${dir}/runs`], ROOT, 300_000);
      assert.equal(run.status, 0, `seed ${seed}: ${run.stdout}\n${run.stderr}`);
      assert.equal(run.stderr, '', 'no warning: the notebook declares every parameter');

      const out = join(dir, `seed-${seed}.ibnb`);
      const notebook = parseNotebook(readFileSync(out, 'utf8'), out);
      const injected = notebook.cells.find((c) => hasTag(c, 'injected-parameters')) as CodeCell;
      assert.match(injected.source, new RegExp(`^const seed = ${seed};$`, 'm'));
      const last = notebook.cells[notebook.cells.length - 1] as CodeCell;
      assert.equal(last.outputs[0]?.items[0]?.data, `'seed ${seed}, dropout 0: run file ${dir}/runs/seed-${seed}.jsonl'`);
      assert.match(readFileSync(join(dir, `seed-${seed}.html`), 'utf8'), /tags: injected-parameters[\s\S]*IbnbCharts/);

      const payload = loadDynamics(join(dir, 'runs', `seed-${seed}.jsonl`)).toPayload();
      assert.equal(payload.status, 'done');
      assert.deepEqual(payload.layers, ['dense_1', 'dense_2']);
      assert.equal(payload.epochs.length, 1);
      losses.add(payload.epochs[0].loss ?? NaN);
    }
    assert.equal(losses.size, 3, 'three different runs');

    // The last step: the three runs compared in one report.
    const compare = readmeCompare();
    assert.ok(compare.includes('-p') && compare.some((a) => a.startsWith('runsDir=')), 'the runs folder is a -p parameter');
    const args = compare.map((a) => (a.startsWith('runsDir=') ? `runsDir=${dir}/runs` : a.replace(/^out\//, `${dir}/`)));
    const run = ibnb(args, ROOT, 300_000);
    assert.equal(run.status, 0, `compare: ${run.stdout}\n${run.stderr}`);
    assert.equal(run.stderr, '');
    const out = join(dir, 'seeds-compared.ibnb');
    const notebook = parseNotebook(readFileSync(out, 'utf8'), out);
    const charts = notebook.cells.flatMap((c) => (c.kind === 'code' ? c.outputs.flatMap((o) => o.items.filter((i) => i.mime === COMPARE_MIME)) : []));
    assert.equal(charts.length, 2, 'each run, then their mean ± 1 sd');
    const [each, band] = charts.map((c) => c.data as unknown as ComparePayload);
    assert.deepEqual(each.runs.map((r) => r.label), ['seed-1', 'seed-2', 'seed-3']);
    assert.deepEqual(new Set(each.runs.map((r) => r.dynamics.epochs[0].loss)), losses, 'the three runs of the loop');
    assert.equal(band.aggregate, 'mean-sd');
    assert.deepEqual(band.runs.map((r) => r.group), ['all runs', 'all runs', 'all runs'], 'the seeds share one configuration');
    const html = readFileSync(join(dir, 'seeds-compared.html'), 'utf8');
    assert.equal(html.match(/IbnbCharts\.render\("[\w-]+", "application\/vnd\.ibnb\.compare\+json"\)/g)?.length, 2, 'the report draws both comparisons');
    assert.match(html, /<li>Information plane of dense_1, dense_2 \(x = HSIC\(H, X\), y = HSIC\(H, Y\)\): HSIC · [^<]* · mean ± 1 sd over 3 runs: seed-1/);
    // The example notebook itself is left as it was.
    assert.equal(readFileSync(join(ROOT, 'examples/seeds.ibnb'), 'utf8'), example);
    assert.equal(readFileSync(join(ROOT, 'examples/compare-seeds.ibnb'), 'utf8'), compareExample);
    assert.ok(!existsSync(join(ROOT, 'examples', 'runs')));
  }));
