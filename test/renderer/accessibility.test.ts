/**
 * A canvas chart has no text of its own: the renderer names it and gives it
 * a summary for screen readers, and keeps its controls out of the image.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeCompare } from '../charts/fixtures/compare';
import { makePayload, REFERENCE_LAYERS } from '../charts/fixtures/payload';
import { COMPARE_MIME } from '../../src/contract/mime';
import { DYNAMICS_MIME, useHarness } from './browser';

declare const harness: { render(id: string, mime: string, text: string): Promise<void> };

const session = useHarness();

describe('the chart for screen readers', () => {

  test('the chart is an image named by its title and described by a summary of every layer; its controls stay outside it', async () => {
    const payload = makePayload({ epochs: 2, batchesPerEpoch: 5 });
    await session.h.page.evaluate(([m, t]) => harness.render('a11y', m, t), [DYNAMICS_MIME, JSON.stringify(payload)] as const);
    const chart = session.h.page.locator('#a11y .ibnb-chart[role=img]');
    assert.equal(await chart.count(), 1);
    assert.match((await chart.getAttribute('aria-label')) ?? '', /^Training dynamics: information plane of 5 layers/);
    const described = await chart.getAttribute('aria-describedby');
    assert.ok(described);
    const summary = (await session.h.page.locator(`#a11y [id="${described}"]`).textContent()) ?? '';
    for (const layer of REFERENCE_LAYERS) assert.ok(summary.includes(layer), `${layer} in the summary: ${summary}`);
    assert.match(summary, /at epoch 2/);
    assert.equal(await session.h.page.locator('#a11y [role=img] input').count(), 0, 'no control inside the image');
    assert.ok((await session.h.page.locator('#a11y input[type=checkbox]').count()) > 0, 'the controls are there');
    // A later payload (the next epoch) updates the summary.
    await session.h.page.evaluate(([m, t]) => harness.render('a11y', m, t), [DYNAMICS_MIME, JSON.stringify(makePayload({ epochs: 3, batchesPerEpoch: 5 }))] as const);
    assert.match((await session.h.page.locator(`#a11y [id="${described}"]`).textContent()) ?? '', /at epoch 3/);
    assert.deepEqual(session.h.errors, []);
  });

  test('a comparison is an image too, named by its runs and described by where each ended in each layer', async () => {
    const payload = makeCompare(3, 'none', { epochs: 3, baseline: true });
    await session.h.page.evaluate(([m, t]) => harness.render('a11y-compare', m, t), [COMPARE_MIME, JSON.stringify(payload)] as const);
    const chart = session.h.page.locator('#a11y-compare .ibnb-chart[role=img]');
    assert.equal(await chart.count(), 1);
    assert.equal(await chart.getAttribute('aria-label'), 'Comparison of 3 runs: information plane of 5 layers');
    const described = await chart.getAttribute('aria-describedby');
    const summary = (await session.h.page.locator(`#a11y-compare [id="${described}"]`).textContent()) ?? '';
    for (const name of [...REFERENCE_LAYERS, 'seed 1', 'seed 2', 'seed 3']) assert.ok(summary.includes(name), `${name} in the summary: ${summary}`);
    assert.match(summary, /permutation baseline/);
    assert.deepEqual(session.h.errors, []);
  });
});
