import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDynamicsSpec, structureKey, VIEW } from '../../src/charts/index';
import { DATASET, rowKey } from '../../src/charts/fields';
import { CELL_LIT, FADED, HOVER, LAYER_LIT, similarityRows } from '../../src/charts/similarity';
import { compileWithWarnings, runHeadless } from './compile';
import { fixtureCka, makePayload } from './fixtures/payload';

type Item = { opacity?: number; datum?: Record<string, unknown>; text?: unknown };
type Node = { marktype?: string; role?: string; name?: string; items?: (Node & Item)[] };

/** A headless view with access to the drawn items (opacity, datum), which runHeadless does not expose. */
async function view(payload = makePayload({ epochs: 3, cka: true })) {
  const { compile } = await import('vega-lite');
  const vega = await import('vega');
  const v = new vega.View(vega.parse(compile(buildDynamicsSpec(payload)).spec), { renderer: 'none' });
  await v.runAsync();
  const items = (marktype: string, where: (item: Item) => boolean = () => true, view = ''): Item[] => {
    const found: Item[] = [];
    const visit = (node: Node) => {
      if (node.marktype === marktype && node.role === 'mark' && !node.name?.startsWith('ibnb_undrawn_') && node.name?.startsWith(view)) for (const i of node.items ?? []) if (where(i)) found.push(i);
      node.items?.forEach(visit);
    };
    visit((v.scenegraph() as unknown as { root: Node }).root);
    return found;
  };
  const cells = () => items('rect', (i) => i.datum?.otherIndex !== undefined);
  return { v, items, cells };
}

test('the CKA heatmap compiles without warnings and is absent for payloads without CKA', async () => {
  const withCka = await compileWithWarnings(buildDynamicsSpec(makePayload({ epochs: 3, cka: true })));
  assert.deepEqual(withCka.warnings, []);
  assert.ok(withCka.vega.data?.some((d) => d.name === DATASET.similarity));
  const spec = buildDynamicsSpec(makePayload({ epochs: 3 })) as { vconcat: unknown[]; datasets: Record<string, unknown> };
  assert.equal(spec.vconcat.length, 3, 'plane, measures, metrics as before');
  assert.ok(!(DATASET.similarity in spec.datasets));
  assert.notEqual(structureKey(makePayload({ epochs: 3 })), structureKey(makePayload({ epochs: 3, cka: true })), 'the heatmap arriving rebuilds the view');
  const without = await compileWithWarnings(buildDynamicsSpec(makePayload({ epochs: 3 })));
  assert.deepEqual(without.warnings, []);
  const headless = await runHeadless(without.vega);
  assert.equal(headless.marks().rect ?? 0, 0);
  headless.finalize();
});

test('rows: one per epoch and pair of layers, with a stable key per cell', () => {
  const payload = makePayload({ epochs: 2, cka: true });
  const rows = similarityRows(payload);
  assert.equal(rows.length, 2 * 5 * 5);
  assert.deepEqual(rows[1], { epoch: 1, layerIndex: 0, layer: 'conv2d_1', otherIndex: 1, other: 'dense_1', value: fixtureCka(1, 5)[0][1] });
  assert.equal(new Set(rows.map((r) => rowKey(DATASET.similarity, r))).size, rows.length);
});

test('the heatmap shows L² cells of the last epoch, or of the latest one the scrubber reaches', async () => {
  const { v, cells, items } = await view();
  const values = (epoch: number) => fixtureCka(epoch, 5).flat().sort();
  assert.equal(cells().length, 25);
  assert.deepEqual(cells().map((c) => c.datum!.value).sort(), values(3));
  assert.ok(items('text').some((t) => t.text === 'Layer × layer CKA (linear) · probe batch · epoch 3'));
  await v.signal('upTo', 1).runAsync();
  assert.deepEqual(cells().map((c) => c.datum!.epoch), Array(25).fill(1));
  assert.deepEqual(cells().map((c) => c.datum!.value).sort(), values(1));
  assert.ok(items('text').some((t) => t.text === 'Layer × layer CKA (linear) · probe batch · epoch 1'));
  // Between epochs 2 and 3 (batches of epoch 3): epoch 2's map.
  await v.signal('upTo', 2.5).runAsync();
  assert.deepEqual([...new Set(cells().map((c) => c.datum!.epoch))], [2]);
  await v.signal('upTo', null).runAsync();
  assert.deepEqual([...new Set(cells().map((c) => c.datum!.epoch))], [3]);
  v.finalize();
});

test('hover links the plane and the heatmap both ways, through the selection stores', async () => {
  assert.match(CELL_LIT, new RegExp(`${HOVER.layer}_store`));
  assert.match(LAYER_LIT, new RegExp(`${HOVER.cell}_store`));
  const { v, cells, items } = await view();
  // The plane's (the measures panels have mean points too).
  const means = () => items('symbol', (i) => i.datum?.kind === 'mean', `${VIEW.plane}_`);
  assert.equal(means().length, 3 * 5);
  assert.ok(cells().every((c) => c.opacity === 1) && means().every((p) => p.opacity === 1), 'nothing hovered: nothing faded');
  // As a pointerover on layer 2's point in the plane leaves it (a store entry; unit and fields as Vega-Lite writes them).
  const layerStore = `${HOVER.layer}_store`;
  await v.data(layerStore, [{ unit: 'x', fields: [{ field: 'layerIndex', type: 'E' }], values: [2] }]).runAsync();
  const lit = cells().filter((c) => c.opacity === 1).map((c) => `${c.datum!.layerIndex},${c.datum!.otherIndex}`);
  assert.equal(lit.length, 9, 'row 2 and column 2: 5 + 5 − 1 cells');
  assert.ok(lit.every((k) => k.split(',').includes('2')));
  assert.ok(cells().filter((c) => c.opacity !== 1).every((c) => c.opacity === FADED));
  await v.data(layerStore, []).runAsync();
  // A cell (row 1, column 3) hovered: layers 1 and 3 stay, the others fade in the plane.
  await v.data(`${HOVER.cell}_store`, [{ unit: 'y', fields: [{ field: 'layerIndex', type: 'E' }, { field: 'otherIndex', type: 'E' }], values: [1, 3] }]).runAsync();
  const shown = new Set(means().filter((p) => p.opacity === 1).map((p) => p.datum!.layerIndex));
  assert.deepEqual([...shown].sort(), [1, 3]);
  assert.ok(means().filter((p) => !shown.has(p.datum!.layerIndex)).every((p) => p.opacity === FADED));
  v.finalize();
});
