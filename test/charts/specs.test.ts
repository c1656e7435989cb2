import assert from 'node:assert/strict';
import test from 'node:test';
import { buildDynamicsSpec, DATASET, UNDRAWN_MARK_PREFIX, VIEW, measuresSpec, metricsSpec, planeSpec, structureKey, toRows } from '../../src/charts/index';
import { compileWithWarnings, runHeadless } from './compile';
import { HSIC_EVALUATOR, KDE_EVALUATOR, makePayload } from './fixtures/payload';

type Json = Record<string, unknown>;

/** A spec as plain JSON, to look into. */
const json = (spec: unknown): Json => spec as Json;

const undrawn = (node: Json) => typeof node.name === 'string' && node.name.startsWith(UNDRAWN_MARK_PREFIX);

/** Every drawn unit view (an object with a `mark`; not the domain keepers) in a Vega-Lite spec, with the titles of the views around it. */
function units(spec: unknown, titles: string[] = []): { unit: Json; titles: string[] }[] {
  if (Array.isArray(spec)) return spec.flatMap((s) => units(s, titles));
  if (typeof spec !== 'object' || spec === null) return [];
  const node = spec as Json;
  const title = typeof node.title === 'object' && node.title !== null ? (node.title as Json).text : node.title;
  const here = typeof title === 'string' ? [...titles, title] : titles;
  if ('mark' in node) return undrawn(node) ? [] : [{ unit: node, titles: here }];
  return ['vconcat', 'hconcat', 'layer', 'spec'].flatMap((key) => units(node[key], here));
}

function encoding(unit: Json, channel: string): Json {
  return ((unit.encoding as Json)[channel] ?? {}) as Json;
}

const markType = (unit: Json) => (typeof unit.mark === 'string' ? unit.mark : (unit.mark as Json).type);

test('the dashboard compiles with Vega-Lite without warnings, in both layer layouts', async () => {
  for (const layout of ['facet', 'overlay'] as const) {
    const { warnings, vega } = await compileWithWarnings(buildDynamicsSpec(makePayload(), { layout }));
    assert.deepEqual(warnings, [], `${layout}: ${warnings.join('; ')}`);
    // The datasets keep their names in Vega, so a live update can replace them.
    const names = (vega.data ?? []).map((d) => d.name);
    assert.ok(names.includes(DATASET.points) && names.includes(DATASET.metrics), names.join(', '));
  }
});

