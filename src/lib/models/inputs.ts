import { tf } from '../tf';
import { ShapeError } from '../errors';
import { sizeOf } from '../layers/shapes';

/**
 * Converts a user batch ([b, ...inputShape], channels-first for images, or
 * [b, prod(inputShape)] flat) into the channels-last layout the layers use.
 */
export function toInternalBatch(x: tf.Tensor, inputShape: readonly number[]): tf.Tensor {
  const sample = x.shape.slice(1);
  const batch = x.shape[0];
  const matches = sample.length === inputShape.length && sample.every((d, i) => d === inputShape[i]);
  const flatMatches = sample.length === 1 && sample[0] === sizeOf(inputShape);
  if (!matches && !flatMatches) {
    throw new ShapeError(
      `The input batch has shape [${x.shape.join(', ')}] but the model's inputShape is [${inputShape.join(', ')}]: ` +
        `give batches of shape [batch, ${inputShape.join(', ')}] (channels first), or change inputShape.`,
    );
  }
  const asFloat = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  if (inputShape.length === 1) return asFloat;
  const [c, ...spatial] = inputShape;
  // With one channel, channels-first and channels-last hold the same bytes.
  if (c === 1) return tf.reshape(asFloat, [batch, ...spatial, 1]);
  const channelsLast = [0, ...spatial.map((_, i) => i + 2), 1];
  return tf.transpose(tf.reshape(asFloat, [batch, ...inputShape]), channelsLast);
}

/** Targets as float one-hot [b, k]: accepts integer labels [b] or one-hot [b, k]. */
export function toOneHot(y: tf.Tensor, numClasses: number): tf.Tensor2D {
  if (y.rank === 2 && y.shape[1] === numClasses) return (y.dtype === 'float32' ? y : tf.cast(y, 'float32')) as tf.Tensor2D;
  if (y.rank === 1) return tf.cast(tf.oneHot(tf.cast(y, 'int32'), numClasses), 'float32') as tf.Tensor2D;
  throw new ShapeError(
    `The targets have shape [${y.shape.join(', ')}] but the model outputs ${numClasses} values per sample: ` +
      `give integer labels of shape [batch] or one-hot targets of shape [batch, ${numClasses}].`,
  );
}
