import { tf } from '../tf';
import { Layer, type LayerArgs } from './layer';
import { requirePair } from './validate';

export interface Pool2dArgs extends LayerArgs {
  /** Window height and width: n or [n, m]. */
  kernelSize: number | [number, number];
  /** Step between windows: n or [n, m] (default: kernelSize, as in PyTorch). */
  stride?: number | [number, number];
}

abstract class Pool2d extends Layer {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];

  constructor(kind: string, args: Pool2dArgs) {
    super(kind, args);
    this.kernelSize = requirePair(args?.kernelSize, `${kind}: kernelSize`);
    this.stride = requirePair(args.stride ?? this.kernelSize, `${kind}: stride`);
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    this.requireRank(inputShape, [3], previous, 'Pooling works on [channels, height, width] outputs, so put it before Flatten().');
  }
}

/** Max over each window of a [channels, height, width] input. */
export class MaxPool2d extends Pool2d {
  constructor(args: Pool2dArgs) {
    super('MaxPool2d', args);
  }

  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.maxPooling2d({ poolSize: this.kernelSize, strides: this.stride, padding: 'valid', dataFormat: 'channelsLast' })];
  }
}

/** Mean over each window of a [channels, height, width] input. */
export class AvgPool2d extends Pool2d {
  constructor(args: Pool2dArgs) {
    super('AvgPool2d', args);
  }

  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.averagePooling2d({ poolSize: this.kernelSize, strides: this.stride, padding: 'valid', dataFormat: 'channelsLast' })];
  }
}
