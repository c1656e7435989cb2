/**
 * End to end, as a user: the packaged extension (.vsix) installed into a fresh
 * code-server (VS Code 1.100 in a browser), driven in Debian's Chromium.
 * Opens a tiny notebook, runs it, finds the chart in the output webview,
 * attaches an evaluator from the command palette, runs Export Dynamics and
 * Detach Evaluator while a long training cell runs (the kernel answers between
 * batches; the chart grows by live deltas), interrupts that cell, saves,
 * reloads and reopens. Each step keeps a screenshot in
 * test-artifacts/e2e/.
 *
 * Run with `node test/e2e/run.mjs` (sets up code-server, packages the
 * extension, then runs this file), or directly:
 * `node --import tsx --test test/e2e/vscode.e2e.ts` (installs code-server and
 * packages the extension itself when IBNB_CODE_SERVER / IBNB_E2E_VSIX are unset).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import {
  ARTIFACTS,
  cellCount,
  codeServerEntry,
  framesText,
  kernelPids,
  launchBrowser,
  openWorkbench,
  packagedVsix,
  pickItem,
  quickOpen,
  runCommand,
  screenshot,
  startCodeServer,
  waitForQuickInput,
  waitUntil,
  type CodeServer,
  type Workbench,
} from './harness';
import { EPOCHS, NOTEBOOK_NAME, TRACKED_LAYERS, tinyNotebook } from './notebook';

// Page functions run in the browser; the test project compiles without the DOM's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

const DYNAMICS_MIME = 'application/vnd.ibnb.dynamics+json';
/** Bounds for the steps that wait on training (2 epochs of 300 digits take seconds; the first cell loads TensorFlow.js). */
const RUN_ALL_TIMEOUT = 240_000;
/** Epochs of the training cell step 5 interrupts: far more than it waits for. */
const LONG_EPOCHS = 1000;

let server: CodeServer;
let browser: Browser;
let wb: Workbench;
let page: Page;
let failedStep: string | undefined;

/** A step depends on the ones before it: after a failure the rest are skipped, loudly. */
async function step(t: TestContext, name: string, body: () => Promise<void>): Promise<void> {
  if (failedStep) {
    t.skip(`not run: step "${failedStep}" failed`);
    return;
  }
  try {
    await body();
  } catch (error) {
    failedStep = name;
    if (page) await screenshot(page, `failed-${name}`).catch(() => undefined);
    throw error;
  }
}

/** Errors the notebook's output webviews (the renderer) logged or threw. */
function outputErrors(): string[] {
  return wb.errors.filter((e) => /\/webview\/|vscode-resource|vscode-cdn|ibnb|vega/i.test(e) && !/Failed to load resource/.test(e));
}

interface CellState {
  index: number;
  state: 'success' | 'error' | 'executing' | 'pending' | 'none';
  text: string;
}

/** The state icon and text of each rendered cell row (rows out of view are virtualized away). */
async function cellStates(): Promise<CellState[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.notebookOverlay .monaco-list-row')]
      .map((row) => {
        const icon = row.querySelector('.cell-statusbar-container [class*="codicon-notebook-state-"]');
        const match = /codicon-notebook-state-(success|error|executing|pending)/.exec(icon?.className ?? '');
        return {
          index: Number(row.getAttribute('data-index')),
          state: (match?.[1] ?? 'none') as 'success' | 'error' | 'executing' | 'pending' | 'none',
          text: (row as { innerText: string }).innerText.replace(/\u00a0/g, ' '),
        };
      })
      .sort((a, b) => a.index - b.index),
  );
}

async function waitForCells(what: string, indices: number[], timeout: number): Promise<CellState[]> {
  return waitUntil(
    what,
    async () => {
      const states = await cellStates();
      for (const i of indices) {
        const cell = states.find((s) => s.index === i);
        if (cell?.state === 'error') throw new Error(`cell ${i + 1} failed:\n${await framesText(page)}`);
      }
      return indices.every((i) => states.find((s) => s.index === i)?.state === 'success') && states;
    },
    timeout,
  );
}

