import { tf } from '../tf';
import { Layer, type LayerArgs } from './layer';
import { requireTuple } from './validate';

/** Options of the 1-D and 3-D pooling layers. */
export interface PoolNdArgs extends LayerArgs {
  /** Window size: n, or one size per spatial dimension. */
  kernelSize: number | number[];
  /** Step between windows (default: kernelSize, as in PyTorch). */
  stride?: number | number[];
}

/** Max or mean over windows of [channels, length] (rank 1) or [channels, depth, height, width] (rank 3) inputs. */
abstract class PoolNd extends Layer {
  readonly kernelSize: number[];
  readonly stride: number[];

  constructor(kind: string, protected readonly rank: 1 | 3, args: PoolNdArgs) {
    super(kind, args);
    this.kernelSize = requireTuple(args?.kernelSize, rank, `${kind}: kernelSize`);
    this.stride = requireTuple(args.stride ?? this.kernelSize, rank, `${kind}: stride`);
  }

  /** The 3-D pools' window, stride and layout, as tfjs-layers takes them. */
  protected window3d() {
    const [d, h, w] = this.kernelSize;
    const [sd, sh, sw] = this.stride;
    return { poolSize: [d, h, w] as [number, number, number], strides: [sd, sh, sw] as [number, number, number], padding: 'valid' as const, dataFormat: 'channelsLast' as const };
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    const shape = this.rank === 1 ? '[channels, length]' : '[channels, depth, height, width]';
    this.requireRank(inputShape, [this.rank + 1], previous, `${this.kind} works on ${shape} outputs, so put it before Flatten().`);
  }
}

export class MaxPool1d extends PoolNd {
  constructor(args: PoolNdArgs) {
    super('MaxPool1d', 1, args);
  }
  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.maxPooling1d({ poolSize: this.kernelSize[0], strides: this.stride[0], padding: 'valid' })];
  }
}

export class AvgPool1d extends PoolNd {
  constructor(args: PoolNdArgs) {
    super('AvgPool1d', 1, args);
  }
  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.averagePooling1d({ poolSize: this.kernelSize[0], strides: this.stride[0], padding: 'valid' })];
  }
}

export class MaxPool3d extends PoolNd {
  constructor(args: PoolNdArgs) {
    super('MaxPool3d', 3, args);
  }
  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.maxPooling3d(this.window3d())];
  }
}

export class AvgPool3d extends PoolNd {
  constructor(args: PoolNdArgs) {
    super('AvgPool3d', 3, args);
  }
  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.averagePooling3d(this.window3d())];
  }
}
