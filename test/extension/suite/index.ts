/**
 * The extension-host side of `npm run test:vscode`: VS Code loads this file
 * (--extensionTestsPath, bundled to out/vscode-test/index.js by
 * scripts/test-vscode.mjs) and awaits run(). Every *.vscode-test.js beside it
 * runs with mocha. The same entry works for any VS Code build that takes
 * --extensionDevelopmentPath/--extensionTestsPath (code-server's included).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: true, ...(process.env.IBNB_VSCODE_GREP ? { grep: process.env.IBNB_VSCODE_GREP } : {}) });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.vscode-test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed.`)) : resolve()));
  });
}
