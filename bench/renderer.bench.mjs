// Renderer benchmark: time to first paint and time to a live update of the
// dynamics chart in headless Chromium, for a run the size of the reference
// notebook's (7 epochs × 750 batches × 5 layers: 26,250 points per measure).
//
// Usage: npm run build && node --import tsx bench/renderer.bench.mjs [--runs 9]
// Each timing runs from the renderOutputItem call (JSON parse included, as
// outputItem.json() does in VS Code) to the next animation frame after it.
// "live update, +10 batches" compares one update late in the run (10 more batches, what the
// default 250 ms brings at 40 batches/s) sent the old way, the whole payload re-rendered, with
// the new way, a delta message (parsed, validated, merged) from the extension.
import { cpus, totalmem } from 'node:os';
import { launch, openHarness, requirePrerequisites, startServer, DYNAMICS_MIME } from '../test/renderer/browser.ts';
import { makePayload } from '../test/charts/fixtures/payload.ts';
import { dynamicsDelta } from '../src/charts/merge.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;

const EPOCHS = 7;
const BATCHES = 750;
const LAYERS = 5;

/** The finished run, and the same run 50 batches before the end (a live update adds the rest). */
function payloads() {
  const full = makePayload({ epochs: EPOCHS, batchesPerEpoch: BATCHES });
  const keep = (EPOCHS - 1) * BATCHES + (BATCHES - 50);
  const cell = full.evaluators.length * full.layers.length * 2;
  const partial = {
    ...full,
    status: 'running',
    batches: { epoch: full.batches.epoch.slice(0, keep), batch: full.batches.batch.slice(0, keep), values: full.batches.values.slice(0, keep * cell) },
  };
  return { full, partial, cut };
}

/** The run after its first `kept` batches, as a live update has it. */
function cut(full, kept) {
  const cell = full.evaluators.length * full.layers.length * 2;
  const b = full.batches;
  return {
    ...full,
    status: 'running',
    epochs: full.epochs.filter((e) => e.epoch <= b.epoch[kept - 1]),
    batches: { epoch: b.epoch.slice(0, kept), batch: b.batch.slice(0, kept), values: b.values.slice(0, kept * cell) },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

requirePrerequisites();
const { full, partial } = payloads();
const fullText = JSON.stringify(full);
const partialText = JSON.stringify(partial);
// Late in the run: 10 batches before the last 10.
const late = EPOCHS * BATCHES - 20;
const lateBase = cut(full, late);
const lateNext = cut(full, late + 10);
const lateTexts = {
  base: JSON.stringify(lateBase),
  whole: JSON.stringify(lateNext),
  delta: JSON.stringify({ type: 'dynamicsDelta', outputId: '', delta: dynamicsDelta({ batches: late, epochs: lateBase.epochs.length }, lateNext) }),
};
const server = await startServer();
const browser = await launch();
try {
  const h = await openHarness(browser, server, { width: 1000, height: 1400 });
  // Hand the payload texts to the page once, outside the timings.
  await h.page.evaluate(([a, b, c]) => {
    globalThis.benchTexts = { full: a, partial: b, late: c };
  }, [fullText, partialText, lateTexts]);

  const firstPaint = [];
  const update = [];
  // One warm-up output (JIT, fonts), then fresh outputs: a first paint each, then live updates on it.
  for (let run = -1; run < RUNS; run++) {
    const id = `bench-${run + 1}`;
    const t = await h.page.evaluate(
      ([i, m]) => globalThis.harness.timedRender(i, m, globalThis.benchTexts.partial),
      [id, DYNAMICS_MIME],
    );
    const u = await h.page.evaluate(
      ([i, m]) => globalThis.harness.timedRender(i, m, globalThis.benchTexts.full),
      [id, DYNAMICS_MIME],
    );
    const snapshot = await h.page.evaluate((i) => globalThis.harness.inspect(i), id);
    if (snapshot.embeds !== 1 || snapshot.updates !== 1) throw new Error(`output ${id}: expected 1 embed and 1 in-place update, got ${JSON.stringify(snapshot)}`);
    if (run >= 0) {
      firstPaint.push(t);
      update.push(u);
    }
    await h.page.evaluate((i) => globalThis.harness.dispose(i), id);
  }
  // One live update late in the run, the old way (the whole payload again) and the new (a delta message).
  const wholeUpdate = [];
  const deltaUpdate = [];
  for (let run = -1; run < RUNS; run++) {
    const whole = `whole-${run + 1}`;
    const delta = `delta-${run + 1}`;
    for (const id of [whole, delta]) await h.page.evaluate(([i, m]) => globalThis.harness.render(i, m, globalThis.benchTexts.late.base), [id, DYNAMICS_MIME]);
    const w = await h.page.evaluate(([i, m]) => globalThis.harness.timedRender(i, m, globalThis.benchTexts.late.whole), [whole, DYNAMICS_MIME]);
    const d = await h.page.evaluate((i) => globalThis.harness.timedMessage(i, globalThis.benchTexts.late.delta.replace('"outputId":""', `"outputId":${JSON.stringify(i)}`)), delta);
    const [ws, ds] = await Promise.all([whole, delta].map((i) => h.page.evaluate((id) => globalThis.harness.inspect(id), i)));
    if (ws.batches !== late + 10 || ds.batches !== late + 10 || ds.deltas.merged !== 1 || JSON.stringify(ws.marks) !== JSON.stringify(ds.marks)) {
      throw new Error(`the two ways should draw the same ${late + 10} batches: ${JSON.stringify({ ws, ds })}`);
    }
    if (run >= 0) {
      wholeUpdate.push(w);
      deltaUpdate.push(d);
    }
    for (const id of [whole, delta]) await h.page.evaluate((i) => globalThis.harness.dispose(i), id);
  }
  const marks = await (async () => {
    await h.page.evaluate(([m]) => globalThis.harness.render('marks', m, globalThis.benchTexts.full), [DYNAMICS_MIME]);
    return (await h.page.evaluate(() => globalThis.harness.inspect('marks'))).marks;
  })();
  if (h.errors.length) throw new Error(`page errors: ${h.errors.join('; ')}`);

  const result = {
    run: `${EPOCHS} epochs × ${BATCHES} batches × ${LAYERS} layers (${EPOCHS * BATCHES * LAYERS} points per measure)`,
    payloadBytes: fullText.length,
    marksDrawn: marks,
    runs: RUNS,
    firstPaintMs: { median: +median(firstPaint).toFixed(1), min: +Math.min(...firstPaint).toFixed(1), max: +Math.max(...firstPaint).toFixed(1) },
    updateMs: { median: +median(update).toFixed(1), min: +Math.min(...update).toFixed(1), max: +Math.max(...update).toFixed(1) },
    liveUpdatePlus10Batches: {
      before: { what: 'the whole payload re-rendered', bytes: lateTexts.whole.length, ms: { median: +median(wholeUpdate).toFixed(1), min: +Math.min(...wholeUpdate).toFixed(1), max: +Math.max(...wholeUpdate).toFixed(1) } },
      after: { what: 'a delta message merged', bytes: lateTexts.delta.length, ms: { median: +median(deltaUpdate).toFixed(1), min: +Math.min(...deltaUpdate).toFixed(1), max: +Math.max(...deltaUpdate).toFixed(1) } },
    },
    targets: { firstPaintMs: 200, updateMs: 50 },
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, no GPU (--disable-gpu), Chromium ${browser.version()}`,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await server.close();
}
