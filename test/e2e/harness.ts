/**
 * The end-to-end harness: code-server (VS Code in a browser, installed by
 * setup-code-server.sh into a cache outside the work tree) with the packaged
 * extension installed into a fresh user-data and extensions folder, and
 * Debian's Chromium driven by playwright-core. Helpers act as a user does:
 * the command palette, Quick Open, the notebook's toolbar and cells, and the
 * output webviews (nested iframes).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';

// Page functions run in the browser; the test project compiles without the DOM's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

const HERE = dirname(__filename);
export const ROOT = join(HERE, '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_ID = 'ib-notebooks.ibnb';
export const SETUP_SCRIPT = join(HERE, 'setup-code-server.sh');

export function cacheDir(): string {
  return process.env.IBNB_E2E_CACHE ?? join(homedir(), '.cache', 'ibnb-e2e');
}

/** code-server's entry point: IBNB_CODE_SERVER (set by run.mjs), else whatever the setup script prints (installing it when missing). */
export function codeServerEntry(): string {
  const given = process.env.IBNB_CODE_SERVER;
  if (given) return given;
  const setup = spawnSync('bash', [SETUP_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  assert.equal(setup.status, 0, `${SETUP_SCRIPT} failed`);
  const entry = setup.stdout.trim().split('\n').pop() ?? '';
  assert.ok(existsSync(entry), `code-server entry ${entry} does not exist`);
  return entry;
}

/** The .vsix to test: IBNB_E2E_VSIX (set by run.mjs), else one packaged now with `npm run package`. */
export function packagedVsix(): string {
  const given = process.env.IBNB_E2E_VSIX;
  if (given) {
    assert.ok(existsSync(given), `IBNB_E2E_VSIX=${given} does not exist`);
    return given;
  }
  const out = join(mkdtempSync(join(tmpdir(), 'ibnb-e2e-vsix-')), 'ibnb.vsix');
  const result = spawnSync('npm', ['run', 'package', '--', '--out', out], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(result.status, 0, 'npm run package failed');
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  /** The temp folder holding user data, extensions and the workspace. */
  home: string;
  workspace: string;
  userDataDir: string;
  /** Everything code-server printed (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  entry: string;
  vsix?: string;
  /** Files to write into the fresh workspace (relative path → content). */
  files?: Record<string, string>;
  /** Extra code-server arguments (e.g. --extensionDevelopmentPath). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** User settings. */
  settings?: Record<string, unknown>;
}

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'notebook.confirmDeleteRunningCell': false,
  'files.hotExit': 'off',
  'window.confirmBeforeClose': 'never',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** A fresh code-server: new user-data and extensions folders in a temp folder, the vsix installed, the workspace written. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const home = mkdtempSync(join(tmpdir(), 'ibnb-e2e-'));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  const workspace = join(home, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = { ...process.env, ...options.env };
  // code-server reads these from its environment; keep them from leaking in from a user's setup.
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.VSCODE_IPC_HOOK_CLI;
  if (options.vsix) {
    const install = spawnSync(process.execPath, [options.entry, ...common, '--install-extension', options.vsix, '--force'], { encoding: 'utf8', env, timeout: 120_000 });
    const output = `${install.stdout}\n${install.stderr}`;
    assert.equal(install.status, 0, `code-server --install-extension failed:\n${output}`);
    assert.match(output, /successfully installed/i, `code-server --install-extension did not confirm:\n${output}`);
    const list = spawnSync(process.execPath, [options.entry, ...common, '--list-extensions'], { encoding: 'utf8', env, timeout: 60_000 });
    assert.ok(list.stdout.split('\n').includes(EXTENSION_ID), `${EXTENSION_ID} is not in --list-extensions:\n${list.stdout}\n${list.stderr}`);
  }
  const port = await freePort();
  const args = [
    options.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-workspace-trust',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...common,
    ...(options.args ?? []),
    workspace,
  ];
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) throw new Error(`code-server did not start in 60 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The server, its extension host and the kernels it started: one process group.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (!process.env.IBNB_E2E_KEEP) rmSync(home, { recursive: true, force: true });
  };
  return { url, home, workspace, userDataDir, log: () => log, stop };
}

export async function launchBrowser(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export interface Workbench {
  page: Page;
  /** Uncaught page errors and console errors, of the workbench and its webviews, with where they came from. */
  errors: string[];
}

export async function openWorkbench(browser: Browser, server: CodeServer): Promise<Workbench> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? String(error)}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (at ${message.location().url})`);
  });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
  await page.locator('div.monaco-workbench').waitFor({ timeout: 90_000 });
  // The status bar is the last part of the workbench to appear.
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Runs a command from the palette (F1) by typing its title and pressing Enter on the match. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await dismissQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  // Wait until the list's first entry is the command (the list filters as it is typed).
  await page.waitForFunction(
    (wanted) => {
      const first = document.querySelector('.quick-input-widget .quick-input-list .monaco-list-row[data-index="0"]');
      return !!first && (first.getAttribute('aria-label') ?? first.textContent ?? '').includes(wanted);
    },
    title,
    { timeout: 15_000 },
  );
  await page.keyboard.press('Enter');
}

