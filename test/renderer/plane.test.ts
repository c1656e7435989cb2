/**
 * The information plane as the notebook renderer draws it in headless
 * Chromium: each layer's small multiple on its own scales with nothing
 * clipped, the Shared scales toggle, and HSIC's permutation baseline as a
 * dashed floor. Screenshots are kept under test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { PlotPoints } from '../../src/charts/index';
import type { DynamicsPayload } from '../../src/contract/dynamicsPayload';
import { makePayload } from '../charts/fixtures/payload';
import { ARTIFACTS, DYNAMICS_MIME, useHarness } from './browser';

interface Snapshot {
  views: number;
  embeds: number;
  marks: Record<string, number>;
  plane: PlotPoints[];
  measures: PlotPoints[];
  message?: string;
}
declare const harness: { render(id: string, mime: string, text: string): Promise<void>; settled(id: string): Promise<void>; inspect(id: string): Snapshot | null };

const session = useHarness();

async function draw(id: string, payload: DynamicsPayload): Promise<Snapshot> {
  await session.h.page.evaluate(([i, m, text]) => harness.render(i, m, text), [id, DYNAMICS_MIME, JSON.stringify(payload)] as const);
  return inspect(id);
}

async function inspect(id: string): Promise<Snapshot> {
  const s = await session.h.page.evaluate((i) => harness.settled(i).then(() => harness.inspect(i)), id);
  assert.ok(s, `no output ${id}`);
  assert.equal(s.views, 1, s.message);
  return s;
}

/** The reference notebook's shape: the output layer's HSIC 10⁴ times smaller than the others (σ = 5 on softmax outputs). */
function withTinyOutputLayer(payload: DynamicsPayload): DynamicsPayload {
  const L = payload.layers.length;
  const last = L - 1;
  for (const e of payload.epochs) e.mean = e.mean.map((layers) => layers.map(([x, y], l) => (l === last ? [x * 1e-4, y * 1e-4] : [x, y])));
  const values = payload.batches!.values;
  const cell = payload.evaluators.length * L * 2;
  for (let i = 0; i < values.length; i++) if (Math.floor((i % cell) / 2) % L === last) values[i] *= 1e-4;
  return payload;
}

describe('the information plane in headless Chromium', () => {
  test("independent scales by default: every layer fills its own plot, the tiny output layer too, and no point is clipped; Shared scales puts them on one", async () => {
    const payload = withTinyOutputLayer(makePayload({ epochs: 5, batchesPerEpoch: 30 }));
    const independent = await draw('scales', payload);
    assert.deepEqual(independent.plane.map((p) => p.panel), payload.layers);
    for (const plot of independent.plane) {
      assert.ok(plot.points > 5, `${plot.panel}: points drawn (${plot.points})`);
      assert.deepEqual(plot.outside, [], `${plot.panel}: points reach past its ${plot.width} × ${plot.height} plot`);
      assert.ok(plot.spanX > 0.5 * plot.width && plot.spanY > 0.5 * plot.height, `${plot.panel} spans its plot (${plot.spanX.toFixed(0)} × ${plot.spanY.toFixed(0)} of ${plot.width} × ${plot.height})`);
    }
    // The by-epoch panels too: a row per layer, each on its own y scale, so the output layer's curves are not flat at 0.
    const tinyName = payload.layers[payload.layers.length - 1];
    assert.deepEqual(independent.measures.map((p) => p.panel), payload.layers.flatMap((l) => [`${l} · HSIC(H, X)`, `${l} · HSIC(H, Y)`]));
    for (const panel of independent.measures.filter((p) => p.panel!.startsWith(tinyName))) {
      assert.ok(panel.spanY > 0.5 * panel.height, `${panel.panel} spans its panel's height (${panel.spanY.toFixed(0)} of ${panel.height})`);
    }
    await session.h.page.locator('#scales').screenshot({ path: join(ARTIFACTS, 'renderer-plane-independent-scales.png') });

    const button = session.h.page.locator('#scales .ibnb-header button.ibnb-scales-toggle');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await button.click();
    await session.h.page.waitForFunction(() => harness.inspect('scales')?.embeds === 2);
    const shared = await inspect('scales');
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    for (const plot of shared.plane) assert.deepEqual(plot.outside, [], `${plot.panel}: nothing clipped on shared scales either`);
    const tiny = shared.plane[shared.plane.length - 1];
    assert.ok(tiny.spanX < 0.02 * tiny.width, `on one shared scale the output layer collapses into a corner (${tiny.spanX.toFixed(1)} px)`);
    assert.deepEqual(shared.measures.map((p) => p.panel), ['HSIC(H, X) by epoch', 'HSIC(H, Y) by epoch'], 'shared: one by-epoch panel per coordinate');
    await session.h.page.locator('#scales').screenshot({ path: join(ARTIFACTS, 'renderer-plane-shared-scales.png') });

    // Overlaid layers share one panel: the toggle has nothing to choose there.
    await session.h.page.locator('#scales .ibnb-header button.ibnb-layout-toggle').click();
    await session.h.page.waitForFunction(() => harness.inspect('scales')?.embeds === 3);
    assert.equal(await button.isHidden(), true);
    assert.deepEqual(session.h.errors, []);
  });

  test("HSIC's permutation baseline: a dashed vertical and horizontal rule in each layer's plot, a dashed line per layer in the by-epoch panels", async () => {
    const payload = makePayload({ epochs: 4, batchesPerEpoch: 30, baseline: true });
    const plain = await draw('plain', makePayload({ epochs: 4, batchesPerEpoch: 30 }));
    const floor = await draw('baseline', payload);
    const L = payload.layers.length;
    assert.equal((floor.marks.rule ?? 0) - (plain.marks.rule ?? 0), 2 * L, JSON.stringify(floor.marks));
    // A line mark's items are its vertices: 4 epochs per layer and panel.
    assert.equal((floor.marks.line ?? 0) - (plain.marks.line ?? 0), 2 * L * 4, JSON.stringify(floor.marks));
    for (const plot of floor.plane) assert.deepEqual(plot.outside, [], `${plot.panel}: nothing clipped`);
    const summary = await session.h.page.locator('#baseline .ibnb-sr-only').textContent();
    assert.match(summary ?? '', /permutation baseline/);
    await session.h.page.locator('#baseline').screenshot({ path: join(ARTIFACTS, 'renderer-baseline-floor.png') });
    assert.deepEqual(session.h.errors, []);
  });
});
