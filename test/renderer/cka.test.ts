/**
 * The CKA heatmap drawn by the notebook renderer in headless Chromium: its
 * cells, the hover that links it to the plane (a real pointer over the
 * canvas), and a screenshot under test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { makePayload } from '../charts/fixtures/payload';
import { ARTIFACTS, DYNAMICS_MIME, useHarness } from './browser';

interface Snapshot {
  views: number;
  marks: Record<string, number>;
  hover: Record<string, unknown[]>;
  message?: string;
}
declare const harness: { render(id: string, mime: string, text: string): Promise<void>; inspect(id: string): Snapshot | null };

const session = useHarness();

async function snapshot(id: string): Promise<Snapshot> {
  const s = await session.h.page.evaluate((i) => harness.inspect(i), id);
  assert.ok(s, `no output ${id}`);
  return s;
}

describe('the CKA heatmap in headless Chromium', () => {
  test('draws L² cells, and hovering a layer in the plane sets the selection the heatmap highlights by', async () => {
    const page = session.h.page;
    await page.evaluate(([m, text]) => harness.render('cka', m, text), [DYNAMICS_MIME, JSON.stringify(makePayload({ epochs: 4, batchesPerEpoch: 20, cka: true }))] as const);
    const without = await page.evaluate(([m, text]) => harness.render('plain', m, text).then(() => harness.inspect('plain')), [DYNAMICS_MIME, JSON.stringify(makePayload({ epochs: 4, batchesPerEpoch: 20 }))] as const);
    const shown = await snapshot('cka');
    assert.equal(shown.views, 1, shown.message);
    // 5 layers: 25 cells (the only rect marks of the dashboard), without CKA none.
    assert.equal(shown.marks.rect, 25, JSON.stringify(shown.marks));
    assert.equal(without?.marks.rect ?? 0, 0);
    assert.deepEqual(shown.hover, { ibnb_hover_layer: [], ibnb_hover_cell: [] });
    // Sweep the pointer over the plane's first column of panels (the canvas's top left) until it is over a
    // mean point (8 px wide, so a 5 px grid meets one), reading the selection after every move: it clears on pointerout.
    const canvas = page.locator('#cka canvas');
    const box = (await canvas.boundingBox())!;
    let hovered: unknown[] = [];
    for (let y = box.y + 30; y < box.y + 480 && hovered.length === 0; y += 5) {
      for (let x = box.x + 40; x < box.x + box.width / 3 && hovered.length === 0; x += 5) {
        await page.mouse.move(x, y);
        hovered = (await snapshot('cka')).hover.ibnb_hover_layer;
      }
    }
    assert.equal(hovered.length, 1, 'a mean point in the plane was hovered');
    const [layerIndex] = hovered[0] as number[];
    assert.ok(Number.isInteger(layerIndex) && layerIndex >= 0 && layerIndex < 5);
    // Pointer off the plane: the selection clears.
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.mouse.move(box.x + 1, box.y + 1);
    assert.deepEqual((await snapshot('cka')).hover.ibnb_hover_layer, [], 'pointerout clears the selection');
    await page.locator('#cka').screenshot({ path: join(ARTIFACTS, 'renderer-cka-heatmap.png') });
    assert.deepEqual(session.h.errors, []);
  });
});
