import { tf } from '../tf';
import type { CompiledTraining } from './compile';
import type { ForwardPass, PendingStep, PreparedBatch, Trainable } from './trainable';

/** The part of a model a back-propagated step runs: batches in its layout, and a forward pass. */
export interface ForwardModel {
  prepareBatch(x: tf.Tensor, y: tf.Tensor): PreparedBatch;
  forward(x: tf.Tensor, training: boolean): ForwardPass;
}

/**
 * Plain supervised training: the compiled loss of the last layer's output,
 * back-propagated to `variables` (every layer's, or only the output layer's
 * when HSICSequential trains its HSICoutput).
 */
export function backpropTrainable(model: ForwardModel, compiled: CompiledTraining, variables: tf.Variable[]): Trainable {
  return {
    countsAccuracy: compiled.accuracy,
    lossName: compiled.lossName,
    prepareBatch: (x, y) => model.prepareBatch(x, y),
    trainStep: (batch) =>
      gradientStep(compiled.optimizer, variables, () => {
        const pass = model.forward(batch.x, true);
        const output = pass.outputs[pass.outputs.length - 1];
        return { loss: compiled.loss(batch.y, { preActivation: pass.logits, output }), pass };
      }),
    evalStep: (batch) => {
      const pass = model.forward(batch.x, false);
      const output = pass.outputs[pass.outputs.length - 1];
      return { loss: compiled.loss(batch.y, { preActivation: pass.logits, output }), output };
    },
  };
}

/**
 * Gradients of `objective`'s loss with respect to `variables`, without
 * applying them. The pass is kept past the gradient tape's tidy: the loss and
 * accuracy are read back in one transfer, and the activations feed the
 * model's batch hooks outside the tape.
 */
export function gradientStep(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  objective: () => { loss: tf.Scalar; pass: ForwardPass; output?: tf.Tensor },
): PendingStep {
  let kept: { pass: ForwardPass; output: tf.Tensor } | undefined;
  try {
    const { value, grads } = optimizer.computeGradients(() => {
      const result = objective();
      const outputs = result.pass.outputs.map((t) => tf.keep(t));
      kept = { pass: { outputs, logits: tf.keep(result.pass.logits) }, output: tf.keep(result.output ?? outputs[outputs.length - 1]) };
      return result.loss;
    }, variables);
    const pass = kept!.pass;
    const output = kept!.output;
    return {
      loss: value,
      output,
      pass,
      apply: () => optimizer.applyGradients(grads),
      dispose: () => tf.dispose([value, output, pass.logits, ...pass.outputs, ...Object.values(grads)]),
    };
  } catch (error) {
    if (kept) tf.dispose([kept.output, kept.pass.logits, ...kept.pass.outputs]);
    throw error;
  }
}
