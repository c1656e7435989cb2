/**
 * The README's three-seed example, as written there, on small data: the loop
 * is read from the README (so the example cannot rot), its paths moved into
 * a temporary folder, and the run shrunk with more parameters.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasTag, parseNotebook, type CodeCell } from '../../src/format/index';
import { loadDynamics } from '../../src/lib/dynamics/runFile';
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

test("the README's three-seed example writes three notebooks, reports and run files, each with its seed", () =>
  withFolder((dir) => {
    const { seeds, argv } = readmeLoop();
    const example = readFileSync(join(ROOT, 'examples/seeds.ibnb'), 'utf8');
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
    // The example notebook itself is left as it was.
    assert.equal(readFileSync(join(ROOT, 'examples/seeds.ibnb'), 'utf8'), example);
    assert.ok(!existsSync(join(ROOT, 'examples', 'runs')));
  }));
