// Runs every test file under test/ with Node's test runner (TypeScript through tsx), then the
// end-to-end suites in a real VS Code (test/e2e/run.mjs: code-server + Chromium).
// Usage: node scripts/test.mjs [path-filter...]
//   No filter: every *.test.ts, then the e2e suites. A filter runs the matching *.test.ts files,
//   and the e2e suites only when a filter names them (`node scripts/test.mjs e2e`).
// The e2e suites set up code-server on first use (test/e2e/setup-code-server.sh). Where that cannot
// be done they are skipped with a loud notice, except with CI=true, where that is a failure.
// IBNB_E2E=0 skips them locally.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const UNIT_TEST_TIMEOUT_MS = 5 * 60_000;
const UNIT_RUN_TIMEOUT_MS = 40 * 60_000;

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = findTests('test').filter((f) => filters.length === 0 || filters.some((p) => f.includes(p))).sort();
const e2e = filters.length === 0 || filters.some((p) => 'test/e2e/'.includes(p) || p.includes('e2e'));
if (files.length === 0 && !e2e) {
  console.error(`No test files found${filters.length ? ` matching ${filters.join(', ')}` : ''}.`);
  process.exit(1);
}
let unit = 0;
if (files.length > 0) {
  // Bounds, so a hang fails with the test's name instead of running into CI's limit: a test may take
  // UNIT_TEST_TIMEOUT_MS (the slowest, a whole example notebook, takes about a minute), the run UNIT_RUN_TIMEOUT_MS.
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-timeout=${UNIT_TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    timeout: UNIT_RUN_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) console.error(`\nThe tests did not finish within ${UNIT_RUN_TIMEOUT_MS / 60_000} minutes (${result.error.message}); they were stopped.`);
  unit = result.status ?? 1;
}
if (!e2e) process.exit(unit);

const SKIPPED = 77;

// Under `npm test` the build ran just before: the package step need not build again.
const args = process.env.npm_lifecycle_event === 'test' ? ['--skip-build'] : [];
const run = spawnSync(process.execPath, ['test/e2e/run.mjs', ...args], { stdio: 'inherit', env: { ...process.env, IBNB_E2E_SKIP_EXIT: String(SKIPPED) } });
const e2eStatus = run.status ?? 1;
const parts = [];
if (files.length > 0) parts.push(unit === 0 ? 'unit, kernel, headless and renderer tests passed' : 'unit, kernel, headless or renderer tests FAILED');
parts.push(e2eStatus === 0 ? 'e2e passed' : e2eStatus === SKIPPED ? 'e2e SKIPPED (see the notice above)' : 'e2e FAILED');
console.log(`\nnpm test: ${parts.join('; ')}.`);
process.exit(unit !== 0 ? unit : e2eStatus === SKIPPED ? 0 : e2eStatus);
