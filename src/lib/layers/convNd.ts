import { tf } from '../tf';
import { ConfigError } from '../errors';
import { Layer, type LayerArgs } from './layer';
import { requireInteger, requireTuple } from './validate';

/** Options of Conv1d and Conv3d (Conv2d's, for a 1-D or 3-D window). */
export interface ConvNdArgs extends LayerArgs {
  /** Number of output channels. */
  filters: number;
  /** Window size: n, or one size per spatial dimension. */
  kernelSize: number | number[];
  /** Step between window positions: n or one per dimension (default 1). */
  stride?: number | number[];
  /** Zeros added on each side (PyTorch style, default 0), or 'same' / 'valid'. */
  padding?: number | 'same' | 'valid';
  /** Spacing between kernel taps (default 1). */
  dilation?: number;
  /** Activation after the convolution (default linear). */
  activation?: string;
  /** Whether to add a bias per filter (default true). */
  useBias?: boolean;
}

/**
 * A convolution over [channels, ...spatial] inputs with `rank` spatial
 * dimensions. PyTorch's symmetric zero padding p is TensorFlow's 'same' for
 * an odd kernel at stride 1 when 2p = (k − 1)·dilation, and 'valid' for p = 0.
 * Conv1d pads any other p explicitly; tfjs has no 3-D zero-padding layer, so
 * Conv3d takes only those two (an error names them).
 */
abstract class ConvNd extends Layer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number | 'same' | 'valid';
  readonly dilation: number;
  protected readonly useBias: boolean;

  constructor(kind: string, protected readonly rank: 1 | 3, args: ConvNdArgs) {
    super(kind, args, args?.activation);
    this.filters = requireInteger(args.filters, `${kind}: filters`);
    this.kernelSize = requireTuple(args.kernelSize, rank, `${kind}: kernelSize`);
    this.stride = requireTuple(args.stride ?? 1, rank, `${kind}: stride`);
    this.dilation = requireInteger(args.dilation ?? 1, `${kind}: dilation`);
    const padding = args.padding ?? 0;
    if (padding !== 'same' && padding !== 'valid') requireInteger(padding, `${kind}: padding`, 0);
    const unitStride = this.stride.every((s) => s === 1);
    if (padding === 'same' && !unitStride) {
      throw new ConfigError(`${kind}: padding 'same' needs stride 1 (as in PyTorch); give the padding as a number instead.`);
    }
    this.padding = padding;
    this.useBias = args.useBias ?? true;
    if (rank === 3 && typeof padding === 'number' && padding > 0 && this.tfPadding() !== 'same') {
      throw new ConfigError(
        `${kind}: padding ${padding} needs zero padding, which TensorFlow.js offers only in 2-D. Use padding 0 ('valid'), 'same', ` +
          `or a number p with 2p = (kernelSize − 1)·dilation at stride 1 (e.g. padding ${((this.kernelSize[0] - 1) * this.dilation) / 2} for kernelSize ${this.kernelSize[0]}).`,
      );
    }
  }

  /** The padding TensorFlow computes itself, or 'explicit' when zeros must be added first. */
  protected tfPadding(): 'same' | 'valid' | 'explicit' {
    const p = this.padding;
    if (p === 'same' || p === 'valid') return p;
    if (p === 0) return 'valid';
    const same = this.stride.every((s) => s === 1) && this.kernelSize.every((k) => k % 2 === 1 && p * 2 === (k - 1) * this.dilation);
    return same ? 'same' : 'explicit';
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    const shape = this.rank === 1 ? '[channels, length]' : '[channels, depth, height, width]';
    this.requireRank(inputShape, [this.rank + 1], previous, `Give the model an inputShape of ${shape}, and put ${this.kind} before Flatten().`);
  }
}

/** A 1-D convolution over [channels, length] inputs (sequences, signals). */
export class Conv1d extends ConvNd {
  constructor(args: ConvNdArgs) {
    super('Conv1d', 1, args);
  }

  protected createTfLayers(inputShape: number[]): tf.layers.Layer[] {
    const padding = this.tfPadding();
    const layers: tf.layers.Layer[] = [];
    if (padding === 'explicit') {
      // No 1-D zero padding in tfjs: pad the length as the height of a [length, 1, channels] image.
      const [length, channels] = inputShape;
      const p = this.padding as number;
      layers.push(
        tf.layers.reshape({ targetShape: [length, 1, channels] }),
        tf.layers.zeroPadding2d({ padding: [[p, p], [0, 0]], dataFormat: 'channelsLast' }),
        tf.layers.reshape({ targetShape: [length + 2 * p, channels] }),
      );
    }
    layers.push(
      tf.layers.conv1d({
        filters: this.filters,
        kernelSize: this.kernelSize[0],
        strides: this.stride[0],
        padding: padding === 'same' ? 'same' : 'valid',
        dilationRate: this.dilation,
        useBias: this.useBias,
      }),
    );
    return layers;
  }
}

/** A 3-D convolution over [channels, depth, height, width] inputs (volumes, video clips). */
export class Conv3d extends ConvNd {
  constructor(args: ConvNdArgs) {
    super('Conv3d', 3, args);
  }

  protected createTfLayers(): tf.layers.Layer[] {
    return [
      tf.layers.conv3d({
        filters: this.filters,
        kernelSize: this.kernelSize,
        strides: this.stride,
        padding: this.tfPadding() === 'same' ? 'same' : 'valid',
        dilationRate: this.dilation,
        dataFormat: 'channelsLast',
        useBias: this.useBias,
      }),
    ];
  }
}
