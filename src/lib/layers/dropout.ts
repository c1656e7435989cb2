import { quote } from '../options';
import { tf } from '../tf';
import { ConfigError } from '../errors';
import { Layer, type LayerArgs } from './layer';

/** Randomly zeroes a fraction `rate` of the inputs while training (scaling the rest by 1/(1−rate)); the identity in evaluation. */
export class Dropout extends Layer {
  readonly rate: number;

  constructor(rate: number, args: LayerArgs = {}) {
    super('Dropout', args);
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new ConfigError(`Dropout: rate must be a number in [0, 1), got ${quote(rate)} (it is the fraction of units dropped, as in PyTorch's p).`);
    }
    this.rate = rate;
  }

  protected checkInputShape(): void {}

  protected createTfLayers(): tf.layers.Layer[] {
    return [tf.layers.dropout({ rate: this.rate })];
  }
}
