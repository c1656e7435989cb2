import type { tf } from '../tf';

/** A batch in the model's layout: channels-last input, one-hot float targets. */
export interface PreparedBatch {
  x: tf.Tensor;
  y: tf.Tensor2D;
}

/** One forward pass through every layer. */
export interface ForwardPass {
  /** Every layer's output, in order (channels-last). */
  outputs: tf.Tensor[];
  /** The last layer's output before its activation (the logits for a final softmax). */
  logits: tf.Tensor;
}

/** A training step computed but not yet applied; its tensors live until `dispose()`. */
export interface PendingStep {
  /** The batch's training loss, as the progress line shows it. */
  loss: tf.Scalar;
  /** The predictions accuracy counts ([b, classes]). */
  output: tf.Tensor;
  /** Every layer's output, for the dynamics hooks. */
  pass: ForwardPass;
  /** Applies the update; the loop calls it only once the loss is read back and finite. */
  apply(): void;
  dispose(): void;
}

/**
 * What the training loop needs from a model. Sequential (one loss,
 * back-propagated through every layer), HSICSequential (an HSIC objective per
 * layer, gradients cut between layers) and VIB (cross entropy + β·KL) each
 * provide one; the loop owns the batches, the events, the NaN guard,
 * cancellation and the one read-back per batch.
 */
export interface Trainable {
  /** Whether accuracy is counted (the 'accuracy' metric; off while HSIC layers pre-train). */
  readonly countsAccuracy: boolean;
  /** What the loss is, for run files and their readers, e.g. 'cross_entropy' or 'cross_entropy + 0.001·KL'. */
  readonly lossName: string;
  prepareBatch(x: tf.Tensor, y: tf.Tensor): PreparedBatch;
  /** Called outside tf.tidy: the returned step owns its tensors. */
  trainStep(batch: PreparedBatch): PendingStep;
  /** The loss and predictions in evaluation mode (no dropout, running batch-norm statistics); called inside tf.tidy. */
  evalStep(batch: PreparedBatch): { loss: tf.Scalar; output: tf.Tensor };
}
