import { tf } from '../tf';
import { Layer, type LayerArgs } from './layer';

/** Flattens each sample to a vector, e.g. between Conv2d and Dense. */
export class Flatten extends Layer {
  constructor(args: LayerArgs = {}) {
    super('Flatten', args);
  }

  protected checkInputShape(): void {}

  /** On an input that is already flat it does nothing, as PyTorch's Flatten. */
  protected createTfLayers(inputShape: number[]): tf.layers.Layer[] {
    return inputShape.length === 1 ? [] : [tf.layers.flatten()];
  }
}
