/**
 * The epoch scrubber in headless Chromium: stepping by the slider and the
 * keyboard, by epoch and by batch, playing through to the end, and a live
 * run growing under a scrubbed-back chart. Marks are counted from the
 * view's scenegraph; screenshots are kept under test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { makePayload } from '../charts/fixtures/payload';
import { ARTIFACTS, DYNAMICS_MIME, useHarness } from './browser';

interface ScrubberState {
  index: number;
  frames: number;
  following: boolean;
  playing: boolean;
  label: string;
  mode: string;
  hidden: boolean;
}
interface Snapshot {
  marks: Record<string, number>;
  controls: Record<string, unknown>;
  scrubber: ScrubberState;
  embeds: number;
}
declare const harness: {
  render(id: string, mime: string, text: string): Promise<void>;
  settled(id: string): Promise<void>;
  inspect(id: string): Snapshot | null;
  dispose(id: string): void;
};

const session = useHarness();
const LAYERS = 5;
// Per epoch: 60 batches, drawn in bins of 2 (240 batches over the run: batchesPerPointFor) → 30 points per layer.
const BINS = 30;
/** Symbols with epochs 1..`means` and `bins` batch points per layer: plane and two measure panels; the metrics (4 per epoch) stay. */
const symbols = (means: number, bins: number, epochs = 4) => 3 * LAYERS * (means + bins) + 4 * epochs;

async function render(id: string, value: unknown): Promise<Snapshot> {
  await session.h.page.evaluate(([i, text]) => harness.render(i, 'application/vnd.ibnb.dynamics+json', text), [id, JSON.stringify(value)] as const);
  return inspect(id);
}

async function inspect(id: string): Promise<Snapshot> {
  const snapshot = await session.h.page.evaluate((i) => harness.settled(i).then(() => harness.inspect(i)), id);
  assert.ok(snapshot, `no output ${id}`);
  return snapshot;
}

/** Waits until the view has drawn what the scrubber asked (its signal runs asynchronously). */
async function marksSettle(id: string, expected: number): Promise<Snapshot> {
  await session.h.page.waitForFunction(([i, n]) => harness.inspect(i)?.marks.symbol === n, [id, expected] as const, { timeout: 10_000 }).catch(() => undefined);
  return inspect(id);
}

