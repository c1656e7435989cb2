// `npm run test:vscode`: the extension tests inside a real VS Code (@vscode/test-electron).
// Builds the extension, bundles test/extension/suite/ to out/vscode-test/, makes a fresh
// workspace and runs the suite in the extension host. Needs a desktop VS Code: downloaded
// (network access to the VS Code update servers), or one named by VSCODE_EXECUTABLE. On Linux
// without a display, run it under xvfb-run. Not part of `npm test`.
//
// Environment: VSCODE_EXECUTABLE (a VS Code binary to use instead of downloading),
// VSCODE_VERSION (what to download: 'stable' by default, or e.g. '1.90.2', the oldest supported),
// IBNB_VSCODE_GREP (run only the tests whose title matches).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleExtensionSuite } from '../test/extension/bundleSuite.mjs';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = resolve(import.meta.dirname, '..');

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const extensionTestsPath = await bundleExtensionSuite(root);

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  const version = process.env.VSCODE_VERSION ?? 'stable';
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: join(root, '.cache/vscode-test'), timeout: 30_000 });
  } catch (error) {
    console.error(
      `\nnpm run test:vscode: VS Code ${version} could not be downloaded (${error instanceof Error ? error.message : String(error)}).\n` +
        'These tests need a desktop VS Code: run them where the VS Code update servers can be reached, or set\n' +
        'VSCODE_EXECUTABLE to an installed VS Code (version 1.90 or later). `npm test` does not need them.',
    );
    process.exit(1);
  }
}

const workspace = mkdtempSync(join(tmpdir(), 'ibnb-vscode-test-'));
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: process.env.IBNB_VSCODE_GREP ? { IBNB_VSCODE_GREP: process.env.IBNB_VSCODE_GREP } : undefined,
  });
} catch (error) {
  console.error(`\nnpm run test:vscode failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
