import { Dense, type DenseArgs } from './dense';

/**
 * The output layer of an HSICSequential (PyGlow's HSICoutput): a Dense layer
 * that the HSIC pre-training leaves alone and `fitGenerator` then trains with
 * the compiled loss (cross entropy by default) on the pre-trained
 * representations. In any other model it is a plain Dense layer.
 */
export class HSICoutput extends Dense {
  constructor(units: number, args: DenseArgs = {}) {
    super(units, args, 'HSICoutput');
  }
}