describe('the epoch scrubber', () => {
  test('steps by slider and keyboard, by epoch and by batch; a screenshot is kept', async () => {
    assert.equal(DYNAMICS_MIME, 'application/vnd.ibnb.dynamics+json');
    const start = await render('scrub', makePayload({ epochs: 4, batchesPerEpoch: 60 }));
    assert.equal(start.scrubber.hidden, false);
    assert.deepEqual({ ...start.scrubber, label: undefined }, { index: 3, frames: 4, following: true, playing: false, label: undefined, mode: 'epoch', hidden: false });
    assert.equal(start.scrubber.label, 'epoch 4 · mean (latest)');
    assert.equal(start.marks.symbol, symbols(4, 4 * BINS));

    const out = session.h.page.locator('#scrub');
    const slider = out.locator('input.ibnb-scrub');
    await slider.fill('1');
    let now = await marksSettle('scrub', symbols(2, 2 * BINS));
    assert.equal(now.marks.symbol, symbols(2, 2 * BINS), 'epochs 1–2: their means and all their batches');
    assert.deepEqual([now.scrubber.index, now.scrubber.following, now.scrubber.label], [1, false, 'epoch 2 · mean']);
    assert.equal(now.controls.upTo, 2);
    assert.equal(await slider.getAttribute('aria-valuetext'), 'epoch 2 · mean');

    await slider.focus();
    await session.h.page.keyboard.press('ArrowLeft');
    now = await marksSettle('scrub', symbols(1, BINS));
    assert.deepEqual([now.scrubber.index, now.marks.symbol], [0, symbols(1, BINS)], 'the arrow key steps back one epoch');

    // By batch: the same place in the run, then one bin of batches at a time.
    await out.locator('select.ibnb-scrub-mode').selectOption('batch');
    now = await inspect('scrub');
    assert.equal(now.scrubber.frames, 4 * BINS + 4, 'every bin of batches and every mean');
    assert.equal(now.scrubber.label, 'epoch 1 · mean');
    await session.h.page.keyboard.press('Tab');
    await slider.focus();
    await session.h.page.keyboard.press('ArrowRight');
    now = await marksSettle('scrub', symbols(1, BINS + 1));
    assert.equal(now.marks.symbol, symbols(1, BINS + 1), 'one more bin: epoch 2 begins, its mean not yet drawn');
    assert.equal(now.scrubber.label, 'epoch 2 · batches 1–2');
    await slider.fill(String(BINS + 1 + 14));
    now = await marksSettle('scrub', symbols(1, BINS + 15));
    assert.equal(now.scrubber.label, 'epoch 2 · batches 29–30');
    await out.screenshot({ path: join(ARTIFACTS, 'renderer-scrubber-mid-epoch.png') });

    // To the end: the whole run again, following it.
    await slider.fill(String(4 * BINS + 3));
    now = await marksSettle('scrub', symbols(4, 4 * BINS));
    assert.deepEqual([now.scrubber.following, now.controls.upTo], [true, null]);
    assert.deepEqual(session.h.errors, []);
  });

  test('plays epoch by epoch to the end, pauses on click, and a live run grows under a scrubbed-back chart', async () => {
    const out = session.h.page.locator('#play');
    await render('play', makePayload({ epochs: 4, batchesPerEpoch: 60, status: 'running' }));
    await out.locator('button.ibnb-play').click();
    // At the end, Play starts over from the first epoch.
    const first = await inspect('play');
    assert.equal(first.scrubber.playing, true);
    assert.ok(first.scrubber.index <= 1, `starts over: frame ${first.scrubber.index}`);
    assert.equal(await out.locator('button.ibnb-play').getAttribute('aria-label'), 'Pause the replay');
    const seen = new Set<number>();
    const deadline = Date.now() + 10_000;
    let now = first;
    while (Date.now() < deadline && (now.scrubber.playing || !now.scrubber.following)) {
      seen.add(now.scrubber.index);
      await session.h.page.waitForTimeout(150);
      now = await inspect('play');
    }
    assert.deepEqual([now.scrubber.playing, now.scrubber.following], [false, true], 'stops at the end, following the run');
    assert.ok(seen.has(1) && seen.has(2), `went through the epochs: ${[...seen].join(', ')}`);
    assert.equal((await marksSettle('play', symbols(4, 4 * BINS))).marks.symbol, symbols(4, 4 * BINS));

    // Play, then pause mid-way: it stays where it paused.
    await out.locator('button.ibnb-play').click();
    await session.h.page.waitForFunction(() => (harness.inspect('play')?.scrubber.index ?? 0) >= 1);
    await out.locator('button.ibnb-play').click();
    const paused = await inspect('play');
    assert.equal(paused.scrubber.playing, false);
    await session.h.page.waitForTimeout(900);
    assert.equal((await inspect('play')).scrubber.index, paused.scrubber.index, 'paused: no further frames');

    // Scrubbed back to epoch 1 while the run goes on: the chart stays at epoch 1, the slider grows.
    await out.locator('input.ibnb-scrub').fill('0');
    await marksSettle('play', symbols(1, BINS));
    let live = await render('play', makePayload({ epochs: 6, batchesPerEpoch: 60, status: 'running' }));
    // 360 batches: bins of 2 still (batchesPerPointFor(360) = 2), 30 per epoch.
    assert.deepEqual([live.scrubber.index, live.scrubber.frames, live.scrubber.following], [0, 6, false]);
    live = await marksSettle('play', symbols(1, BINS, 6));
    assert.equal(live.marks.symbol, symbols(1, BINS, 6));
    assert.equal(live.embeds, 1, 'a live update in place');
    // Back at the end, it follows the run again: the next epochs appear as they come.
    await out.locator('input.ibnb-scrub').fill('5');
    await render('play', makePayload({ epochs: 7, batchesPerEpoch: 60, status: 'running' }));
    // 420 batches: bins of 4 (batchesPerPointFor(420) = 4), 15 per epoch.
    live = await marksSettle('play', 3 * LAYERS * (7 + 7 * 15) + 4 * 7);
    assert.deepEqual([live.scrubber.index, live.scrubber.frames, live.scrubber.following], [6, 7, true]);
    assert.equal(live.marks.symbol, 3 * LAYERS * (7 + 7 * 15) + 4 * 7);
    assert.deepEqual(session.h.errors, []);
  });

  test('a chart with one epoch has no scrubber to show', async () => {
    const one = await render('single', makePayload({ epochs: 1, batchesPerEpoch: 10 }));
    assert.equal(one.scrubber.hidden, true);
    await session.h.page.evaluate(() => harness.dispose('single'));
  });
});
