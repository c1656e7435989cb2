/** How kernel notifications reach VS Code: in order, text joined and replaced in place at most every interval, live charts as deltas. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CellOutput } from '../../src/format/index';
import { OutputSync, type Timers } from '../../src/extension/outputSync';
import { dynamicsDelta } from '../../src/charts/merge';
import type { OutputParams, StreamParams } from '../../src/protocol/kernelProtocol';
import type { DynamicsDelta, DynamicsPayload } from '../../src/contract/dynamicsPayload';
import { makePayload } from '../charts/fixtures/payload';

const DYNAMICS = 'application/vnd.ibnb.dynamics+json';
const STDOUT = 'application/vnd.code.notebook.stdout';

/** A clock moved by hand; timers fire when it passes them. */
class FakeTimers implements Timers {
  time = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  now = () => this.time;
  set = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  };
  clear = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }
}

type Call = { op: 'append' | 'replace'; id: string; text: string };

function recordingSink(calls: Call[]) {
  const describe = (o: CellOutput) => o.items.map((i) => (typeof i.data === 'string' ? i.data : JSON.stringify(i.data))).join('|');
  return {
    append: (output: CellOutput) => {
      calls.push({ op: 'append' as const, id: output.id, text: describe(output) });
      return output.id;
    },
    replace: (handle: string, output: CellOutput) => {
      calls.push({ op: 'replace' as const, id: handle, text: describe(output) });
    },
  };
}

const stream = (text: string, name: 'stdout' | 'stderr' = 'stdout'): StreamParams => ({ cellId: 'c', name, text });
const output = (outputId: string, mode: 'append' | 'replace', mime: string, data: unknown): OutputParams => ({ cellId: 'c', outputId, mode, items: [{ mime, data: data as string }] });

