import type { EpochRecord } from '../training/events';

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
}