test('the information plane: x and y are the evaluator measures, one trajectory per layer in epoch order, points coloured by epoch', () => {
  const payload = makePayload();
  const plane = json(planeSpec(payload, { layout: 'facet', size: { width: 200, height: 160 }, columns: 3 }));
  assert.deepEqual(plane.facet, { field: 'layer', type: 'nominal', title: null, sort: { field: 'layerIndex', op: 'min' }, header: { labelFontWeight: 'bold' } });
  assert.equal(plane.columns, 3);
  const [batch, line, points] = units(plane).map((u) => u.unit);
  assert.equal(markType(line), 'line');
  assert.deepEqual(encoding(line, 'order'), { field: 'epoch' });
  assert.equal(encoding(line, 'x').field, 'x');
  assert.equal(encoding(line, 'x').title, 'HSIC(H, X)');
  assert.equal(encoding(line, 'y').field, 'y');
  assert.equal(encoding(line, 'y').title, 'HSIC(H, Y)');
  for (const u of [batch, points]) {
    assert.equal(encoding(u, 'fill').field, 'epoch');
    assert.equal(encoding(u, 'fill').type, 'quantitative', 'a sequential epoch scale');
    assert.ok(encoding(u, 'fill').legend, 'with a legend');
    const tooltip = (u.encoding as Json).tooltip as Json[];
    assert.deepEqual(tooltip.map((t) => t.field), ['layer', 'epoch', 'batch', 'x', 'y']);
  }
  assert.deepEqual((batch.transform as Json[])[0], { filter: "datum.kind == 'batch' && detail != 'mean'" });
  assert.deepEqual((points.transform as Json[])[0], { filter: "datum.kind == 'mean' && detail != 'batch'" });
  assert.deepEqual((points.params as Json[])[0], { name: 'zoom', select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' });

  const overlay = json(planeSpec(payload, { layout: 'overlay', size: { width: 500, height: 300 }, columns: 1 }));
  assert.equal(overlay.facet, undefined);
  const overlayLine = units(overlay)[1].unit;
  assert.equal(encoding(overlayLine, 'stroke').field, 'layer', 'overlay: layers told apart by colour');
  assert.deepEqual((encoding(overlayLine, 'stroke').scale as Json).domain, payload.layers);
});

test("the plane's title states the estimator, kernel, σ and normalization", () => {
  const spec = json(buildDynamicsSpec(makePayload()));
  const plane = (spec.vconcat as Json[])[0];
  const title = plane.title as Json;
  assert.equal(title.text, 'Information plane · HSIC · gaussian kernel · σ = 5 · biased');
  assert.match(String(title.subtitle), /x = HSIC\(H, X\), y = HSIC\(H, Y\)/);
  const composed = json(buildDynamicsSpec(makePayload({ evaluators: [{ ...HSIC_EVALUATOR, description: undefined, params: { kernel: 'gaussian', sigma: 'median', normalization: 'unbiased' } }] })));
  assert.equal(((composed.vconcat as Json[])[0].title as Json).text, 'Information plane · HSIC · gaussian kernel · σ: median rule · unbiased normalization');
});

test('measures by epoch on their own scales (the default): a row of panels per layer, one per coordinate, in layer order', () => {
  const payload = makePayload({ layers: ['conv', 'dense', 'out'] });
  const spec = json(measuresSpec(payload, { width: 300, height: 150 }));
  assert.deepEqual(spec.facet, { field: 'layerPanel', type: 'nominal', title: null, sort: { field: 'layerPanelOrder', op: 'min' }, header: { labelFontWeight: 'bold', labelAnchor: 'start', labelLimit: 300 } });
  assert.deepEqual(spec.resolve, { scale: { y: 'independent' } }, 'each panel on its own scale');
  const rows = toRows(payload)[DATASET.measures];
  const order = new Map(rows.map((r) => [r.layerPanel, r.layerPanelOrder]));
  assert.deepEqual([...order.entries()].sort((a, b) => a[1] - b[1]).map(([panel]) => panel), [
    'conv · HSIC(H, X)', 'conv · HSIC(H, Y)', 'dense · HSIC(H, X)', 'dense · HSIC(H, Y)', 'out · HSIC(H, X)', 'out · HSIC(H, Y)',
  ]);
  // Overlaid layers keep the shared panels.
  assert.equal(((json(buildDynamicsSpec(payload, { layout: 'overlay' })).vconcat as Json[])[1].facet as Json).field, 'panel');
});

test('measures by epoch on shared scales: each coordinate per layer, batch points faint behind the means', () => {
  const payload = makePayload();
  const spec = json(measuresSpec(payload, { width: 300, height: 150 }, 'shared'));
  assert.deepEqual(spec.data, { name: DATASET.measures, format: { parse: null } });
  assert.deepEqual(spec.facet, { field: 'panel', type: 'nominal', title: null, sort: { field: 'coordinate', op: 'min' }, header: { labelFontWeight: 'bold', labelAnchor: 'start' } });
  assert.deepEqual(spec.resolve, { scale: { y: 'independent' } }, 'each measure on its own scale');
  const rows = toRows(payload)[DATASET.measures];
  assert.deepEqual([...new Set(rows.map((r) => r.panel))], ['HSIC(H, X) by epoch', 'HSIC(H, Y) by epoch'], 'one panel per measure, named by its label');
  const [batch, line, mean] = units(spec).map((u) => u.unit);
  assert.equal(encoding(batch, 'x').field, 'step', 'batch points spread through their epoch');
  assert.equal(encoding(batch, 'y').field, 'value');
  assert.deepEqual((batch.mark as Json).opacity, { expr: "detail == 'batch' ? 0.65 : 0.22" });
  assert.equal(encoding(line, 'x').field, 'epoch');
  assert.equal(encoding(line, 'color').field, 'layer');
  assert.equal(markType(mean), 'point');
});

test('loss and accuracy by epoch, training and validation', () => {
  const spec = json(metricsSpec({ width: 300, height: 120 }));
  assert.deepEqual(spec.data, { name: DATASET.metrics, format: { parse: null } });
  assert.deepEqual(spec.facet, { field: 'metric', type: 'nominal', title: null, sort: ['loss', 'accuracy'], header: { labelFontWeight: 'bold', labelAnchor: 'start' } });
  const line = units(spec)[0].unit;
  assert.equal(encoding(line, 'x').field, 'epoch');
  assert.equal(encoding(line, 'y').field, 'value');
  assert.equal(encoding(line, 'color').field, 'split');
});

test('controls: points (mean/batch/both), one checkbox per layer, an evaluator select when there are several', () => {
  const one = json(buildDynamicsSpec(makePayload({ layers: ['conv', 'dense'] })));
  const params = one.params as Json[];
  const byName = (name: string) => params.find((p) => p.name === name) as Json;
  assert.deepEqual(byName('detail').bind, { input: 'radio', options: ['mean', 'batch', 'both'], labels: ['per-epoch mean', 'per-batch', 'both'], name: 'points ' });
  assert.deepEqual(byName('showLayer1').bind, { input: 'checkbox', name: ' dense' });
  assert.equal(byName('layerShown').expr, '[showLayer0, showLayer1]');
  assert.equal(byName('evaluator').bind, undefined, 'one evaluator: nothing to choose');

  const two = json(buildDynamicsSpec(makePayload({ evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR] })));
  const evaluator = (two.params as Json[]).find((p) => p.name === 'evaluator') as Json;
  assert.deepEqual(evaluator.bind, { input: 'select', options: [0, 1], labels: ['HSIC', 'KDEMI'], name: 'estimator ' });
});

test('the compiled chart runs: controls filter marks, a live data change adds marks', async () => {
  const payload = makePayload({ epochs: 7, batchesPerEpoch: 8, layers: ['a', 'b', 'c'] });
  const { vega, warnings } = await compileWithWarnings(buildDynamicsSpec(payload));
  assert.deepEqual(warnings, []);
  const view = await runHeadless(vega);
  try {
    const all = view.marks();
    // 3 layers × (7 means + 7·8 batch points), in the plane and in each of the 2 measure panels;
    // then 7 epochs × 2 splits in each of the 2 metric panels.
    const perPanel = 3 * (7 + 7 * 8);
    assert.equal(all.symbol, 3 * perPanel + 28);
    await view.signal('detail', 'mean');
    assert.equal(view.marks().symbol, 3 * 7 * 3 + 28);
    await view.signal('showLayer0', false);
    assert.equal(view.marks().symbol, 2 * 7 * 3 + 28);
    const rows = toRows(makePayload({ epochs: 9, batchesPerEpoch: 8, layers: ['a', 'b', 'c'] }));
    // A payload without CKA maps draws no heatmap, so its view has no similarity dataset.
    for (const name of Object.values(DATASET)) if (name !== DATASET.similarity) await view.data(name, rows[name]);
    assert.equal(view.marks().symbol, 2 * 9 * 3 + 36);
  } finally {
    view.finalize();
  }
});

test('the scrubber: upTo shows the run up to a step, batch by batch, on axes that span the whole run', async () => {
  const payload = makePayload({ epochs: 4, batchesPerEpoch: 8, layers: ['a', 'b'] });
  const { vega, warnings } = await compileWithWarnings(buildDynamicsSpec(payload));
  assert.deepEqual(warnings, []);
  const view = await runHeadless(vega);
  try {
    // 2 layers × (4 means + 4·8 batch points) in the plane and the 2 measure panels; 4 epochs × 2 splits × 2 metrics.
    assert.equal(view.marks().symbol, 3 * 2 * (4 + 32) + 16);
    const before = view.positions(1);
    assert.equal(before.length, 2 * 3, 'epoch 1 of each layer, in the plane and both measure panels');
    await view.signal('upTo', 2);
    assert.equal(view.marks().symbol, 3 * 2 * (2 + 16) + 16, 'epochs 1–2: their means and every batch; the metrics stay');
    await view.signal('upTo', 2.5);
    assert.equal(view.marks().symbol, 3 * 2 * (2 + 20) + 16, 'half of epoch 3: 4 more batches, no mean yet');
    assert.deepEqual(view.positions(1), before, 'the axes do not move while scrubbing');
    await view.signal('upTo', 0);
    assert.equal(view.marks().symbol, 16);
    await view.signal('upTo', null);
    assert.equal(view.marks().symbol, 3 * 2 * (4 + 32) + 16, 'null: the whole run');
  } finally {
    view.finalize();
  }
});

test('several evaluators: the title follows the evaluator control; payload text cannot break the expression', async () => {
  const evil = { ...KDE_EVALUATOR, name: 'x"]; alert(1); ["', description: 'MI "quoted" \\ </script> · σ² = 0.1' };
  const spec = buildDynamicsSpec(makePayload({ evaluators: [HSIC_EVALUATOR, evil], layers: ['<img src=x onerror=alert(1)>', 'b'] }));
  const { vega, warnings } = await compileWithWarnings(spec);
  assert.deepEqual(warnings, []);
  const view = await runHeadless(vega);
  try {
    assert.ok(view.titles().includes('Information plane · HSIC · gaussian kernel · σ = 5 · biased'), JSON.stringify(view.titles()));
    await view.signal('evaluator', 1);
    assert.ok(view.titles().includes(`Information plane · ${evil.description}`), JSON.stringify(view.titles()));
    assert.ok((view.marks().symbol ?? 0) > 0);
  } finally {
    view.finalize();
  }
});

test('the spec is self-contained: inline data only, no URLs', () => {
  const spec = json(buildDynamicsSpec(makePayload()));
  const text = JSON.stringify({ ...spec, $schema: undefined });
  assert.doesNotMatch(text, /"url"\s*:/);
  assert.doesNotMatch(text, /https?:/);
  assert.ok(Array.isArray((spec.datasets as Json)[DATASET.points]));
});

test('structureKey: data-only changes keep it, shape changes do not', () => {
  const a = makePayload({ epochs: 3 });
  const b = makePayload({ epochs: 5, status: 'running' });
  assert.equal(structureKey(a), structureKey(b));
  assert.notEqual(structureKey(a), structureKey(a, { layout: 'overlay' }));
  assert.notEqual(structureKey(a), structureKey(makePayload({ layers: ['x'] })));
});

test('sizes follow the width given', async () => {
  const narrow = await compileWithWarnings(buildDynamicsSpec(makePayload(), { width: 500 }));
  const wide = await compileWithWarnings(buildDynamicsSpec(makePayload(), { width: 1200 }));
  for (const part of [VIEW.plane, VIEW.measures, VIEW.metrics]) {
    // Top-level signals, so the renderer can resize a running view (see renderer/output.ts).
    const cell = (c: typeof narrow) => c.vega.signals?.find((s) => s.name === `${part}_child_width`)?.value as number;
    assert.ok(cell(wide) > cell(narrow), `part ${part}: ${cell(wide)} > ${cell(narrow)}`);
  }
});
