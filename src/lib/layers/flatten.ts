import { tf } from '../tf';
import { Layer, type LayerArgs } from './layer';

/** Flattens each sample to a vector, e.g. between Conv2d and Dense. */
export class Flatten extends Layer {
  constructor(args: LayerArgs = {}) {
    super('Flatten', args);
  }

  protected checkInputShape(): void {}

  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.flatten()];
  }
}
