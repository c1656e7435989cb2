import { tf } from '../tf';
import { Layer, type LayerArgs } from './layer';
import { requireInteger } from './validate';

export interface DenseArgs extends LayerArgs {
  /** Activation after the affine map: relu, sigmoid, tanh, softmax, log_softmax, softplus or linear (default). */
  activation?: string;
  /** Whether to add a bias vector (default true). */
  useBias?: boolean;
}

/** A fully connected layer: output = activation(x·W + b). Needs a flat input (add Flatten() after convolutions). */
export class Dense extends Layer {
  readonly units: number;
  private readonly useBias: boolean;

  /** @param kind for subclasses (HSICoutput): the name summaries and errors use. */
  constructor(units: number, args: DenseArgs = {}, kind = 'Dense') {
    super(kind, args, args.activation);
    this.units = requireInteger(units, `${kind}: units`);
    this.useBias = args.useBias ?? true;
  }

  protected checkInputShape(inputShape: number[], previous: string): void {
    this.requireRank(inputShape, [1], previous, 'Add Flatten() before it.');
  }

  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.dense({ units: this.units, useBias: this.useBias })];
  }
}
