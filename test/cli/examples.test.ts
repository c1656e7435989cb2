import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseNotebook } from '../../src/format/index';
import { hasTag, PARAMETERS_TAG } from '../../src/format/tags';
import { declaredNames } from '../../src/cli/parameters/declared';
import { DYNAMICS_MIME, type DynamicsPayload } from '../../src/contract/dynamicsPayload';

const CLI = resolve(__dirname, '../../dist/cli/main.js');
const EXAMPLES = resolve(__dirname, '../../media/examples');

/**
 * Every example notebook runs headless from start to end, as `npm start` runs
 * the reference port: exit 0, every code cell executed, and, where it attaches
 * an evaluator, the training cell's dynamics saved in the notebook and drawn in the report.
 */
for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.ibnb'))) {
  test(`ibnb run ${name} succeeds, with the dynamics in the notebook and the report`, () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does).`);
    const dir = mkdtempSync(join(tmpdir(), 'ibnb-example-'));
    try {
      const out = join(dir, name);
      const html = join(dir, 'report.html');
      const run = spawnSync(process.execPath, [CLI, 'run', join(EXAMPLES, name), '--out', out, '--html', html], { encoding: 'utf8', timeout: 600_000 });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      const executed = parseNotebook(readFileSync(out, 'utf8'), out);
      const code = executed.cells.filter((c) => c.kind === 'code');
      assert.ok(code.every((c) => c.kind === 'code' && typeof c.executionOrder === 'number'), 'every code cell ran');
      const source = readFileSync(join(EXAMPLES, name), 'utf8');
      // The source notebook itself is left as it was.
      assert.ok(!source.includes(DYNAMICS_MIME));
      if (source.includes('attachEvaluator')) {
        const payloads = code.flatMap((c) => (c.kind === 'code' ? c.outputs.flatMap((o) => o.items.filter((i) => i.mime === DYNAMICS_MIME)) : []));
        assert.ok(payloads.length > 0, 'a dynamics output was saved');
        const payload = payloads[0].data as unknown as DynamicsPayload;
        assert.equal(payload.status, 'done');
        assert.ok(payload.epochs.length >= 1 && payload.epochs.every((e) => e.mean.flat(2).every(Number.isFinite)));
        assert.match(readFileSync(html, 'utf8'), /IbnbCharts/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("`npm run full-scale` sets the reference notebook's declared fullScale parameter", async () => {
  const script = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')).scripts['full-scale'] as string;
  assert.match(script, /run media\/examples\/hsic-dynamics\.ibnb -p fullScale=true /);
  const path = join(EXAMPLES, 'hsic-dynamics.ibnb');
  const parameters = parseNotebook(readFileSync(path, 'utf8'), path).cells.filter((c) => c.kind === 'code' && hasTag(c, PARAMETERS_TAG));
  assert.equal(parameters.length, 1, 'one cell is tagged parameters');
  assert.ok(parameters[0].kind === 'code' && /const fullScale = false;/.test(parameters[0].source), 'it declares fullScale, off by default');
  assert.deepEqual(await declaredNames(parameters[0].source), ['fullScale']);
});
