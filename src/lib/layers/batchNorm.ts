import { tf } from '../tf';
import { ConfigError } from '../errors';
import { Layer, type LayerArgs } from './layer';

export interface BatchNormArgs extends LayerArgs {
  /** Weight of the current batch in the running statistics, PyTorch's meaning (default 0.1). */
  momentum?: number;
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
}

/**
 * Normalizes with the batch's statistics while training and the running
 * statistics in evaluation, then scales and shifts (learned γ, β).
 */
abstract class BatchNorm extends Layer {
  readonly momentum: number;
  readonly eps: number;

  constructor(kind: string, args: BatchNormArgs) {
    super(kind, args);
    this.momentum = args.momentum ?? 0.1;
    this.eps = args.eps ?? 1e-5;
    if (!(this.momentum > 0 && this.momentum <= 1)) throw new ConfigError(`${kind}: momentum must be in (0, 1], got ${this.momentum}.`);
    if (!(this.eps > 0)) throw new ConfigError(`${kind}: eps must be > 0, got ${this.eps}.`);
  }

  protected createTfLayers(_inputShape: number[]): tf.layers.Layer[] {
    // Keras' momentum is the weight of the old running value: 1 − PyTorch's.
    return [tf.layers.batchNormalization({ axis: -1, momentum: 1 - this.momentum, epsilon: this.eps })];
  }
}

/** Batch normalization of flat [features] inputs (after Dense). */
export class BatchNorm1d extends BatchNorm {
  constructor(args: BatchNormArgs = {}) {
    super('BatchNorm1d', args);
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    this.requireRank(inputShape, [1], previous, 'Use BatchNorm2d after convolutions, or add Flatten() first.');
  }
}

/** Batch normalization per channel of [channels, height, width] inputs (after Conv2d). */
export class BatchNorm2d extends BatchNorm {
  constructor(args: BatchNormArgs = {}) {
    super('BatchNorm2d', args);
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    this.requireRank(inputShape, [3], previous, 'Use BatchNorm1d after Dense or Flatten.');
  }
}

/** Batch normalization per channel of [channels, depth, height, width] inputs (after Conv3d). */
export class BatchNorm3d extends BatchNorm {
  constructor(args: BatchNormArgs = {}) {
    super('BatchNorm3d', args);
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    this.requireRank(inputShape, [4], previous, 'Use BatchNorm2d after Conv2d, BatchNorm1d after Dense or Flatten.');
  }

  /**
   * tfjs-layers normalizes at most rank-4 batches; the statistics are per
   * channel over every other axis, so [d, h, w, c] folded to [d·h, w, c]
   * gives the same numbers.
   */
  protected override createTfLayers(inputShape: number[]): tf.layers.Layer[] {
    const [d, h, w, c] = inputShape;
    return [tf.layers.reshape({ targetShape: [d * h, w, c] }), ...super.createTfLayers(inputShape), tf.layers.reshape({ targetShape: [d, h, w, c] })];
  }
}
