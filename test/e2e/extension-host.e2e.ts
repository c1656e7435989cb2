/**
 * The extension-host suite (test/extension/suite/*.vscode-test.ts, written for
 * @vscode/test-electron) run inside code-server's extension host, with a
 * browser attached: VS Code's web workbench reads extensionDevelopmentPath and
 * extensionTestsPath from its `payload` URL parameter (code-server's own
 * command line rejects --extensionDevelopmentPath/--extensionTestsPath as
 * unknown options), loads the staged extension (out/vsix, from
 * `npm run package`) as a development extension in the remote extension host,
 * runs the mocha suite there, and reports its exit code to
 * window.codeAutomationExit, which the page exposes here.
 *
 * Run with `node test/e2e/run.mjs` (after the setup and the package), or
 * directly: `node --import tsx --test test/e2e/extension-host.e2e.ts`.
 * IBNB_VSCODE_GREP runs only the tests whose title matches.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { test } from 'node:test';
import { bundleExtensionSuite } from '../extension/bundleSuite.mjs';
import { ARTIFACTS, codeServerEntry, launchBrowser, packagedVsix, ROOT, startCodeServer } from './harness';

const SUITE_DIR = join(ROOT, 'test/extension/suite');
const STAGE = join(ROOT, 'out/vsix');
const SUITE_TIMEOUT = 10 * 60_000;


test('the extension-host suite (test/extension/suite) passes inside code-server', { timeout: SUITE_TIMEOUT + 120_000 }, async (t) => {
  if (!existsSync(join(SUITE_DIR, 'index.ts'))) {
    t.skip('test/extension/suite/index.ts does not exist');
    return;
  }
  const entry = codeServerEntry();
  // The staged extension folder npm run package leaves in out/vsix: what the vsix holds, unpacked.
  if (!process.env.IBNB_E2E_VSIX || !existsSync(join(STAGE, 'package.json'))) packagedVsix();
  assert.ok(existsSync(join(STAGE, 'package.json')), `${STAGE} (staged by npm run package) is missing`);
  const testsPath = await bundleExtensionSuite(ROOT);
  const server = await startCodeServer({
    entry,
    env: process.env.IBNB_VSCODE_GREP ? { IBNB_VSCODE_GREP: process.env.IBNB_VSCODE_GREP } : {},
  });
  const browser = await launchBrowser();
  const lines: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    // The extension host's console (mocha's spec reporter) arrives as the workbench's
    // console messages: '%c INFO', 'color: …', then the reporter's format string and values.
    page.on('console', async (message) => {
      try {
        const args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => '')));
        const [tag, , ...rest] = args as unknown[];
        if (typeof tag !== 'string' || !/^%c\s+(INFO|ERR|WARN)/.test(tag) || rest.length === 0) return;
        const text = format(...(rest as [string, ...unknown[]]));
        if (/^(Resolving|Resolved|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore)/.test(text.trim())) return;
        lines.push(text);
        process.stdout.write(`  │ ${text.replace(/\n/g, '\n  │ ')}\n`);
      } catch {
        // the page went away
      }
    });
    const authority = new URL(server.url).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${STAGE}`],
      ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish in ${SUITE_TIMEOUT / 60_000} min`)), SUITE_TIMEOUT))),
    ]).finally(() => clearTimeout(timer));
    assert.ok(/Loading development extension at/.test(server.log()), `code-server did not load ${STAGE} as a development extension:\n${server.log()}`);
    const summary = lines.filter((l) => /\d+ (passing|failing|pending)/.test(l.replace(/\x1b\[[0-9;]*m/g, ''))).map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
    t.diagnostic(`mocha: ${summary.join(', ') || 'no summary'}`);
    assert.equal(code, 0, `the extension-host suite failed (exit code ${code}): ${summary.join(', ')}`);
  } finally {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'extension-host-suite.log'), `${lines.join('\n')}\n`);
    await browser.close();
    writeFileSync(join(ARTIFACTS, 'extension-host-code-server.log'), server.log());
    await server.stop();
  }
});
