/** Run files (saveDynamics) and HSIC's permutation baseline: written with each batch, read back into the same payload. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dense, Flatten, HSIC, IBSequential, initBackend, loadDynamics, loadDynamicsRuns, mnist, RunFileError, tf } from '../../../src/lib/index';
import { inFolder } from '../../support/folder';

test('a run with baseline: permutation saves each batch\'s baseline; loaded, its payload has the live model\'s baselines and means', () =>
  inFolder(async (dir) => {
    await initBackend();
    const file = join(dir, 'run.jsonl');
    const [train, val] = await mnist.loadData({ source: 'embedded', batchSize: 32, limit: 128, seed: 5 });
    const m = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true, saveDynamics: file });
    m.add(new Flatten()).add(new Dense(8, { activation: 'relu' })).add(new Dense(10, { activation: 'softmax' }));
    m.compile({ optimizer: 'SGD', learningRate: 0.01 });
    // The evaluator with the baseline second: the file must say which evaluator a baseline belongs to.
    m.attachEvaluator(new HSIC({ kernel: 'linear', normalization: 'cka', baseline: 'none' }));
    m.attachEvaluator(new HSIC({ sigma: 5, baseline: 'permutation', seed: 3 }));
    await m.fitGenerator(train, val, 2, { listeners: [{}] });
    const live = m.evaluatedDynamics!.toPayload();
    m.dispose();

    const batchLines = readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"type":"batch"')).map((l) => JSON.parse(l));
    assert.ok(batchLines.length >= 4);
    for (const line of batchLines) {
      assert.deepEqual(line.baseline.evaluators, [1]);
      assert.equal(line.baseline.values.length, live.layers.length * 2);
    }
    const loaded = loadDynamics(file).toPayload();
    assert.equal(loaded.epochs.length, 2);
    assert.ok(live.epochs.every((e) => e.baseline !== undefined));
    assert.deepEqual(loaded.epochs.map((e) => e.baseline), live.epochs.map((e) => e.baseline));
    assert.deepEqual(loaded.epochs.map((e) => e.mean), live.epochs.map((e) => e.mean));
    assert.equal(loaded.epochs[0].baseline![0].every((v) => v === null), true, 'no baseline for the evaluator without one');
    // The CKA maps (of the run's first batch, no probe given) are saved per epoch too.
    assert.ok(live.epochs.every((e) => e.cka !== undefined));
    assert.deepEqual(loaded.epochs.map((e) => e.cka), live.epochs.map((e) => e.cka));
  }));

test("a run with a probe batch saves the probe's coordinates and CKA map after each epoch; loaded, they are the live model's", () =>
  inFolder(async (dir) => {
    await initBackend();
    const file = join(dir, 'probe.jsonl');
    const [train, val, test] = await mnist.loadData({ source: 'embedded', batchSize: 32, limit: 128, seed: 5 });
    const { x, y } = (await test[Symbol.asyncIterator]().next()).value as { x: tf.Tensor; y: tf.Tensor };
    const m = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: { probe: { x, y } }, saveDynamics: file });
    m.add(new Flatten()).add(new Dense(8, { activation: 'relu' })).add(new Dense(10, { activation: 'softmax' }));
    m.compile({ optimizer: 'SGD', learningRate: 0.01 });
    m.attachEvaluator(new HSIC({ sigma: 5 }));
    await m.fitGenerator(train, val, 2, { listeners: [{}] });
    const live = m.evaluatedDynamics!;
    const loaded = loadDynamics(file);
    assert.equal(live.probe().length, 2);
    assert.deepEqual(loaded.probe(), live.probe());
    assert.deepEqual(loaded.toPayload().epochs.map((e) => e.cka), live.toPayload().epochs.map((e) => e.cka));
    m.dispose();
    x.dispose();
    y.dispose();
  }));

test('a malformed probe or similarity line is a RunFileError that names the line and what is wrong', () =>
  inFolder((dir) => {
    const info = { runId: 'r1', backend: 'cpu', layers: ['a', 'b'], evaluators: [{ name: 'HSIC', params: {}, xLabel: 'x', yLabel: 'y' }] };
    const fileWith = (line: object) => {
      const file = join(dir, 'bad.jsonl');
      const lines = [
        { type: 'run', runId: 'r1', startedAt: '2024-01-01T00:00:00.000Z', info, config: {} },
        { type: 'batch', runId: 'r1', epoch: 1, batch: 1, values: [1, 2, 3, 4] },
        { type: 'epoch', runId: 'r1', epoch: 1, loss: 2, accuracy: 0.1 },
        { runId: 'r1', epoch: 1, ...line },
        { type: 'end', runId: 'r1', status: 'done' },
      ];
      writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      return file;
    };
    const good = loadDynamics(fileWith({ type: 'similarity', cka: [[1, 0.5], [0.5, null]] }));
    assert.deepEqual(good.toPayload().epochs[0].cka, [[1, 0.5], [0.5, null]]);
    assert.deepEqual(loadDynamics(fileWith({ type: 'probe', values: [0.1, 0.2, 0.3, null] })).probe()[0][0][1][1], NaN);
    const cases: [object, RegExp][] = [
      [{ type: 'similarity', cka: [[1, 0.5]] }, /line 4: "cka" should be a 2×2 matrix/],
      [{ type: 'similarity', cka: [[1, 1.5], [0.5, 1]] }, /line 4: "cka"\[0\]\[1\] should be a CKA in \[0, 1\] \(or null\), got 1\.5/],
      [{ type: 'similarity', epoch: 0, cka: [[1, 0], [0, 1]] }, /line 4: "epoch" should be an epoch number ≥ 1, got 0/],
      [{ type: 'probe', values: [0.1, 0.2] }, /line 4: "values" should hold 4 numbers, got 2 values/],
      [{ type: 'probe', values: [0.1, 'x', 0.3, 0.4] }, /line 4: "values"\[1\] should be a number \(or null\), got "x"/],
    ];
    for (const [line, message] of cases) {
      assert.throws(() => loadDynamics(fileWith(line)), (e: Error) => e instanceof RunFileError && message.test(e.message) && e.message.includes('bad.jsonl'), JSON.stringify(line));
    }
  }));

test('a file without baselines (older files, runs without the option) has no baseline field and loads without one', () =>
  inFolder((dir) => {
    const file = join(dir, 'old.jsonl');
    const info = { runId: 'r1', backend: 'cpu', layers: ['dense_1', 'dense_2'], evaluators: [{ name: 'HSIC', params: { sigma: 5 }, xLabel: 'x', yLabel: 'y' }] };
    // The lines as saveDynamics wrote them before baselines were saved.
    const lines = [
      { type: 'run', runId: 'r1', startedAt: '2024-01-01T00:00:00.000Z', info, config: {} },
      { type: 'batch', runId: 'r1', epoch: 1, batch: 1, values: [0.1, 0.2, 0.3, 0.4] },
      { type: 'batch', runId: 'r1', epoch: 1, batch: 2, values: [0.3, 0.4, 0.5, null] },
      { type: 'epoch', runId: 'r1', epoch: 1, loss: 2, accuracy: 0.1 },
      { type: 'end', runId: 'r1', status: 'done' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const payload = loadDynamics(file).toPayload();
    assert.equal(payload.status, 'done');
    assert.equal(payload.epochs.length, 1);
    assert.ok(!('baseline' in payload.epochs[0]));
    assert.ok(Math.abs(payload.epochs[0].mean[0][0][0] - 0.2) < 1e-6);
  }));

test('a malformed baseline field is a RunFileError that names the line and what is wrong', () =>
  inFolder((dir) => {
    const info = { runId: 'r1', backend: 'cpu', layers: ['a', 'b'], evaluators: [{ name: 'HSIC', params: {}, xLabel: 'x', yLabel: 'y' }] };
    const good = { evaluators: [0], values: [0.1, 0.2, 0.3, 0.4] };
    const fileWith = (baseline: unknown) => {
      const file = join(dir, 'bad.jsonl');
      const lines = [
        { type: 'run', runId: 'r1', startedAt: '2024-01-01T00:00:00.000Z', info, config: {} },
        { type: 'batch', runId: 'r1', epoch: 1, batch: 1, values: [1, 2, 3, 4], baseline: good },
        { type: 'batch', runId: 'r1', epoch: 1, batch: 2, values: [1, 2, 3, 4], baseline },
        { type: 'end', runId: 'r1', status: 'done' },
      ];
      writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      return file;
    };
    assert.deepEqual(loadDynamicsRuns(fileWith(good))[0].dynamics.toPayload().epochs[0].baseline, [[[0.1, 0.2], [0.3, 0.4]]]);
    const cases: [unknown, RegExp][] = [
      [[0.1, 0.2, 0.3, 0.4], /line 3: "baseline" should be an object \{ evaluators, values \}/],
      [null, /line 3: "baseline" should be an object/],
      [{ values: good.values }, /line 3: "baseline\.evaluators" should be a non-empty array of evaluator indices 0\.\.0 \(the run has 1 evaluator\), got undefined/],
      [{ evaluators: [1], values: good.values }, /line 3: "baseline\.evaluators" .* got \[1\]/],
      [{ evaluators: [0, 0], values: [...good.values, ...good.values] }, /line 3: "baseline\.evaluators" lists an evaluator twice/],
      [{ evaluators: [0], values: [0.1, 0.2] }, /line 3: "baseline\.values" should hold 4 numbers \(\[B=1\]\[L=2\]\[2\]\), got 2 values/],
      [{ evaluators: [0], values: 'x' }, /line 3: "baseline\.values" should hold 4 numbers .*got "x"/],
      [{ evaluators: [0], values: [0.1, '0.2', 0.3, 0.4] }, /line 3: "baseline\.values"\[1\] should be a number \(or null\), got "0\.2"/],
    ];
    for (const [baseline, message] of cases) {
      assert.throws(() => loadDynamics(fileWith(baseline)), (e: Error) => e instanceof RunFileError && message.test(e.message) && e.message.includes('bad.jsonl'), JSON.stringify(baseline));
    }
  }));
