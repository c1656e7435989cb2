// Bundles the extension-host mocha suite (test/extension/suite) into one file that VS Code
// loads through --extensionTestsPath. Shared by `npm run test:vscode` (desktop VS Code via
// @vscode/test-electron) and the code-server e2e run (test/e2e/extension-host.e2e.ts).
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** Builds the suite under `root`/out/vscode-test and returns the path of its entry (index.js). */
export async function bundleExtensionSuite(root) {
  const suiteDir = join(root, 'test/extension/suite');
  const outDir = join(root, 'out/vscode-test');
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: readdirSync(suiteDir)
      .filter((f) => f === 'index.ts' || f.endsWith('.vscode-test.ts'))
      .map((f) => join(suiteDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    // VS Code provides `vscode`; mocha is loaded from node_modules, one copy for the runner and the tests.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outDir, 'index.js');
}