/** Everything the output webviews show, without the workbench's own text. */
async function outputsText(): Promise<string> {
  const texts = await Promise.all(
    page
      .frames()
      // The notebook's output webviews (not the workbench, nor the web-worker extension host's iframe).
      .filter((frame) => frame !== page.mainFrame() && /\/webview\//.test(frame.url()))
      .map((frame) => frame.evaluate(() => document.body?.innerText ?? '').catch(() => '')),
  );
  return texts.join('\n');
}

interface ChartSnapshot {
  outputId: string;
  caption: string;
  layers: string[];
  marks: Record<string, number>;
  views: number;
  /** Live updates the renderer merged (deltas posted by the extension) and refused. */
  deltas: { merged: number; refused: number };
  batches: number;
}

/**
 * Reads a chart back from the renderer itself: the output webview imported the
 * extension's renderer bundle as an ES module; importing the same URL again
 * gives the same module, whose inspectOutput(id) counts what the Vega view drew
 * (a canvas has no DOM marks).
 */
async function inspectChart(frame: Frame, captionPattern: RegExp): Promise<ChartSnapshot> {
  const script = `(async (pattern) => {
    const outputs = [...document.querySelectorAll('.ibnb-output')].filter((o) => new RegExp(pattern).test(o.querySelector('.ibnb-caption')?.textContent ?? ''));
    if (outputs.length === 0) return null;
    const output = outputs[outputs.length - 1];
    const outputId = output.closest('.output')?.id;
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /ib-notebooks\\.ibnb[^/]*\\/dist\\/renderer\\/index\\.js$/.test(n));
    if (!url) throw new Error('the IB renderer bundle was not loaded by this webview');
    const renderer = await import(url);
    const snapshot = renderer.inspectOutput(outputId);
    return {
      outputId,
      caption: output.querySelector('.ibnb-caption')?.textContent ?? '',
      layers: [...output.querySelectorAll('input[type=checkbox]')].map((c) => c.closest('label')?.textContent?.trim() ?? c.name),
      marks: snapshot?.marks ?? {},
      views: snapshot?.views ?? 0,
      deltas: snapshot?.deltas ?? { merged: 0, refused: 0 },
      batches: snapshot?.batches ?? 0,
    };
  })(${JSON.stringify(captionPattern.source)})`;
  const result = (await frame.evaluate(script)) as ChartSnapshot | null;
  assert.ok(result, `no chart whose caption matches ${captionPattern}`);
  return result;
}

/** The output frame whose chart caption matches; a timeout names what the output webviews logged. */
async function chartFrame(captionPattern: RegExp, timeout: number): Promise<Frame> {
  try {
    return await waitUntil(
      `a chart captioned ${captionPattern}`,
      async () => {
        for (const frame of page.frames()) {
          const captions = await frame.locator('.ibnb-output .ibnb-caption').allTextContents().catch(() => [] as string[]);
          if (captions.some((c) => captionPattern.test(c)) && (await frame.locator('.ibnb-output canvas').count().catch(() => 0)) > 0) return frame;
        }
        return undefined;
      },
      timeout,
    );
  } catch (error) {
    const errors = outputErrors();
    throw new Error(`${(error as Error).message}${errors.length ? `; the output webviews logged:\n${errors.join('\n')}` : ''}`);
  }
}

/** The chart draws marks for every tracked layer: hiding a layer with its checkbox removes some. */
async function checkMarksPerLayer(frame: Frame, caption: RegExp): Promise<Record<string, number>> {
  const all = await inspectChart(frame, caption);
  const perLayer: Record<string, number> = {};
  const outputs = frame.locator('.ibnb-output').filter({ has: frame.locator('.ibnb-caption', { hasText: caption }) });
  const boxes = outputs.last().locator('input[type=checkbox]');
  await revealInNotebook(outputs.last());
  for (let i = 0; i < (await boxes.count()); i++) {
    await boxes.nth(i).uncheck();
    const without = await waitUntil(
      `the chart to redraw without ${all.layers[i]}`,
      async () => {
        const snapshot = await inspectChart(frame, caption);
        return (snapshot.marks.symbol ?? 0) < (all.marks.symbol ?? 0) && snapshot;
      },
      10_000,
      200,
    );
    perLayer[all.layers[i]!] = (all.marks.symbol ?? 0) - (without.marks.symbol ?? 0);
    await boxes.nth(i).check();
  }
  await waitUntil('the chart to show every layer again', async () => (await inspectChart(frame, caption)).marks.symbol === all.marks.symbol, 10_000, 200);
  return perLayer;
}

/** Inserts a code cell below the selected one with the toolbar's "+ Code", types the source, and runs it with the cell's run button. */
async function addAndRunCell(source: string): Promise<number> {
  const count = await cellCount(page);
  await page.locator('.notebook-toolbar-container a[aria-label^="Add Code Cell"]').first().click();
  await waitUntil('the new cell', async () => (await cellCount(page)) === count + 1, 10_000, 100);
  await page.waitForFunction(() => document.activeElement?.closest('.notebookOverlay .monaco-list-row.focused .monaco-editor') != null, undefined, { timeout: 10_000 });
  await page.keyboard.insertText(source);
  const suggestions = page.locator('.notebookOverlay .suggest-widget.visible');
  if (await suggestions.isVisible()) await page.keyboard.press('Escape');
  const index = await page.evaluate(() => Number(document.querySelector('.notebookOverlay .monaco-list-row.focused')?.getAttribute('data-index')));
  const typed = (await cellStates()).find((s) => s.index === index)?.text ?? '';
  assert.ok(typed.replace(/\s+/g, '').includes(source.replace(/\s+/g, '')), `the new cell holds what was typed: ${typed}`);
  // The cell's own run button (its keyboard shortcut differs between desktop VS Code and the browser).
  await page.locator(`.notebookOverlay .monaco-list-row[data-index="${index}"] .run-button-container a[aria-label^="Execute Cell"]`).first().click();
  await waitUntil(`cell ${index + 1} to start`, async () => (await cellStates()).find((s) => s.index === index)?.state !== 'none', 10_000, 100);
  return index;
}

/** Scrolls the notebook (mouse wheel over it) until the element (a cell's, or one inside an output webview) is in view. */
async function revealInNotebook(target: Locator): Promise<void> {
  const list = page.locator('.notebookOverlay .monaco-list').first();
  const seen: string[] = [];
  for (let i = 0; i < 100; i++) {
    const [box, view] = await Promise.all([target.boundingBox(), list.boundingBox()]);
    assert.ok(box && view, 'the notebook and the element have a place on the page');
    const offset = box.y - view.y - 20;
    seen.push(`${Math.round(box.y)}+${Math.round(box.height)} in ${Math.round(view.y)}+${Math.round(view.height)}`);
    // In view: wholly, or (taller than the notebook) with its top near the notebook's top.
    if (box.y >= view.y && (box.y + box.height <= view.y + view.height || offset <= 100)) return;
    await page.mouse.move(view.x + 10, view.y + view.height / 2);
    await page.mouse.wheel(0, Math.max(-600, Math.min(600, offset)));
    await page.waitForTimeout(100);
  }
  throw new Error(`could not scroll the element into view: ${seen.join('; ')}`);
}

describe('IB Notebooks in VS Code (code-server + Chromium)', { timeout: 20 * 60_000 }, () => {
  before(async () => {
    // This suite's artifacts from an earlier run (extension-host.e2e.ts keeps its own extension-host-* files).
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const name of readdirSync(ARTIFACTS)) if (!name.startsWith('extension-host')) rmSync(join(ARTIFACTS, name), { recursive: true, force: true });
    const entry = codeServerEntry();
    const vsix = packagedVsix();
    server = await startCodeServer({
      entry,
      vsix,
      files: { [NOTEBOOK_NAME]: tinyNotebook() },
      settings: { 'ibnb.backend': 'auto', 'ibnb.dynamics.updateIntervalMs': 100 },
    });
    browser = await launchBrowser();
    wb = await openWorkbench(browser, server);
    page = wb.page;
  });

  after(async () => {
    if (server) {
      writeFileSync(join(ARTIFACTS, 'code-server.log'), server.log());
      writeFileSync(join(ARTIFACTS, 'browser-errors.log'), (wb?.errors ?? []).join('\n'));
      const logs = join(server.userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(ARTIFACTS, 'vscode-logs'), { recursive: true });
    }
    await browser?.close();
    await server?.stop();
  });

  test('1. opens the .ibnb file: the notebook editor shows its cells with the IB kernel', async (t) => {
    await step(t, 'open', async () => {
      await quickOpen(page, NOTEBOOK_NAME);
      assert.equal(await cellCount(page), 4);
      await page.locator('.notebookOverlay .monaco-list-row.markdown-cell-row').first().waitFor({ state: 'attached' });
      assert.equal(await page.locator('.notebookOverlay .monaco-list-row.code-cell-row').count(), 3);
      await waitUntil('the IB kernel to be selected', async () => /IB Kernel/.test((await page.locator('.kernel-label').first().textContent().catch(() => '')) ?? ''), 30_000);
      await screenshot(page, '01-notebook-open');
    });
  });

  test('2. Run All (toolbar) runs every cell without error', { timeout: RUN_ALL_TIMEOUT + 30_000 }, async (t) => {
    await step(t, 'run-all', async () => {
      await page.locator('.notebook-toolbar-container').getByRole('button', { name: /^Run All/ }).first().click();
      await waitForCells('every code cell to succeed', [1, 2, 3], RUN_ALL_TIMEOUT);
      const text = await outputsText();
      assert.match(text, /loaded \d+ training batches/);
      assert.doesNotMatch(text, /Error:/);
      await screenshot(page, '02-run-all-done');
    });
  });

  test('3. the output webview shows the dynamics chart with marks for every tracked layer, and the progress lines', async (t) => {
    await step(t, 'chart', async () => {
      const caption = new RegExp(`done · epoch ${EPOCHS}\\b`);
      const frame = await chartFrame(caption, 60_000);
      const chart = await inspectChart(frame, caption);
      assert.equal(chart.views, 1, 'one Vega view');
      assert.equal(chart.layers.length, TRACKED_LAYERS, `one checkbox per tracked layer: ${chart.layers.join(', ')}`);
      assert.ok((chart.marks.symbol ?? 0) > 0 && (chart.marks.line ?? 0) > 0, `marks drawn: ${JSON.stringify(chart.marks)}`);
      const perLayer = await checkMarksPerLayer(frame, caption);
      for (const layer of chart.layers) assert.ok((perLayer[layer] ?? 0) > 0, `marks of ${layer}: ${JSON.stringify(perLayer)}`);
      t.diagnostic(`marks ${JSON.stringify(chart.marks)}; points per layer ${JSON.stringify(perLayer)}`);
      const text = await outputsText();
      for (let epoch = 1; epoch <= EPOCHS; epoch++) assert.match(text, new RegExp(`Epoch ${epoch}/${EPOCHS}`));
      assert.match(text, /Training loop:\n100%\|[^|]*\| (\d+)\/\1 /, 'the progress bar reached every batch');
      assert.match(text, /loss: [\d.]+ - acc: [\d.]+/);
      const output = frame.locator('.ibnb-output').filter({ has: frame.locator('.ibnb-caption', { hasText: caption }) }).last();
      await revealInNotebook(output);
      await output.screenshot({ path: join(ARTIFACTS, '03-chart.png') });
      assert.deepEqual(outputErrors(), [], 'the output webview logged no errors');
      await screenshot(page, '03-chart-in-notebook');
    });
  });

  test('4. IB: Attach Evaluator… from the palette: quick picks answered, the inserted cell runs', async (t) => {
    await step(t, 'attach-evaluator', async () => {
      // The training cell is the active one: the command inserts below it.
      const training = page.locator('.notebookOverlay .monaco-list-row[data-index="3"] .cell-statusbar-container');
      await revealInNotebook(training);
      await training.click();
      const before = await cellCount(page);
      await runCommand(page, 'IB: Attach Evaluator');
      const estimator = await waitForQuickInput(page, /estimator/i);
      assert.ok(estimator.items.some((i) => /HSIC, Gaussian kernel/.test(i)), estimator.items.join(' | '));
      await screenshot(page, '04-attach-evaluator-pick');
      await pickItem(page, /HSIC, Gaussian kernel/);
      await waitForQuickInput(page, /σ/);
      await page.keyboard.press('Enter'); // the default: "median"
      await waitForQuickInput(page, /normalization/i);
      await pickItem(page, /^unbiased$/);
      await waitUntil('the inserted cell', async () => (await cellCount(page)) === before + 1, 30_000, 200);
      const states = await waitUntil(
        'the inserted cell to run',
        async () => {
          const all = await cellStates();
          const inserted = all.find((s) => /Added by "IB: Attach Evaluator/.test(s.text));
          if (inserted?.state === 'error') throw new Error(`the inserted cell failed:\n${await outputsText()}`);
          return inserted?.state === 'success' && inserted;
        },
        60_000,
      );
      assert.equal(states.index, 4, 'inserted below the active (training) cell');
      assert.match(states.text, /model\.attachEvaluator\(new HSIC\(\{ kernel: 'gaussian', sigma: 'median', normalization: 'unbiased' \}\)\)/);
      await screenshot(page, '04-attach-evaluator-done');
    });
  });

  test('5. while a long training cell runs, Export Dynamics and Detach Evaluator answer from the palette; interrupting it keeps the kernel and its variables', async (t) => {
    await step(t, 'interrupt', async () => {
      const kernels = kernelPids(server);
      assert.equal(kernels.length, 1, `one kernel process runs: ${kernels.join(', ')}`);
      const slow = await addAndRunCell(`await model.fitGenerator(train, val, ${LONG_EPOCHS});`);
      await waitUntil('the long training to start', async () => new RegExp(`Epoch 2/${LONG_EPOCHS}`).test(await outputsText()), 120_000);
      const running = async () => (await cellStates()).find((s) => s.index === slow)?.state === 'executing';
      // The status bar follows the kernel's progress notifications.
      const status = page.locator('#workbench\\.parts\\.statusbar');
      await waitUntil('the training progress in the status bar', async () => new RegExp(`epoch \\d+/${LONG_EPOCHS} · \\d+/\\d+`).test((await status.innerText()) ?? ''), 30_000, 200);

      // Export Dynamics: the format, then the save dialog (VS Code's own, in the browser: a path to accept).
      const exported = join(server.workspace, 'model-dynamics.csv');
      await runCommand(page, 'IB: Export Dynamics');
      await waitForQuickInput(page, /format/i, 30_000);
      await pickItem(page, /^CSV$/);
      await waitForQuickInput(page, /Export the dynamics of model|model-dynamics\.csv/, 30_000);
      const path = page.locator('.quick-input-widget .quick-input-box input');
      await path.fill(exported);
      await page.keyboard.press('Enter');
      const csv = await waitUntil('the exported CSV', async () => existsSync(exported) && readFileSync(exported, 'utf8'), 30_000, 200);
      const rows = csv.trim().split('\n');
      assert.equal(rows[0], 'epoch,batch,evaluator,layer,layerName,x,y');
      assert.ok(rows.length > 1, 'the batches of the run in progress');
      assert.ok(await running(), 'the export was answered while the model trains');
      await screenshot(page, '05-exported-while-training');

      // Detach Evaluator: the kernel lists the evaluators while the model trains (the notebook's and the one attached in step 4).
      await runCommand(page, 'IB: Detach Evaluator');
      const evaluators = await waitForQuickInput(page, /Detach Evaluator from model/, 30_000);
      // (Rows reused from the format pick keep their hidden detail lines among the label texts: count the evaluators' labels.)
      const listed = evaluators.items.filter((item) => /^HSIC · /.test(item));
      assert.deepEqual(listed.map((item) => /unbiased/.test(item)), [false, true], evaluators.items.join(' | '));
      assert.ok(await running(), 'the evaluators were listed while the model trains');
      await screenshot(page, '05-detach-while-training');
      await page.keyboard.press('Escape');

      // The live chart grew by deltas the extension posted to the renderer.
      const frame = await chartFrame(/training… · epoch/, 30_000);
      const live = await waitUntil('live updates merged by the renderer', async () => {
        const chart = await inspectChart(frame, /training… · epoch/);
        return chart.deltas.merged > 0 && chart;
      }, 30_000, 500);
      t.diagnostic(`live chart: ${live.batches} batches, deltas ${JSON.stringify(live.deltas)}`);
      await screenshot(page, '05-interrupt-running');
      // The notebook toolbar's stop button (Run All turns into Interrupt while a cell runs).
      await page.locator('.notebook-toolbar-container').getByRole('button', { name: /^(Interrupt|Stop Execution)/ }).first().click();
      // Stopped: the cell's button is "Execute Cell" again (it is "Stop Cell Execution" while the cell runs).
      const runButton = page.locator(`.notebookOverlay .monaco-list-row[data-index="${slow}"] .run-button-container a.action-label`).first();
      await waitUntil('the training cell to stop', async () => /^Execute Cell/.test((await runButton.getAttribute('aria-label').catch(() => '')) ?? ''), 30_000, 200);
      const stopped = (await cellStates()).find((s) => s.index === slow);
      // VS Code shows an interrupted cell with neither a tick nor a cross (success undefined).
      assert.ok(stopped && stopped.state !== 'success' && stopped.state !== 'executing', `the interrupted cell's state: ${stopped?.state}`);
      const afterStop = await outputsText();
      assert.match(afterStop, /Interrupted/i);
      assert.doesNotMatch(afterStop, /kernel (was )?restarted|kernel died/i);
      await screenshot(page, '05-interrupted');
      const check = await addAndRunCell('`${keepMe}, ${model.layers.length} layers`');
      await waitForCells('the variable check to run', [check], 60_000);
      await waitUntil('the kept variable in the output', async () => /kept 42, 4 layers/.test(await outputsText()), 30_000);
      assert.deepEqual(kernelPids(server), kernels, 'the same kernel process');
      await screenshot(page, '05-variable-kept');
    });
  });

  test('6. saves, reloads, reopens: the chart is back without running anything', async (t) => {
    await step(t, 'save-reopen', async () => {
      await page.keyboard.press('Control+S');
      const file = join(server.workspace, NOTEBOOK_NAME);
      // Every cell, the chart and the last cell's output.
      await waitUntil(
        'the notebook saved with its 7 cells and their outputs',
        async () => {
          const text = readFileSync(file, 'utf8');
          try {
            return (JSON.parse(text) as { cells: unknown[] }).cells.length === 7 && text.includes(DYNAMICS_MIME) && text.includes('kept 42, 4 layers');
          } catch {
            return false; // being written
          }
        },
        30_000,
        200,
      );
      await runCommand(page, 'View: Close All Editors');
      await page.locator('.notebookOverlay').waitFor({ state: 'detached', timeout: 30_000 });
      await waitUntil('the kernel to end once the notebook is closed', async () => kernelPids(server).length === 0, 30_000);
      await page.reload();
      await page.locator('div.monaco-workbench').waitFor({ timeout: 90_000 });
      await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
      await quickOpen(page, NOTEBOOK_NAME);
      assert.equal(await cellCount(page), 7);
      const caption = new RegExp(`done · epoch ${EPOCHS}\\b`);
      const frame = await chartFrame(caption, 60_000);
      const chart = await inspectChart(frame, caption);
      assert.equal(chart.layers.length, TRACKED_LAYERS);
      assert.ok((chart.marks.symbol ?? 0) > 0, JSON.stringify(chart.marks));
      // Two charts in one webview (the 2-epoch run and the interrupted one): each keeps its own "points" choice.
      const checkedRadios: number[] = await frame.locator('.ibnb-output').evaluateAll((outputs) => outputs.map((o) => o.querySelectorAll('input[type=radio]:checked').length));
      assert.ok(checkedRadios.length >= 2 && checkedRadios.every((n) => n === 1), `one checked "points" radio per chart: ${checkedRadios.join(', ')}`);
      const states = await cellStates();
      assert.ok(!states.some((s) => s.state === 'executing' || s.state === 'pending'), 'nothing runs');
      assert.doesNotMatch((await page.locator('#workbench\\.parts\\.statusbar').innerText()) ?? '', /IB: running/);
      const output = frame.locator('.ibnb-output').filter({ has: frame.locator('.ibnb-caption', { hasText: caption }) }).last();
      await revealInNotebook(output);
      await screenshot(page, '06-reopened');
      await output.screenshot({ path: join(ARTIFACTS, '06-chart-reopened.png') });
      assert.deepEqual(outputErrors(), [], 'the output webviews logged no errors');
    });
  });
});
