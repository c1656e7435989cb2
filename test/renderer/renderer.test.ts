import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { dynamicsDelta } from '../../src/charts/merge';
import type { DynamicsPayload } from '../../src/contract/dynamicsPayload';
import { makePayload } from '../charts/fixtures/payload';
import { ARTIFACTS, DYNAMICS_MIME, useHarness, VEGALITE_MIME } from './browser';

/** What the harness page (fixtures/harness.html) offers; page functions run in the browser. */
interface Snapshot {
  views: number;
  embeds: number;
  updates: number;
  lastChange?: { inserted: number; removed: number };
  kind?: string;
  marks: Record<string, number>;
  controls: Record<string, unknown>;
  message?: string;
  notes: string[];
  deltas: { merged: number; refused: number };
  batches?: number;
}
declare const harness: {
  render(id: string, mime: string, text: string, elementId?: string): Promise<void>;
  message(text: string): void;
  settled(id: string): Promise<void>;
  posted(): unknown[];
  dispose(id: string): void;
  inspect(id: string): Snapshot | null;
  setTheme(kind: string, vars: Record<string, string>): void;
  resize(elementId: string, width: number): void;
};

const session = useHarness();

/** The run as the kernel had it after `kept` batches (the epoch in progress included, status running). */
function cut(full: DynamicsPayload, kept: number): DynamicsPayload {
  const cell = full.evaluators.length * full.layers.length * 2;
  const b = full.batches!;
  return {
    ...full,
    status: 'running',
    epochs: full.epochs.filter((e) => e.epoch <= b.epoch[kept - 1]),
    batches: { epoch: b.epoch.slice(0, kept), batch: b.batch.slice(0, kept), values: b.values.slice(0, kept * cell) },
  };
}

/** Posts, as the extension does, the live update from `kept` batches to `next` for output `id`; resolves when drawn. */
async function postDelta(id: string, sent: DynamicsPayload, next: DynamicsPayload, patch: Record<string, unknown> = {}): Promise<Snapshot> {
  const delta = { ...dynamicsDelta({ batches: sent.batches!.epoch.length, epochs: sent.epochs.length }, next), ...patch };
  const text = JSON.stringify({ type: 'dynamicsDelta', outputId: id, delta });
  await session.h.page.evaluate(([i, t]) => (harness.message(t), harness.settled(i)), [id, text] as const);
  const snapshot = await session.h.page.evaluate((i) => harness.inspect(i), id);
  assert.ok(snapshot, `no output ${id}`);
  return snapshot;
}

async function render(id: string, mime: string, value: unknown): Promise<Snapshot> {
  await session.h.page.evaluate(([i, m, text]) => harness.render(i, m, text), [id, mime, JSON.stringify(value)] as const);
  const snapshot = await session.h.page.evaluate((i) => harness.inspect(i), id);
  assert.ok(snapshot, `no output ${id}`);
  return snapshot;
}