export async function dismissQuickInput(page: Page): Promise<void> {
  if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
}

/** The quick pick's current title or placeholder, and its entries' labels. */
export async function quickPick(page: Page, timeout = 30_000): Promise<{ title: string; placeholder: string; items: string[] }> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout });
  return {
    title: ((await widget.locator('.quick-input-title').textContent()) ?? '').trim(),
    placeholder: (await widget.locator('.quick-input-box input').getAttribute('placeholder')) ?? '',
    items: await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents(),
  };
}

/** Waits for a quick input whose title matches, then returns it. */
export async function waitForQuickInput(page: Page, title: RegExp, timeout = 60_000): Promise<{ title: string; placeholder: string; items: string[] }> {
  const started = Date.now();
  for (;;) {
    if (await page.locator('.quick-input-widget').isVisible()) {
      const pick = await quickPick(page);
      if (title.test(pick.title) || title.test(pick.placeholder)) return pick;
    }
    if (Date.now() - started > timeout) throw new Error(`no quick input titled ${title} within ${timeout} ms`);
    await page.waitForTimeout(200);
  }
}

/** Picks the quick pick entry whose label matches. */
export async function pickItem(page: Page, label: RegExp): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** Opens a workspace file by name with Quick Open (Ctrl+P). */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await dismissQuickInput(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** The active notebook editor's rows (cells); virtualized, so attached rather than visible. */
export function notebookRows(page: Page): Locator {
  return page.locator('.notebook-editor-editable .notebookOverlay .monaco-list-row, .notebookOverlay .monaco-list-row');
}

/** The number of cells of the open notebook (every row's aria-setsize). */
export async function cellCount(page: Page): Promise<number> {
  const first = page.locator('.notebookOverlay .monaco-list-row').first();
  await first.waitFor({ state: 'attached', timeout: 60_000 });
  return Number(await first.getAttribute('aria-setsize'));
}

/** Every frame's text, for finding an output anywhere in the nested webview iframes. */
export async function framesText(page: Page): Promise<string> {
  const texts = await Promise.all(page.frames().map((frame) => frame.evaluate(() => document.body?.innerText ?? '').catch(() => '')));
  return texts.join('\n');
}

/** The output frame (the webview's #active-frame) that has an element matching the selector. */
export async function outputFrameWith(page: Page, selector: string, timeout = 60_000): Promise<Frame> {
  const started = Date.now();
  for (;;) {
    for (const frame of page.frames()) {
      const found = await frame.locator(selector).count().catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() - started > timeout) throw new Error(`no output frame has ${selector} after ${timeout} ms`);
    await page.waitForTimeout(250);
  }
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeout: number, interval = 500): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Kernel processes started by this code-server's copy of the extension (forked from its dist/kernel/main.js). */
export function kernelPids(server: CodeServer): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(server.home) && /dist[\\/]kernel[\\/]main\.js/.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}
