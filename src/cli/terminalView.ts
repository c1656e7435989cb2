/**
 * What `ibnb run` shows while cells run: a line per cell, the cells' console
 * text as it comes, training logs whose progress bar redraws in place on a
 * terminal (in a pipe or log file only finished lines are printed), and a
 * note for each chart, which only the notebook or the HTML report can draw.
 */
import { ERROR_MIME, STDERR_MIME, STDOUT_MIME } from '../format/mime';
import type { OutputItem } from '../format/types';
import type { OutputParams, StreamParams } from '../protocol/kernelProtocol';
import { mergeDynamics } from '../charts/merge';
import { DYNAMICS_MIME, type DynamicsDelta, type DynamicsPayload } from '../contract/dynamicsPayload';

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

interface LiveText {
  /** Lines printed for good; the line after them may still change (a progress bar). */
  committed: number;
  last: string;
  /** The last line as printed for good when other output came in between, if it was. */
  flushed?: string;
}

export class TerminalView {
  private readonly interactive: boolean;
  private readonly live = new Map<string, LiveText>();
  private readonly charts = new Map<string, DynamicsPayload>();
  /** A progress line is drawn without a newline (terminal only). */
  private transient = false;

  constructor(
    private readonly out: Stream = process.stdout,
    private readonly err: Stream = process.stderr,
  ) {
    this.interactive = Boolean(out.isTTY);
  }

  info(text: string): void {
    this.flushLive();
    this.out.write(`${text}\n`);
  }

  error(text: string): void {
    this.flushLive();
    this.err.write(`${text}\n`);
  }

  stream(message: StreamParams): void {
    this.flushLive();
    (message.name === 'stderr' ? this.err : this.out).write(message.text);
  }

  output(message: OutputParams): void {
    const text = message.items.find((i) => i.mime === STDOUT_MIME || i.mime === STDERR_MIME);
    if (text && typeof text.data === 'string') return this.liveText(message.outputId, text.data);
    const dynamics = message.items.find((i) => i.mime === DYNAMICS_MIME);
    if (dynamics) {
      // A live update is a delta: merged into this view's own copy, whose summary is printed when the cell ends.
      const held = this.charts.get(message.outputId);
      if (message.mode === 'merge') {
        if (held) mergeDynamics(held, dynamics.data as unknown as DynamicsDelta);
      } else {
        this.charts.set(message.outputId, structuredClone(dynamics.data) as unknown as DynamicsPayload);
      }
      return;
    }
    if (message.items.some((i) => i.mime === ERROR_MIME)) return; // the runner prints errors with their cell number
    if (message.mode === 'replace') return;
    this.info(describeItems(message.items));
  }

  /** Ends a cell's live outputs: the last progress lines, one line per chart. */
  endCell(): void {
    this.flushLive();
    this.live.clear();
    const charts = [...this.charts.values()];
    this.charts.clear();
    for (const payload of charts) this.info(describeDynamics(payload));
  }

  /** A text output replaced in place: finished lines are printed once, the last one redrawn. */
  private liveText(id: string, text: string): void {
    const lines = text.replace(/\n$/, '').split('\n');
    let live = this.live.get(id);
    if (!live) {
      this.flushLive();
      live = { committed: 0, last: '' };
      this.live.set(id, live);
    }
    const finished = lines.slice(live.committed, -1);
    if (finished.length > 0 && live.flushed !== undefined && finished[0] === live.flushed) finished.shift();
    if (lines.length - 1 > live.committed) {
      live.committed = lines.length - 1;
      live.flushed = undefined;
    }
    if (finished.length > 0) {
      this.clearTransient();
      this.out.write(finished.map((line) => `${line}\n`).join(''));
    }
    live.last = lines[lines.length - 1];
    if (this.interactive && live.last !== live.flushed) {
      this.out.write(`\r\x1b[K${live.last}`);
      this.transient = true;
    }
  }

  /** Other output is about to be printed: live lines still pending are printed for good first. */
  private flushLive(): void {
    for (const live of this.live.values()) {
      if (live.last === '' || live.last === live.flushed) continue;
      this.clearTransient();
      this.out.write(`${live.last}\n`);
      live.flushed = live.last;
    }
    this.clearTransient();
  }

  private clearTransient(): void {
    if (!this.transient) return;
    this.out.write('\r\x1b[K');
    this.transient = false;
  }
}

function describeItems(items: OutputItem[]): string {
  const text = items.find((i) => i.mime === 'text/plain');
  if (text && typeof text.data === 'string') return text.data;
  return items.map((i) => `[${i.mime} output: see the notebook or the HTML report]`).join('\n');
}

function describeDynamics(payload: DynamicsPayload): string {
  const epochs = payload.epochs?.length ?? 0;
  const evaluators = (payload.evaluators ?? []).map((e) => e.name).join(', ') || 'no estimator';
  return `[training dynamics: ${epochs} epoch${epochs === 1 ? '' : 's'}, ${payload.layers?.length ?? 0} layers, ${evaluators}; ${payload.status}. The chart is in the notebook and the HTML report]`;
}