describe('notebook renderer in headless Chromium', () => {

  test('renders a dynamics payload: marks drawn on a canvas, controls, caption; a screenshot is kept', async () => {
    const snapshot = await render('dyn', DYNAMICS_MIME, makePayload({ epochs: 4, batchesPerEpoch: 60 }));
    assert.equal(snapshot.views, 1);
    assert.equal(snapshot.kind, 'dynamics');
    assert.ok((snapshot.marks.symbol ?? 0) > 100, JSON.stringify(snapshot.marks));
    assert.ok((snapshot.marks.line ?? 0) > 0, JSON.stringify(snapshot.marks));
    const out = session.h.page.locator('#dyn');
    assert.equal(await out.locator('canvas').count(), 1);
    assert.match((await out.locator('.ibnb-caption').textContent()) ?? '', /done · epoch 4 · wasm backend · run run-fixture/);
    assert.equal(await out.locator('input[type=checkbox]').count(), 5, 'one checkbox per layer');
    assert.equal(await out.locator('input[type=radio]').count(), 3, 'mean / batch / both');
    // The export menu offers PNG and SVG only.
    const actions = await out.locator('.vega-actions a').allTextContents();
    assert.deepEqual(actions.map((a) => a.trim()).sort(), ['Save as PNG', 'Save as SVG']);
    await out.screenshot({ path: join(ARTIFACTS, 'renderer-dynamics.png') });
    assert.deepEqual(session.h.errors, []);
  });

  test('a re-render of the same output with more epochs updates the view in place and keeps the controls', async () => {
    const before = await render('live', DYNAMICS_MIME, makePayload({ epochs: 3, batchesPerEpoch: 30, status: 'running' }));
    const out = session.h.page.locator('#live');
    // The user picks "per-epoch mean" and hides the first layer.
    await out.locator('input[type=radio][value=mean]').check();
    await out.locator('input[type=checkbox]').first().uncheck();
    await session.h.page.waitForTimeout(50);
    const picked = await session.h.page.evaluate(() => harness.inspect('live'));
    assert.ok(picked && picked.marks.symbol < before.marks.symbol);

    const after = await render('live', DYNAMICS_MIME, makePayload({ epochs: 6, batchesPerEpoch: 30, status: 'running' }));
    assert.equal(after.views, 1);
    assert.equal(after.embeds, 1, 'no second embed: the data changed in the running view');
    assert.equal(after.updates, 1);
    // Only the new epochs' rows went to Vega (points, measures, metrics of epochs 4–6).
    assert.deepEqual(after.lastChange, { inserted: 3 * (5 * (30 + 1)) * 3 + 3 * 4, removed: 0 });
    assert.ok(after.marks.symbol > picked.marks.symbol, `${after.marks.symbol} > ${picked.marks.symbol}`);
    // 4 visible layers × 6 epochs × 3 mean points (plane + 2 measures) + 6 × 4 metrics points; no batch points.
    assert.equal(after.marks.symbol, 4 * 6 * 3 + 24);
    assert.equal(await out.locator('input[type=radio][value=mean]').isChecked(), true);
    assert.equal(await out.locator('input[type=checkbox]').first().isChecked(), false);
    assert.equal(await out.locator('canvas').count(), 1);
    assert.equal(await out.locator('.ibnb-output').count(), 1);
    assert.match((await out.locator('.ibnb-caption').textContent()) ?? '', /training… · epoch 6/);
    await out.screenshot({ path: join(ARTIFACTS, 'renderer-live-update.png') });
  });

  test('live updates as deltas (messages from the extension) grow the chart in place to what the whole run draws', async () => {
    const full = makePayload({ epochs: 3, batchesPerEpoch: 40, status: 'done' });
    const whole = await render('whole', DYNAMICS_MIME, full);
    const steps = [10, 35, 40, 41, 90, 120].map((n) => (n === 120 ? full : cut(full, n)));
    const first = await render('delta', DYNAMICS_MIME, steps[0]);
    assert.equal(first.batches, 10);
    let snapshot = first;
    for (let i = 1; i < steps.length; i++) snapshot = await postDelta('delta', steps[i - 1], steps[i]);
    assert.deepEqual(snapshot.deltas, { merged: 5, refused: 0 });
    assert.equal(snapshot.batches, 120);
    assert.equal(snapshot.embeds, 1, 'no rebuild: the data changed in the running view');
    assert.equal(snapshot.updates, 5);
    // Only the last delta's rows went to Vega: 30 new batches × 5 layers × 3 (plane and two measures), and epoch 3's
    // 5 mean points × 3 again (their label counts the batches: "mean of 40").
    assert.deepEqual(snapshot.lastChange, { inserted: 30 * 5 * 3 + 5 * 3, removed: 5 * 3 });
    assert.deepEqual(snapshot.marks, whole.marks, 'the same drawing as the whole run rendered at once');
    assert.match((await session.h.page.locator('#delta .ibnb-caption').textContent()) ?? '', /done · epoch 3/);
    // A theme change redraws what is shown now, deltas included.
    await session.h.page.evaluate(() => harness.setTheme('dark', { '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': '#d4d4d4' }));
    await session.h.page.waitForFunction(() => harness.inspect('delta')?.embeds === 2);
    await session.h.page.evaluate(() => harness.settled('delta'));
    assert.equal((await session.h.page.evaluate(() => harness.inspect('delta')))?.batches, 120);
    await session.h.page.evaluate(() => harness.setTheme('light', { '--vscode-editor-background': '#fffffe', '--vscode-editor-foreground': '#1f1f1f' }));
    await session.h.page.waitForFunction(() => harness.inspect('delta')?.embeds === 3);
    await session.h.page.evaluate(() => {
      harness.dispose('whole');
      harness.dispose('delta');
    });
    assert.deepEqual(session.h.errors, []);
  });

  test('a delta that arrives before its output is drawn waits for it; one after a gap, of another run or malformed is refused; an older whole payload is no step back', async () => {
    const full = makePayload({ epochs: 2, batchesPerEpoch: 30, status: 'done' });
    const early = cut(full, 20);
    // The message comes first, the output's first render after it (they travel apart in VS Code).
    await session.h.page.evaluate((t) => harness.message(t), JSON.stringify({ type: 'dynamicsDelta', outputId: 'early', delta: dynamicsDelta({ batches: 10, epochs: 1 }, early) }));
    await render('early', DYNAMICS_MIME, cut(full, 10));
    await session.h.page.evaluate(() => harness.settled('early'));
    let snapshot = (await session.h.page.evaluate(() => harness.inspect('early')))!;
    assert.equal(snapshot.batches, 20);
    assert.deepEqual(snapshot.deltas, { merged: 1, refused: 0 });

    snapshot = await postDelta('early', cut(full, 40), full);
    assert.equal(snapshot.batches, 20, 'a gap: batches 21–40 never came');
    // Behind the run: the renderer asks the extension for the output whole, once until it comes.
    await postDelta('early', cut(full, 45), full);
    assert.deepEqual(await session.h.page.evaluate(() => harness.posted()), [{ type: 'dynamicsResync', outputId: 'early' }]);
    snapshot = await postDelta('early', early, cut(full, 30), { runId: 'another-run' });
    snapshot = await postDelta('early', early, cut(full, 30), { batches: { epoch: [1], batch: [21], values: ['x'] } });
    assert.deepEqual(snapshot.deltas, { merged: 1, refused: 4 });
    assert.equal((await session.h.page.evaluate(() => harness.posted())).length, 1, 'another run or a malformed update is no reason to ask');
    assert.equal(snapshot.batches, 20);
    assert.equal(snapshot.message, undefined, 'the chart stays; nothing alarming is shown');

    snapshot = await postDelta('early', early, cut(full, 50));
    assert.equal(snapshot.batches, 50);
    // VS Code's copy, replaced whole at 30 batches, arrives after the deltas took the chart to 50.
    snapshot = await render('early', DYNAMICS_MIME, cut(full, 30));
    assert.equal(snapshot.batches, 50);
    snapshot = await render('early', DYNAMICS_MIME, full);
    assert.equal(snapshot.batches, 60);
    assert.match((await session.h.page.locator('#early .ibnb-caption').textContent()) ?? '', /done · epoch 2/);
    await session.h.page.evaluate(() => harness.dispose('early'));
    assert.deepEqual(session.h.errors, []);
  });

  test('two charts in one notebook keep their own controls (radio groups do not leak between outputs)', async () => {
    await render('first', DYNAMICS_MIME, makePayload({ epochs: 2, batchesPerEpoch: 10 }));
    await render('second', DYNAMICS_MIME, makePayload({ epochs: 2, batchesPerEpoch: 10 }));
    await session.h.page.locator('#first input[type=radio][value=batch]').check();
    await session.h.page.locator('#second input[type=radio][value=mean]').check();
    assert.equal(await session.h.page.locator('#first input[type=radio][value=batch]').isChecked(), true, 'the first chart keeps its choice');
    assert.equal(await session.h.page.locator('#second input[type=radio][value=mean]').isChecked(), true);
    await session.h.page.evaluate(() => {
      harness.dispose('first');
      harness.dispose('second');
    });
  });

  test('the layer layout toggle rebuilds the one view and keeps the controls', async () => {
    await render('toggle', DYNAMICS_MIME, makePayload({ epochs: 5, batchesPerEpoch: 20 }));
    const out = session.h.page.locator('#toggle');
    await out.locator('input[type=radio][value=batch]').check();
    await out.locator('.ibnb-header button.ibnb-layout-toggle').click();
    await session.h.page.waitForFunction(() => harness.inspect('toggle')?.embeds === 2);
    const snapshot = await session.h.page.evaluate(() => harness.inspect('toggle'));
    assert.equal(snapshot?.views, 1);
    assert.equal(await out.locator('canvas').count(), 1);
    assert.equal(await out.locator('input[type=radio][value=batch]').isChecked(), true);
    assert.equal(await out.locator('.ibnb-header button.ibnb-layout-toggle').textContent(), 'Small multiples');
    await out.screenshot({ path: join(ARTIFACTS, 'renderer-overlay.png') });
  });

  test('an unreadable payload shows a short message, not a blank box or an exception', async () => {
    const wrongVersion = await render('bad', DYNAMICS_MIME, { ...makePayload({ epochs: 1 }), version: 2 });
    assert.equal(wrongVersion.views, 0);
    assert.match(wrongVersion.message ?? '', /version 2 .* reads version 1/);
    assert.equal(await session.h.page.locator('#bad [role=alert]').isVisible(), true);
    const malformed = await render('bad', DYNAMICS_MIME, { version: 1, layers: 3 });
    assert.match(malformed.message ?? '', /Cannot show these training dynamics: runId should be a string/);
    await session.h.page.evaluate(() => harness.render('notjson', 'application/vnd.ibnb.dynamics+json', '{"version": 1,'));
    const notJson = await session.h.page.evaluate(() => harness.inspect('notjson'));
    assert.match(notJson?.message ?? '', /not valid JSON/);
    // A good payload afterwards replaces the message with the chart.
    const recovered = await render('bad', DYNAMICS_MIME, makePayload({ epochs: 2 }));
    assert.equal(recovered.views, 1);
    assert.equal(recovered.message, undefined);
    assert.equal(await session.h.page.locator('#bad [role=alert]').count(), 0);
    const badSpec = await render('badspec', VEGALITE_MIME, { mark: 'nonsense', encoding: { x: { field: 'a' } } });
    assert.match(badSpec.message ?? '', /Cannot show this chart/);
    assert.deepEqual(session.h.errors.filter((e) => !/Invalid mark type|nonsense/i.test(e)), []);
  });

  test('payload text is shown as text, never parsed as HTML', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    await render('xss', DYNAMICS_MIME, { ...makePayload({ epochs: 2, layers: [evil, 'b'] }), runId: evil, backend: '<b>bold</b>' });
    const out = session.h.page.locator('#xss');
    assert.equal(await out.locator('img').count(), 0);
    assert.equal(await out.locator('b').count(), 0);
    assert.ok(((await out.locator('.ibnb-bindings').textContent()) ?? '').includes(evil));
    assert.ok(((await out.locator('.ibnb-caption').textContent()) ?? '').includes(evil));
    assert.equal(await session.h.page.evaluate('window.__xss'), undefined);
  });

  test('any Vega-Lite spec (display(spec)) renders, and updates in place when only its data change', async () => {
    const spec = (n: number) => ({ data: { values: Array.from({ length: n }, (_, i) => ({ a: i, b: i * i })) }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } });
    const first = await render('vl', VEGALITE_MIME, spec(5));
    assert.equal(first.kind, 'vegalite');
    assert.equal(first.marks.symbol, 5);
    const second = await render('vl', VEGALITE_MIME, spec(12));
    assert.equal(second.marks.symbol, 12);
    assert.equal(second.embeds, 1);
    const restyled = await render('vl', VEGALITE_MIME, { ...spec(3), mark: 'circle' });
    assert.equal(restyled.embeds, 2, 'a new shape rebuilds');
    assert.equal(restyled.views, 1);
    assert.equal(await session.h.page.locator('#vl canvas').count(), 1);
  });

  test('a spec that asks for URLs loads nothing: no request leaves the page', async () => {
    const requestsBefore = session.h.requests.length;
    const servedBefore = session.server.served.length;
    const snapshot = await render('urls', VEGALITE_MIME, {
      // Would be served by the test server if anything fetched it.
      data: { url: `${session.server.origin}/secret.json` },
      // usermeta.embedOptions must not turn the editor or source actions back on.
      usermeta: { embedOptions: { actions: true, ast: false, loader: { baseURL: 'https://example.com/' } } },
      layer: [
        { mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } },
        { data: { values: [{ u: 'https://example.com/pixel.png', h: 'https://example.com/' }] }, mark: 'image', encoding: { url: { field: 'u' }, href: { field: 'h' }, tooltip: { value: { image: 'https://example.com/tip.png' } } } },
        { data: { url: 'https://example.com/data.csv' }, mark: 'tick', encoding: { x: { field: 'z', type: 'quantitative' } } },
      ],
    });
    await session.h.page.waitForTimeout(300);
    const ofPage = session.h.requests.slice(requestsBefore);
    assert.deepEqual(ofPage, [], `the page requested ${ofPage.join(', ')}`);
    assert.deepEqual(session.server.served.slice(servedBefore), []);
    assert.equal(snapshot.views, 1, 'the chart still renders, without the external data');
    assert.ok(snapshot.notes.some((n) => n.includes('/secret.json')), snapshot.notes.join('\n'));
    const actions = await session.h.page.locator('#urls .vega-actions a').allTextContents();
    assert.deepEqual(actions.map((a) => a.trim()).sort(), ['Save as PNG', 'Save as SVG']);
    assert.match((await session.h.page.locator('#urls .ibnb-note').textContent()) ?? '', /load nothing from URLs or files/);
  });

  test("a spec's event handling stays inside its own view", async () => {
    await session.h.page.evaluate("(() => { const i = document.createElement('input'); i.id = 'victim'; i.value = 'secret'; document.body.appendChild(i); })()");
    const snapshot = await render('confined', VEGALITE_MIME, {
      params: [
        // Would bind to (and read) an input elsewhere in the webview.
        { name: 'stolen', value: 'init', bind: { element: '#victim' } },
        // Would listen to key presses anywhere in the webview.
        { name: 'keys', select: { type: 'point', on: 'window:keydown' } },
      ],
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    });
    assert.equal(snapshot.views, 1);
    assert.ok('stolen' in snapshot.controls);
    assert.notEqual(snapshot.controls.stolen, 'secret', 'not bound to #victim');
    assert.equal(await session.h.page.locator('#victim').inputValue(), 'secret');
  });

  test('theme: VS Code colours apply, and a theme switch redraws in place', async () => {
    await render('theme', DYNAMICS_MIME, makePayload({ epochs: 2 }));
    const background = () => session.h.page.locator('#theme canvas').evaluate((canvas) => {
      const c = canvas as unknown as { getContext(t: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: number[] } } };
      return Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data).slice(0, 3);
    });
    assert.deepEqual(await background(), [255, 255, 254], '--vscode-editor-background #fffffe');
    await session.h.page.evaluate(() => harness.setTheme('dark', { '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': '#d4d4d4' }));
    await session.h.page.waitForFunction(() => harness.inspect('theme')?.embeds === 2);
    assert.deepEqual(await background(), [30, 30, 30]);
    const snapshot = await session.h.page.evaluate(() => harness.inspect('theme'));
    assert.equal(snapshot?.views, 1);
    assert.equal(await session.h.page.locator('#theme canvas').count(), 1);
    await session.h.page.locator('#theme').screenshot({ path: join(ARTIFACTS, 'renderer-dark.png') });
    await session.h.page.evaluate(() => harness.setTheme('light', { '--vscode-editor-background': '#fffffe', '--vscode-editor-foreground': '#1f1f1f' }));
  });

  test('the chart follows the output width without rebuilding', async () => {
    await render('wide', DYNAMICS_MIME, makePayload({ epochs: 3 }));
    const width = () => session.h.page.locator('#wide canvas').evaluate((c) => (c as unknown as { clientWidth: number }).clientWidth);
    const wide = await width();
    await session.h.page.evaluate(() => harness.resize('wide', 560));
    await session.h.page.waitForFunction(`document.querySelector('#wide canvas').clientWidth < ${wide - 100}`);
    assert.ok((await width()) <= 560, `${await width()} fits 560 px`);
    assert.equal((await session.h.page.evaluate(() => harness.inspect('wide')))?.embeds, 1);
  });

  test('disposeOutputItem finalizes the view and removes the output', async () => {
    await render('gone', DYNAMICS_MIME, makePayload({ epochs: 2 }));
    await session.h.page.evaluate(() => harness.dispose('gone'));
    assert.equal(await session.h.page.evaluate(() => harness.inspect('gone')), null);
    assert.equal(await session.h.page.locator('#gone .ibnb-output').count(), 0);
  });
});
