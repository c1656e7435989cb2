/** The bootstrap-interval toggle in headless Chromium: off by default, on draws a crossed bar per mean; a screenshot is kept. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makePayload } from '../charts/fixtures/payload';
import { ARTIFACTS, DYNAMICS_MIME, useHarness } from './browser';

interface Snapshot {
  marks: Record<string, number>;
  intervals: boolean;
  embeds: number;
}
declare const harness: {
  render(id: string, mime: string, text: string): Promise<void>;
  settled(id: string): Promise<void>;
  inspect(id: string): Snapshot | null;
};

const session = useHarness();

test('95 % intervals: off by default; on, each mean in the plane gets an x and a y bar', async () => {
  const payload = makePayload({ epochs: 4, batchesPerEpoch: 40 });
  await session.h.page.evaluate(([m, text]) => harness.render('iv', m, text), [DYNAMICS_MIME, JSON.stringify(payload)] as const);
  const inspect = () => session.h.page.evaluate(() => harness.settled('iv').then(() => harness.inspect('iv')));
  const before = (await inspect())!;
  assert.equal(before.intervals, false);
  const button = session.h.page.locator('#iv .ibnb-header button', { hasText: '95 % intervals' });
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  await button.click();
  await session.h.page.waitForFunction(() => harness.inspect('iv')?.embeds === 2);
  const after = (await inspect())!;
  assert.equal(after.intervals, true);
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  assert.equal((after.marks.rule ?? 0) - (before.marks.rule ?? 0), 2 * 4 * payload.layers.length);
  await session.h.page.locator('#iv').screenshot({ path: join(ARTIFACTS, 'renderer-intervals.png') });
  assert.deepEqual(session.h.errors, []);
});
