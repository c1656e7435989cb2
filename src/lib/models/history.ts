import { guardSnakeCase } from '../pyglowNames';
import type { EpochRecord } from '../progress/events';
import { MIME_BUNDLE, type MimeBundle } from '../display';

/** Per-epoch training and validation metrics, like Keras' `history.history`. */
export class History {
  readonly epochs: EpochRecord[] = [];

  get loss(): number[] {
    return this.epochs.map((e) => e.loss);
  }
  get accuracy(): number[] {
    return this.epochs.map((e) => e.accuracy);
  }
  get valLoss(): (number | undefined)[] {
    return this.epochs.map((e) => e.valLoss);
  }
  get valAccuracy(): (number | undefined)[] {
    return this.epochs.map((e) => e.valAccuracy);
  }

  toJSON(): EpochRecord[] {
    return this.epochs;
  }

  /** A compact table, one row per epoch (what a notebook shows for `await model.fit(...)`). */
  toString(): string {
    const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(4));
    const rows = this.epochs.map((e) => [String(e.epoch), cell(e.loss), cell(e.accuracy), cell(e.valLoss), cell(e.valAccuracy)]);
    const header = ['epoch', 'loss', 'accuracy', 'val loss', 'val accuracy'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    return [header, ...rows].map((r) => r.map((c, i) => c.padStart(widths[i])).join('  ')).join('\n');
  }

  [MIME_BUNDLE](): MimeBundle {
    return { 'text/plain': this.toString() };
  }
}

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(History.prototype);
