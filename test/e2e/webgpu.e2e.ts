/**
 * End to end on the webgpu backend: the packaged extension in a fresh code-server with
 * `ibnb.backend: webgpu`, and nothing installed but a Vulkan driver: SwiftShader (Chromium's
 * software Vulkan), pointed at by VK_ICD_FILENAMES in code-server's environment, which its
 * kernels inherit. Runs the e2e suite's tiny notebook and sees the chart, and the adapter's
 * name in the status bar. Screenshots go to
 * test-artifacts/e2e/webgpu-*.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  ARTIFACTS,
  cellCount,
  codeServerEntry,
  framesText,
  launchBrowser,
  openWorkbench,
  outputFrameWith,
  packagedVsix,
  quickOpen,
  screenshot,
  startCodeServer,
  waitUntil,
  type CodeServer,
  type Workbench,
} from './harness';
import { EPOCHS, NOTEBOOK_NAME, tinyNotebook } from './notebook';
import { SWIFTSHADER_ENV, swiftShaderMissing } from '../support/swiftShader';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

/** SwiftShader runs each shader on the CPU: the tiny notebook takes tens of seconds, the first cell loads TensorFlow.js. */
const RUN_ALL_TIMEOUT = 360_000;

const skip = swiftShaderMissing();
let server: CodeServer;
let browser: Browser;
let wb: Workbench;
let page: Page;

describe('IB Notebooks in VS Code on the webgpu backend (SwiftShader)', { skip, timeout: 12 * 60_000 }, () => {
  before(async () => {
    server = await startCodeServer({
      entry: codeServerEntry(),
      vsix: packagedVsix(),
      files: { [NOTEBOOK_NAME]: tinyNotebook() },
      settings: { 'ibnb.backend': 'webgpu', 'ibnb.dynamics.updateIntervalMs': 100 },
      env: SWIFTSHADER_ENV,
    });
    browser = await launchBrowser();
    wb = await openWorkbench(browser, server);
    page = wb.page;
  });

  after(async () => {
    if (server) writeFileSync(join(ARTIFACTS, 'webgpu-code-server.log'), server.log());
    await browser?.close();
    await server?.stop();
  });

  test('Run All trains on webgpu: the chart draws, and the status bar names the adapter', { timeout: RUN_ALL_TIMEOUT + 120_000 }, async () => {
    await quickOpen(page, NOTEBOOK_NAME);
    assert.equal(await cellCount(page), 4);
    await waitUntil('the IB kernel to be selected', async () => /IB Kernel/.test((await page.locator('.kernel-label').first().textContent().catch(() => '')) ?? ''), 30_000);
    await page.locator('.notebook-toolbar-container').getByRole('button', { name: /^Run All/ }).first().click();
    await waitUntil(
      'every code cell to succeed',
      async () => {
        const states: string[] = await page.evaluate(() =>
          [...document.querySelectorAll('.notebookOverlay .monaco-list-row.code-cell-row .cell-statusbar-container [class*="codicon-notebook-state-"]')].map(
            (icon) => /codicon-notebook-state-(success|error|executing|pending)/.exec(icon.className)?.[1] ?? 'none',
          ),
        );
        if (states.includes('error')) throw new Error(`a cell failed:\n${await framesText(page)}`);
        return states.length === 3 && states.every((s) => s === 'success');
      },
      RUN_ALL_TIMEOUT,
    );
    const status = page.locator('#workbench\\.parts\\.statusbar');
    const statusText = await waitUntil('the status bar to name the adapter', async () => {
      const text = (await status.innerText().catch(() => '')) ?? '';
      return /IB: webgpu · SwiftShader.*\(vulkan, software\)/.test(text) && text;
    }, 30_000);
    assert.match(statusText, /IB: webgpu · SwiftShader/);
    const frame = await outputFrameWith(page, '.ibnb-output canvas', 60_000);
    const caption = await waitUntil(
      'the final chart caption',
      async () => (await frame.locator('.ibnb-output .ibnb-caption').allTextContents()).find((c) => new RegExp(`done · epoch ${EPOCHS}\\b`).test(c)),
      60_000,
    );
    assert.match(caption, /webgpu backend/);
    await screenshot(page, 'webgpu-01-trained');
  });
});
