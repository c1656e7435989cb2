/** How kernel notifications reach VS Code: in order, text joined, charts replaced in place at most every interval. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CellOutput } from '../../src/format/index';
import { OutputSync, type Timers } from '../../src/extension/outputSync';
import type { OutputParams, StreamParams } from '../../src/protocol/kernelProtocol';

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

  it('redraws a live chart at most every chart interval, independently of text', async () => {
    const timers = new FakeTimers();
    const calls: Call[] = [];
    const sync = new OutputSync(recordingSink(calls), { timers, textIntervalMs: 50, chartIntervalMs: 1000 });
    sync.apply(output('chart', 'append', DYNAMICS, { epoch: 0 }));
    timers.advance(0);
    await settle();
    for (let step = 1; step <= 20; step++) {
      sync.apply(output('chart', 'replace', DYNAMICS, { epoch: step }));
      sync.apply(stream(`line ${step}\n`));
      timers.advance(100);
      await settle();
    }
    const chartReplaces = calls.filter((c) => c.op === 'replace' && c.id === 'chart');
    assert.ok(chartReplaces.length >= 1 && chartReplaces.length <= 2, `${chartReplaces.length} chart redraws in 2 s at one per second`);
    await sync.finish();
    const final = calls.filter((c) => c.id === 'chart').at(-1);
    assert.equal(final?.text, JSON.stringify({ epoch: 20 }));
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
