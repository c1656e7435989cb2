/**
 * End to end: language features in ibnb code cells, in the packaged extension
 * in a fresh code-server, typed as a user types. A new cell after the cell
 * that declares `model`: `mnist.` offers ibnb's `loadData` (not word-based
 * guesses); `mnist.loadDataa` gets a squiggle whose hover names the fix;
 * `model` there is typed as the earlier cell's IBSequential; hovering HSIC
 * shows its doc comment. A cell with a type error still runs. Problems lists
 * the errors. Screenshots go
 * to test-artifacts/e2e/intellisense-*.
 *
 * Run alone: `node --import tsx --test test/e2e/intellisense.e2e.ts` (sets up
 * code-server and packages the extension when IBNB_CODE_SERVER / IBNB_E2E_VSIX are unset).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, cellCount, codeServerEntry, framesText, launchBrowser, openWorkbench, packagedVsix, quickOpen, screenshot, startCodeServer, waitUntil, type CodeServer, type Workbench } from './harness';

// Page functions run in the browser; the test project compiles without the DOM's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

const NOTEBOOK = 'intellisense.ibnb';
const code = (source: string) => ({ kind: 'code', language: 'typescript', source, outputs: [] });
const NOTEBOOK_TEXT = `${JSON.stringify(
  {
    format: 'ibnb',
    version: 1,
    metadata: {},
    cells: [
      { kind: 'markdown', source: '# Cells that know the library' },
      code("import { IBSequential, Dense, Flatten, HSIC, mnist } from 'ibnb';\nconst model = new IBSequential({ inputShape: [1, 28, 28] });"),
      code("const estimator = new HSIC({ kernel: 'gaussian' });"),
      // A type error that must not stop the cell from running (the kernel strips types).
      code("const answer: number = 'forty-two';\nconsole.log(`ran with ${answer}`);"),
    ],
  },
  null,
  2,
)}\n`;

let server: CodeServer;
let browser: Browser;
let wb: Workbench;
let page: Page;
let failedStep: string | undefined;
/** The index (data-index) of the cell the test types into. */
let typedCell = -1;

async function step(t: TestContext, name: string, body: () => Promise<void>): Promise<void> {
  if (failedStep) {
    t.skip(`not run: step "${failedStep}" failed`);
    return;
  }
  try {
    await body();
  } catch (error) {
    failedStep = name;
    if (page) await screenshot(page, `intellisense-failed-${name}`).catch(() => undefined);
    throw error;
  }
}

function row(index: number) {
  return page.locator(`.notebookOverlay .monaco-list-row[data-index="${index}"]`);
}

/** The centre of the first occurrence of `text` in a cell's editor (tokens may share a span, so by a DOM Range). */
async function textPoint(index: number, text: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    ({ index, text }: { index: number; text: string }) => {
      const lines = document.querySelectorAll(`.notebookOverlay .monaco-list-row[data-index="${index}"] .view-line`);
      for (const line of lines) {
        const walker = document.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent.replace(/\u00a0/g, ' ').indexOf(text);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + text.length);
          const box = range.getBoundingClientRect();
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }
      }
      return undefined;
    },
    { index, text },
  );
  assert.ok(point, `'${text}' is shown in cell ${index + 1}`);
  return point;
}

/** Hovers the text in a cell and returns the hover widget's text once it matches. */
async function hoverText(index: number, text: string, expected: RegExp): Promise<string> {
  const widget = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expected }).first();
  return waitUntil(
    `a hover over '${text}' matching ${expected}`,
    async () => {
      await page.mouse.move(10, 10);
      const { x, y } = await textPoint(index, text);
      await page.mouse.move(x, y);
      await widget.waitFor({ state: 'visible', timeout: 4_000 }).catch(() => undefined);
      return (await widget.isVisible()) && ((await widget.innerText()) ?? '');
    },
    60_000,
    200,
  );
}

