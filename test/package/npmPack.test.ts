/**
 * `ibnb` installed as a package: `npm pack`, installed into an empty folder
 * with nothing else, then used as a user would: `import { IBSequential }
 * from 'ibnb'` in a script, and `npx ibnb run` on an example notebook (whose
 * kernel transpiles cells with esbuild, so esbuild must be a dependency).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm pack, installed into an empty folder: the library imports and trains, and npx ibnb run runs a notebook', () => {
  assert.ok(existsSync(join(ROOT, 'dist/cli/main.js')), 'dist/ is missing: run `npm run build` first (npm test does).');
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-pack-'));
  try {
    execFileSync(NPM, ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    // --prefer-offline: the dependencies are in npm's cache after the project's own install.
    execFileSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(dir, tarball)], { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] });
    assert.ok(!existsSync(join(app, 'node_modules/ibnb/src')), 'sources and tests stay out of the package');

    writeFileSync(
      join(app, 'train.mjs'),
      [
        "import { IBSequential, Dense, Flatten, HSIC, mnist } from 'ibnb';",
        "const [train] = await mnist.loadData({ source: 'embedded', batchSize: 32, limit: 64, validationSplit: 0, seed: 0 });",
        'const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });',
        "model.add(new Flatten()); model.add(new Dense(10, { activation: 'softmax' }));",
        'model.compile({}); model.attachEvaluator(new HSIC({ sigma: 5 }));',
        'await model.fitGenerator(train, null, 1, { listeners: [{}] });',
        "console.log('dynamics', model.evaluatedDynamics.shape.join('x'));",
      ].join('\n'),
    );
    const script = spawnSync(process.execPath, ['train.mjs'], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    assert.equal(script.status, 0, script.stderr);
    assert.match(script.stdout, /dynamics 1x2x1x1x2/);

    copyFileSync(join(ROOT, 'media/examples/mnist-classifier.ibnb'), join(app, 'nb.ibnb'));
    const run = spawnSync(NPM, ['exec', '--offline', '--', 'ibnb', 'run', 'nb.ibnb', '--out', 'done.ibnb'], { cwd: app, encoding: 'utf8', timeout: 300_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /test accuracy \d+\.\d %/);
    assert.match(readFileSync(join(app, 'done.ibnb'), 'utf8'), /"executionOrder"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
