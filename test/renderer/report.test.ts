import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { renderChartsHtml } from '../../src/cli/reportCharts';
import { makePayload } from '../charts/fixtures/payload';
import { ARTIFACTS, launch, requirePrerequisites } from './browser';

interface ReportSnapshot {
  views: number;
  marks: Record<string, number>;
  message?: string;
  scrubber: { label: string };
}
declare const IbnbCharts: { inspect(id: string): ReportSnapshot | undefined };

let browser: Browser;

before(async () => {
  requirePrerequisites();
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the HTML report fragment draws the charts from one self-contained page, with no network', async () => {
  const payload = makePayload({ epochs: 5, batchesPerEpoch: 40, layers: ['conv2d_1', 'dense_1', '</script><b id="injected">x</b>'] });
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>report</title><link rel="icon" href="data:,"></head><body style="width: 960px">
<h1>Run report</h1>
${renderChartsHtml(payload, { id: 'charts-1' })}
</body></html>`;
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.setContent(html);
  await page.waitForFunction(() => IbnbCharts.inspect('charts-1')?.views === 1, undefined, { timeout: 15_000 });
  const snapshot = await page.evaluate(() => IbnbCharts.inspect('charts-1'));
  assert.ok((snapshot?.marks.symbol ?? 0) > 100, JSON.stringify(snapshot));
  // The report draws SVG: its marks are in the DOM.
  assert.ok((await page.locator('#charts-1 svg .mark-symbol path').count()) > 100);
  assert.equal(await page.locator('#injected').count(), 0, 'payload text stays text');
  assert.match((await page.locator('#charts-1 .ibnb-caption').textContent()) ?? '', /done · epoch 5/);
  await page.locator('#charts-1').screenshot({ path: join(ARTIFACTS, 'report-charts.png') });
  // The report replays like the notebook: the scrubber back to epoch 2 leaves epochs 1–2 drawn.
  const all = snapshot!.marks.symbol;
  await page.locator('#charts-1 input.ibnb-scrub').fill('1');
  await page.waitForFunction((n) => (IbnbCharts.inspect('charts-1')?.marks.symbol ?? n) < n, all);
  const replayed = await page.evaluate(() => IbnbCharts.inspect('charts-1'));
  assert.equal(replayed?.scrubber.label, 'epoch 2 · mean');
  assert.ok((replayed?.marks.symbol ?? all) < all);
  assert.deepEqual(requests, [], `the report requested ${requests.join(', ')}`);
  assert.deepEqual(errors, []);
  await page.close();
});
