/**
 * Compare charts (compareRuns) drawn in headless Chromium: by the notebook
 * renderer (canvas, as VS Code shows them) and by the HTML report's script
 * (SVG, whose text can be read back). Screenshots are kept under test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { renderChartHtml } from '../../src/cli/reportCharts';
import { COMPARE_MIME } from '../../src/contract/dynamicsPayload';
import { makeCompare } from '../charts/fixtures/compare';
import { ARTIFACTS, useHarness } from './browser';

interface Snapshot {
  views: number;
  kind?: string;
  marks: Record<string, number>;
  message?: string;
}
declare const harness: { render(id: string, mime: string, text: string): Promise<void>; inspect(id: string): Snapshot | null };
declare const IbnbCharts: { inspect(id: string): Snapshot | undefined };

const session = useHarness();

async function render(id: string, value: unknown): Promise<Snapshot> {
  await session.h.page.evaluate(([i, m, text]) => harness.render(i, m, text), [id, COMPARE_MIME, JSON.stringify(value)] as const);
  const snapshot = await session.h.page.evaluate((i) => harness.inspect(i), id);
  assert.ok(snapshot, `no output ${id}`);
  return snapshot;
}

describe('compare charts in headless Chromium', () => {

  test('the notebook renderer draws 3 runs in one plane and the by-epoch panels, coloured by run', async () => {
    const snapshot = await render('compare', makeCompare(3, 'none', { epochs: 6 }));
    assert.equal(snapshot.views, 1, snapshot.message);
    assert.equal(snapshot.kind, 'compare');
    // A point per run, layer and epoch in the plane (5 layers) and in the by-epoch panels (10).
    assert.equal(snapshot.marks.symbol, 3 * 6 * 15, JSON.stringify(snapshot.marks));
    assert.equal(snapshot.marks.line, 3 * 6 * 15, JSON.stringify(snapshot.marks));
    const out = session.h.page.locator('#compare');
    assert.equal(await out.locator('canvas').count(), 1);
    assert.equal((await out.locator('.ibnb-caption').textContent()) ?? '', '3 runs compared (coloured by run): seed 1, seed 2, seed 3');
    assert.equal(await out.locator('.ibnb-header button.ibnb-layout-toggle').isHidden(), true, 'no overlay toggle: the compare plane has one layout');
    assert.equal(await out.locator('.ibnb-header button.ibnb-intervals-toggle').isHidden(), true, 'no intervals: a comparison draws means only');
    assert.equal(await out.locator('.ibnb-header button.ibnb-scales-toggle').isHidden(), true, 'no scales toggle: the compare plane sets its own');
    assert.equal(await out.locator('.ibnb-scrubber').isHidden(), true, 'no scrubber: a comparison draws means of finished runs');
    await out.screenshot({ path: join(ARTIFACTS, 'renderer-compare-3-runs.png') });
    assert.deepEqual(session.h.errors, []);
  });

  test('the notebook renderer draws the band: ±1 sd bars in the plane, bands by epoch', async () => {
    const snapshot = await render('band', makeCompare(3, 'mean-sd', { epochs: 6 }));
    assert.equal(snapshot.views, 1, snapshot.message);
    assert.equal(snapshot.marks.rule, 2 * 6 * 5, 'a cross of two bars per layer and epoch');
    assert.equal(snapshot.marks.area, 10 * 6, 'a band through the epochs of each of the 10 panels');
    assert.match((await session.h.page.locator('#band .ibnb-caption').textContent()) ?? '', /mean ± 1 sd by configuration/);
    await session.h.page.locator('#band').screenshot({ path: join(ARTIFACTS, 'renderer-compare-band.png') });
    assert.deepEqual(session.h.errors, []);
  });

  test("HSIC's permutation baseline: each run's dashed floor in its colour, rules in the plane and a line by epoch; none without one", async () => {
    const runs = 3;
    const epochs = 6;
    const L = 5;
    const floor = await render('floor', makeCompare(runs, 'none', { epochs, baseline: true }));
    const plain = await render('plain', makeCompare(runs, 'none', { epochs }));
    assert.equal(floor.views, 1, floor.message);
    assert.equal(plain.marks.rule ?? 0, 0, 'no rules without a baseline');
    assert.equal(floor.marks.rule, runs * L * 2, `a vertical and a horizontal rule per run and layer: ${JSON.stringify(floor.marks)}`);
    // A line mark's items are its vertices: a dashed line per run through the 6 epochs of each of the 10 panels.
    assert.equal(floor.marks.line - plain.marks.line, runs * 2 * L * epochs, JSON.stringify(floor.marks));
    assert.equal(floor.marks.symbol, plain.marks.symbol, 'the same points');
    await session.h.page.locator('#floor').screenshot({ path: join(ARTIFACTS, 'renderer-compare-floor.png') });

    const band = await render('floor-band', makeCompare(4, 'mean-sd', { epochs, baseline: true, groups: ['sgd', 'sgd', 'adam', 'adam'] }));
    const bandPlain = await render('plain-band', makeCompare(4, 'mean-sd', { epochs, groups: ['sgd', 'sgd', 'adam', 'adam'] }));
    assert.equal(band.marks.rule - bandPlain.marks.rule, 2 * L * 2, "a floor's two rules per group and layer");
    assert.equal(band.marks.line - bandPlain.marks.line, 2 * 2 * L * epochs, 'a dashed line per group through the epochs of each panel');
    await session.h.page.locator('#floor-band').screenshot({ path: join(ARTIFACTS, 'renderer-compare-floor-band.png') });
    assert.deepEqual(session.h.errors, []);
  });

  test('a broken compare output shows why instead of a chart', async () => {
    const snapshot = await render('broken', { ...makeCompare(2), version: 9 });
    assert.equal(snapshot.views, 0);
    assert.match(snapshot.message ?? '', /Cannot show this comparison of runs: this output has version 9/);
  });

  test('the HTML report script draws both, and says "mean ± 1 sd over 3 runs" on the chart', async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>report</title><link rel="icon" href="data:,"></head><body style="width: 960px">
${renderChartHtml({ mime: COMPARE_MIME, payload: makeCompare(3) }, { id: 'runs' })}
${renderChartHtml({ mime: COMPARE_MIME, payload: makeCompare(3, 'mean-sd') }, { id: 'band', includeScript: false })}
</body></html>`;
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.setContent(html);
    await page.waitForFunction(() => IbnbCharts.inspect('runs')?.views === 1 && IbnbCharts.inspect('band')?.views === 1, undefined, { timeout: 20_000 });
    const legend = async (id: string) => (await page.locator(`#${id} svg .role-legend text`).allTextContents()).join(' | ');
    assert.match(await legend('runs'), /seed 1 \| seed 2 \| seed 3/);
    assert.match(await legend('band'), /mean ± 1 sd over 3 runs/);
    // One band per panel (5 layers × 2 measures), each one path through every epoch, not a sliver per epoch.
    assert.equal(await page.locator('#band svg .mark-area path').count(), 10);
    await page.locator('#band').screenshot({ path: join(ARTIFACTS, 'report-compare-band.png') });
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
