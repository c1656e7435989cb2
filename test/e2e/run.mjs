// The end-to-end suites in a real VS Code: code-server (VS Code 1.100 in a browser, installed
// offline by setup-code-server.sh into ~/.cache/ibnb-e2e or $IBNB_E2E_CACHE) and Debian's
// Chromium driven by playwright-core. Three parts, each timed:
//   1. setup    code-server and the Debian packages it needs (nothing to do when cached)
//   2. package  `npm run package`: the .vsix a user installs
//   3. suites   vscode.e2e.ts (the vsix installed into a fresh code-server, used as a user does),
//               intellisense.e2e.ts (completions, hover, squiggles across cells, typed in a cell),
//               webgpu.e2e.ts (the same on the webgpu backend, on SwiftShader)
//               and extension-host.e2e.ts (test/extension/suite in code-server's extension host)
//
// Usage: node test/e2e/run.mjs [--skip-build]   (--skip-build: dist/ is fresh, e.g. under npm test)
// Environment:
//   CI=true            a setup that cannot complete fails the run (otherwise the suites are skipped, loudly)
//   IBNB_E2E=0         skip the suites (not honoured in CI)
//   IBNB_E2E_EXTHOST=0 leave out the extension-host suite
//   IBNB_E2E_SKIP_EXIT exit code for "skipped" (scripts/test.mjs sets it to tell skips from passes; default 0)
//   IBNB_E2E_CACHE, IBNB_CODE_SERVER_VERSION, CHROMIUM_PATH: see setup-code-server.sh and harness.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const skipExit = Number(process.env.IBNB_E2E_SKIP_EXIT ?? 0);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const timings = [];

function seconds(started) {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = '!'.repeat(width);
  console.log(`\n${rule}\n${lines.map((l) => `! ${l.padEnd(width - 4)} !`).join('\n')}\n${rule}\n`);
}

function skip(why) {
  if (ci) {
    console.error(`\ne2e FAILED: ${why}\n(CI=true: the end-to-end suites must run; a setup that cannot complete is a failure.)`);
    process.exit(1);
  }
  banner([`e2e SKIPPED: ${why}`, 'The VS Code end-to-end suites did not run; nothing was tested in a real VS Code.', 'CI runs them (CI=true makes this a failure).']);
  process.exit(skipExit);
}

if (process.env.IBNB_E2E === '0') {
  if (ci) console.log('IBNB_E2E=0 is ignored in CI: the end-to-end suites always run there.');
  else skip('IBNB_E2E=0');
}

// 1. setup
console.log('\n== e2e 1/3: code-server setup');
let started = Date.now();
const setup = spawnSync('bash', [join(root, 'test/e2e/setup-code-server.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
timings.push(`setup ${seconds(started)}`);
const entry = (setup.stdout ?? '').trim().split('\n').pop() ?? '';
if (setup.error) skip(`the setup script could not start (${setup.error.message})`);
if (setup.status !== 0) skip(`code-server could not be set up (test/e2e/setup-code-server.sh exited with ${setup.status ?? setup.signal}; its log is above)`);
if (!existsSync(entry)) skip(`the setup script printed no code-server entry point (got '${entry}')`);
if (!existsSync(chromium)) skip(`Chromium is not at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
console.log(`code-server: ${entry}\ntook ${timings.at(-1).replace('setup ', '')}`);

// 2. package
console.log('\n== e2e 2/3: npm run package');
started = Date.now();
const vsixDir = mkdtempSync(join(tmpdir(), 'ibnb-e2e-vsix-'));
const vsix = join(vsixDir, 'ibnb-e2e.vsix');
const skipBuild = process.argv.includes('--skip-build') ? ['--skip-build'] : [];
const pack = spawnSync('npm', ['run', 'package', '--', '--out', vsix, ...skipBuild], { cwd: root, stdio: 'inherit' });
timings.push(`package ${seconds(started)}`);
if (pack.status !== 0 || !existsSync(vsix)) {
  console.error(`\ne2e FAILED: npm run package exited with ${pack.status ?? pack.signal}`);
  process.exit(1);
}
console.log(`took ${timings.at(-1).replace('package ', '')}`);

// 3. suites
const files = ['test/e2e/vscode.e2e.ts', 'test/e2e/intellisense.e2e.ts', 'test/e2e/webgpu.e2e.ts'];
if (process.env.IBNB_E2E_EXTHOST !== '0') files.push('test/e2e/extension-host.e2e.ts');
console.log(`\n== e2e 3/3: ${files.join(', ')} (screenshots and logs: test-artifacts/e2e/)`);
started = Date.now();
// Bounds, so a hang fails with the test's name instead of running into CI's limit.
const TEST_TIMEOUT_MS = 10 * 60_000;
const RUN_TIMEOUT_MS = 30 * 60_000;
const suites = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  timeout: RUN_TIMEOUT_MS,
  killSignal: 'SIGKILL',
  env: { ...process.env, IBNB_CODE_SERVER: entry, IBNB_E2E_VSIX: vsix },
});
timings.push(`suites ${seconds(started)}`);
if (suites.error) console.error(`\ne2e FAILED: the suites did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes (${suites.error.message}); they were stopped.`);
rmSync(vsixDir, { recursive: true, force: true });
console.log(`\ne2e timings: ${timings.join(', ')}`);
process.exit(suites.status ?? 1);
