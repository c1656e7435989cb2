import { tf } from '../tf';
import { ConfigError } from '../errors';
import { Layer, type LayerArgs } from './layer';
import { requireInteger, requirePair } from './validate';

export interface Conv2dArgs extends LayerArgs {
  /** Number of output channels. */
  filters: number;
  /** Kernel height and width: n or [n, m]. */
  kernelSize: number | [number, number];
  /** Step between kernel positions: n or [n, m] (default 1). */
  stride?: number | [number, number];
  /** Zeros added on each side (PyTorch style, default 0), or 'same' / 'valid'. */
  padding?: number | 'same' | 'valid';
  /** Spacing between kernel taps (default 1). */
  dilation?: number;
  /** Activation after the convolution (default linear). */
  activation?: string;
  /** Whether to add a bias per filter (default true). */
  useBias?: boolean;
}

/** A 2-D convolution over [channels, height, width] inputs. */
export class Conv2d extends Layer {
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: number | 'same' | 'valid';
  readonly dilation: number;
  private readonly useBias: boolean;

  constructor(args: Conv2dArgs) {
    super('Conv2d', args, args?.activation);
    this.filters = requireInteger(args.filters, 'Conv2d: filters');
    this.kernelSize = requirePair(args.kernelSize, 'Conv2d: kernelSize');
    this.stride = requirePair(args.stride ?? 1, 'Conv2d: stride');
    this.dilation = requireInteger(args.dilation ?? 1, 'Conv2d: dilation');
    const padding = args.padding ?? 0;
    if (padding !== 'same' && padding !== 'valid') requireInteger(padding, 'Conv2d: padding', 0);
    if (padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
      throw new ConfigError("Conv2d: padding 'same' needs stride 1 (as in PyTorch); give the padding as a number instead.");
    }
    this.padding = padding;
    this.useBias = args.useBias ?? true;
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    this.requireRank(inputShape, [3], previous, 'Give the model an inputShape of [channels, height, width], and put Conv2d before Flatten().');
  }

  protected createTfLayers(): tf.layers.Layer[] {
    const [kh, kw] = this.kernelSize;
    const p = this.padding;
    // PyTorch's symmetric padding p equals TF's 'same' for odd kernels at stride 1: one op instead of two.
    const isSame = p === 'same' || (typeof p === 'number' && this.stride[0] === 1 && this.stride[1] === 1 && kh === kw && kh % 2 === 1 && p * 2 === (kh - 1) * this.dilation);
    const layers: tf.layers.Layer[] = [];
    if (typeof p === 'number' && p > 0 && !isSame) {
      layers.push(tf.layers.zeroPadding2d({ padding: [[p, p], [p, p]], dataFormat: 'channelsLast' }));
    }
    layers.push(
      tf.layers.conv2d({
        filters: this.filters,
        kernelSize: this.kernelSize,
        strides: this.stride,
        padding: isSame ? 'same' : 'valid',
        dilationRate: this.dilation,
        dataFormat: 'channelsLast',
        useBias: this.useBias,
        activation: this.foldsRelu ? 'relu' : 'linear',
      }),
    );
    return layers;
  }

  /**
   * A ReLU goes into the convolution itself. With its activation linear,
   * tfjs runs the convolution as one fused op whose gradient always computes
   * the gradient of the input too: for a first layer that is the gradient of
   * the images, thrown away (~6 ms of a reference-model step on wasm). With a
   * ReLU inside, tfjs runs conv, bias and ReLU as separate ops while
   * gradients are recorded, and the tape skips what no weight needs.
   */
  protected override get foldsRelu(): boolean {
    return this.activation === 'relu';
  }
}