describe('IB Notebooks in VS Code: IntelliSense in code cells', { timeout: 12 * 60_000 }, () => {
  before(async () => {
    server = await startCodeServer({ entry: codeServerEntry(), vsix: packagedVsix(), files: { [NOTEBOOK]: NOTEBOOK_TEXT } });
    browser = await launchBrowser();
    wb = await openWorkbench(browser, server);
    page = wb.page;
  });

  after(async () => {
    if (server) {
      writeFileSync(join(ARTIFACTS, 'intellisense-code-server.log'), server.log());
      writeFileSync(join(ARTIFACTS, 'intellisense-browser-errors.log'), (wb?.errors ?? []).join('\n'));
    }
    await browser?.close();
    await server?.stop();
  });

  test("1. typing `mnist.` in a new cell offers ibnb's loadData, not word-based guesses", async (t) => {
    await step(t, 'completions', async () => {
      await quickOpen(page, NOTEBOOK);
      assert.equal(await cellCount(page), 4);
      // A new code cell below the last one: the cells above it declare `model` and `mnist`.
      await row(3).locator('.monaco-editor').first().click();
      await page.locator('.notebook-toolbar-container a[aria-label^="Add Code Cell"]').first().click();
      await waitUntil('the new cell', async () => (await cellCount(page)) === 5, 10_000, 100);
      await page.waitForFunction(() => document.activeElement?.closest('.notebookOverlay .monaco-list-row.focused .monaco-editor') != null, undefined, { timeout: 10_000 });
      typedCell = await page.evaluate(() => Number(document.querySelector('.notebookOverlay .monaco-list-row.focused')?.getAttribute('data-index')));
      assert.equal(typedCell, 4, 'the new cell is the last one');
      await page.keyboard.type('mnist.', { delay: 50 });
      const suggest = page.locator('.notebookOverlay .suggest-widget.visible');
      const labels = await waitUntil(
        'the suggestions after `mnist.`',
        async () => {
          if (!(await suggest.isVisible())) {
            // The first answer waits for the language service to read the declarations: ask again.
            await page.keyboard.press('Control+Space');
            await page.waitForTimeout(1_000);
          }
          const names: string[] = await suggest.locator('.monaco-list-row .label-name').allTextContents().catch(() => []);
          return names.includes('loadData') && names;
        },
        90_000,
        500,
      );
      await screenshot(page, 'intellisense-01-completions');
      // Word-based suggestions would offer the notebook's words (IBSequential, model, …) too.
      assert.deepEqual(labels, ['loadData']);
      await page.keyboard.press('Escape');
    });
  });

  test('2. a misspelt method gets a squiggle, and its hover names the fix', async (t) => {
    await step(t, 'squiggle', async () => {
      await page.keyboard.type('loadDataa', { delay: 30 });
      await page.keyboard.press('Escape');
      const squiggle = row(typedCell).locator('.squiggly-error');
      await squiggle.first().waitFor({ state: 'attached', timeout: 60_000 });
      const message = await hoverText(typedCell, 'loadDataa', /Property 'loadDataa' does not exist/);
      assert.match(message, /Did you mean 'loadData'\?/);
      // The earlier cells have no squiggles, except the deliberate type error of cell 4.
      assert.equal(await row(1).locator('.squiggly-error').count(), 0);
      assert.equal(await row(2).locator('.squiggly-error').count(), 0);
      assert.ok((await row(3).locator('.squiggly-error').count()) > 0, 'the type error of cell 4 is underlined');
      await screenshot(page, 'intellisense-02-squiggle');
    });
  });

  test('3. a variable from an earlier cell is typed: hovering `model` shows IBSequential', async (t) => {
    await step(t, 'typed-variable', async () => {
      await row(typedCell).locator('.monaco-editor').first().click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('model', { delay: 30 });
      await page.keyboard.press('Escape');
      const hover = await hoverText(typedCell, 'model', /const model: IBSequential/);
      assert.match(hover, /const model: IBSequential/);
      await screenshot(page, 'intellisense-03-typed-variable');
    });
  });

  test("4. hovering HSIC shows its doc comment", async (t) => {
    await step(t, 'hover-doc', async () => {
      const hover = await hoverText(2, 'HSIC', /Hilbert-Schmidt independence criterion/);
      assert.match(hover, /HSIC\(args\?: HSICArgs\): HSIC/);
      await screenshot(page, 'intellisense-04-hover-doc');
    });
  });

  test('5. a cell with a type error still runs', { timeout: 240_000 }, async (t) => {
    await step(t, 'runs-anyway', async () => {
      // The run button shows on the focused cell.
      await row(3).locator('.monaco-editor').first().click();
      await row(3).hover();
      await row(3).locator('.run-button-container a[aria-label^="Execute Cell"]').first().click();
      const text = await waitUntil(
        'cell 4 to run',
        async () => {
          const icon = await row(3).locator('.cell-statusbar-container [class*="codicon-notebook-state-"]').first().getAttribute('class').catch(() => '');
          if (/state-error/.test(icon ?? '')) throw new Error(`cell 4 failed:\n${await framesText(page)}`);
          if (!/state-success/.test(icon ?? '')) return false;
          // The output webview draws the cell's text a moment after the tick.
          const shown = await framesText(page);
          return /ran with forty-two/.test(shown) && shown;
        },
        180_000,
      );
      assert.match(text, /ran with forty-two/);
      await screenshot(page, 'intellisense-05-runs-anyway');
    });
  });

  test('6. the type errors are listed in Problems, with their cells', async (t) => {
    await step(t, 'problems', async () => {
      // The status bar's problem counts open the Problems view.
      await page.locator('#status\\.problems').click();
      const panel = page.locator('#workbench\\.parts\\.panel');
      const text = await waitUntil(
        'the Problems view to list both type errors',
        async () => {
          const shown = (await panel.innerText().catch(() => '')) ?? '';
          return /Property 'loadDataa' does not exist/.test(shown) && /Type 'string' is not assignable to type 'number'/.test(shown) && shown;
        },
        30_000,
      );
      // Both under the notebook's name, counted.
      assert.match(text, /intellisense\.ibnb\n2\n/);
      await screenshot(page, 'intellisense-06-problems');
    });
  });
});