/** The kernel's messages for a run seen after each of `kept` batches: the first whole, then deltas. */
function liveRun(full: DynamicsPayload, kept: number[]): OutputParams[] {
  const cell = full.evaluators.length * full.layers.length * 2;
  const b = full.batches!;
  let sent = { batches: 0, epochs: 0 };
  return kept.map((n, i) => {
    const last = n === b.epoch.length;
    const payload: DynamicsPayload = {
      ...full,
      status: last ? full.status : 'running',
      epochs: full.epochs.filter((e) => e.epoch <= b.epoch[n - 1]),
      batches: { epoch: b.epoch.slice(0, n), batch: b.batch.slice(0, n), values: b.values.slice(0, n * cell) },
    };
    const data = i === 0 ? structuredClone(payload) : dynamicsDelta(sent, payload);
    sent = { batches: n, epochs: payload.epochs.length };
    return { cellId: 'c', outputId: 'chart', mode: i === 0 ? 'append' : 'merge', items: [{ mime: DYNAMICS, data: data as unknown as string }] };
  });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OutputSync', () => {
  it('appends outputs in the order the cell made them, joining consecutive text of one stream', async () => {
    const timers = new FakeTimers();
    const calls: Call[] = [];
    const sync = new OutputSync(recordingSink(calls), { timers });
    sync.apply(stream('a\n'));
    sync.apply(stream('b\n'));
    sync.apply(output('v1', 'append', 'text/plain', '42'));
    sync.apply(stream('oops\n', 'stderr'));
    await sync.finish();
    assert.deepEqual(
      calls.map((c) => [c.op, c.text]),
      [
        ['append', 'a\nb\n'],
        ['append', '42'],
        ['append', 'oops\n'],
      ],
    );
    assert.equal(sync.outputs.length, 3);
  });

  it('sends a burst of progress updates as one replace per text interval, and the last state at the end', async () => {
    const timers = new FakeTimers();
    const calls: Call[] = [];
    const sync = new OutputSync(recordingSink(calls), { timers, textIntervalMs: 100 });
    sync.apply(output('log', 'append', STDOUT, 'Epoch 1/2\n'));
    timers.advance(0);
    await settle();
    for (let batch = 1; batch <= 50; batch++) {
      sync.apply(output('log', 'replace', STDOUT, `Epoch 1/2\n${batch}/50\n`));
      timers.advance(10);
      await settle();
    }
    await sync.finish();
    const replaces = calls.filter((c) => c.op === 'replace');
    assert.equal(calls[0].op, 'append');
    assert.ok(replaces.length >= 4 && replaces.length <= 7, `${replaces.length} replaces for 500 ms at one per 100 ms`);
    assert.equal(replaces.at(-1)?.text, 'Epoch 1/2\n50/50\n');
    assert.ok(replaces.every((c) => c.id === 'log'));
  });

  it("sends a live chart's updates to the renderer as deltas, and VS Code's copy whole when an epoch or the run ends", async () => {
    const timers = new FakeTimers();
    const calls: Call[] = [];
    const merged: { handle: string; delta: DynamicsDelta }[] = [];
    const sink = { ...recordingSink(calls), merge: (handle: string, delta: DynamicsDelta) => (merged.push({ handle, delta }), true) };
    const sync = new OutputSync(sink, { timers, textIntervalMs: 50 });
    const full = makePayload({ epochs: 2, batchesPerEpoch: 10, status: 'done' });
    const steps = liveRun(full, [3, 6, 9, 12, 15, 20]);
    sync.apply(steps[0]);
    timers.advance(0);
    await settle();
    for (const step of steps.slice(1)) {
      sync.apply(step);
      timers.advance(100);
      await settle();
    }
    await sync.finish();
    // Batches 4–9 and 13–15 went as deltas only; 12 brings epoch 2 (epoch 1 is done) and 20 the end: VS Code's copy then.
    assert.deepEqual(merged.map((m) => m.delta.batches.epoch.length), [3, 3, 3]);
    assert.ok(merged.every((m) => m.handle === 'chart'));
    const wholes = calls.filter((c) => c.id === 'chart').map((c) => (JSON.parse(c.text) as DynamicsPayload).batches!.epoch.length);
    assert.deepEqual(wholes, [3, 12, 20]);
    // What is saved is the whole run.
    assert.deepEqual(sync.outputs[0].items[0].data, JSON.parse(JSON.stringify(full)));
  });

  it('replaces the whole chart when the renderer asks for it (it fell behind)', async () => {
    const timers = new FakeTimers();
    const calls: Call[] = [];
    let resend: (() => void) | undefined;
    const sink = { ...recordingSink(calls), merge: (_handle: string, _delta: DynamicsDelta, resendWhole: () => void) => ((resend = resendWhole), true) };
    const sync = new OutputSync(sink, { timers, textIntervalMs: 50 });
    const full = makePayload({ epochs: 1, batchesPerEpoch: 10, status: 'done' });
    const steps = liveRun(full, [2, 4, 6]);
    for (const step of steps.slice(0, 2)) {
      sync.apply(step);
      await settle();
      timers.advance(100);
      await settle();
    }
    const wholes = () => calls.filter((c) => c.id === 'chart').map((c) => (JSON.parse(c.text) as DynamicsPayload).batches!.epoch.length);
    assert.deepEqual(wholes(), [2], 'batches 3–4 went as a delta');
    resend!();
    timers.advance(100);
    await settle();
    assert.deepEqual(wholes(), [2, 4]);
    await sync.finish();
  });

  it('replaces the whole chart when the renderer did not take a delta, or there is no live channel', async () => {
    const full = makePayload({ epochs: 1, batchesPerEpoch: 10, status: 'done' });
    for (const merge of [() => false, undefined]) {
      const timers = new FakeTimers();
      const calls: Call[] = [];
      const sync = new OutputSync({ ...recordingSink(calls), ...(merge ? { merge } : {}) }, { timers, textIntervalMs: 50 });
      for (const step of liveRun(full, [2, 4, 6])) {
        sync.apply(step);
        await settle();
        timers.advance(100);
        await settle();
      }
      const wholes = calls.filter((c) => c.id === 'chart').map((c) => (JSON.parse(c.text) as DynamicsPayload).batches!.epoch.length);
      assert.deepEqual(wholes, [2, 4, 6], merge ? 'not delivered' : 'no live channel');
      await sync.finish();
    }
  });

  it('reports a failing sink through onError and goes on with the other outputs', async () => {
    const timers = new FakeTimers();
    const errors: unknown[] = [];
    const appended: string[] = [];
    const sync = new OutputSync<string>(
      {
        append: (o) => {
          if (o.id === 'bad') throw new Error('execution already ended');
          appended.push(o.id);
          return o.id;
        },
        replace: () => undefined,
      },
      { timers, onError: (e) => errors.push(e) },
    );
    sync.apply(output('bad', 'append', 'text/plain', 'x'));
    sync.apply(output('good', 'append', 'text/plain', 'y'));
    sync.apply(output('bad', 'replace', 'text/plain', 'z'));
    await sync.finish();
    assert.deepEqual(appended, ['good']);
    assert.ok(errors.length >= 1);
    assert.match(String(errors[0]), /already ended/);
  });

  it('adds outputs the kernel did not send (a kernel that died) after the cell\'s own', async () => {
    const calls: Call[] = [];
    const sync = new OutputSync(recordingSink(calls), { timers: new FakeTimers() });
    sync.apply(stream('started\n'));
    sync.add({ id: 'died', items: [{ mime: 'application/vnd.code.notebook.error', data: { name: 'KernelDied', message: 'killed', stack: '' } }] });
    await sync.finish();
    assert.deepEqual(calls.map((c) => c.id).slice(1), ['died']);
  });
});
