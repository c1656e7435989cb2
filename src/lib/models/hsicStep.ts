/**
 * The HSIC bottleneck (Ma, Lewis & Kleijn 2019): every hidden layer with
 * parameters is trained on its own objective
 *
 *   L_i = criterion(Z_i, X) − β_i · criterion(Z_i, Y)
 *
 * (Z_i the layer's output, X the input, Y the one-hot labels), with no
 * gradient between layers: each layer's forward pass runs in its own gradient
 * tape on the previous layer's output, so ∂L_i reaches only layer i's weights
 * and no error is back-propagated through the network. The update of all
 * layers is applied together once every L_i is known and the sum is finite,
 * which for a per-variable optimizer equals PyGlow's step after each layer.
 */
import { tf } from '../tf';
import { TrainingError } from '../errors';
import type { Estimator } from '../estimators/estimator';
import type { Layer } from '../layers/layer';
import type { PendingStep, PreparedBatch, Trainable } from './trainable';

/** A layer's HSIC-bottleneck objective: its criterion and β. */
export interface LayerObjective {
  criterion: Estimator;
  /** β, the weight of the label term (PyGlow's regularize_coeff). */
  beta: number;
}

export interface HsicTrainableArgs {
  layers: readonly Layer[];
  /** Per layer index: its objective, or undefined for a layer that is not pre-trained (no parameters, or the output layer). */
  objectives: readonly (LayerObjective | undefined)[];
  optimizer: tf.Optimizer;
  prepareBatch(x: tf.Tensor, y: tf.Tensor): PreparedBatch;
}

/** The sum of the layers' objectives is what the progress line shows as the loss. */
export function hsicTrainable(args: HsicTrainableArgs): Trainable {
  const { layers, objectives, optimizer } = args;
  return {
    countsAccuracy: false,
    lossName: `HSIC bottleneck: Σ criterion(Z, X) − β·criterion(Z, Y) (${[...new Set(objectives.flatMap((o) => (o ? [`${o.criterion.describe()}, β = ${o.beta}`] : [])))].join('; ')})`,
    prepareBatch: args.prepareBatch,
    trainStep(batch) {
      const m = batch.x.shape[0];
      const x = tf.reshape(batch.x, [m, -1]) as tf.Tensor2D;
      const outputs: tf.Tensor[] = [];
      const losses: tf.Scalar[] = [];
      const grads: tf.NamedTensorMap = {};
      let logits: tf.Tensor = batch.x;
      let h = batch.x;
      try {
        layers.forEach((layer, i) => {
          const objective = objectives[i];
          let out: { output: tf.Tensor; preActivation: tf.Tensor } | undefined;
          if (!objective) {
            const [output, preActivation] = tf.tidy(() => {
              const result = layer.call(h, true);
              return [result.output, result.preActivation];
            });
            out = { output, preActivation };
          } else {
            const step = optimizer.computeGradients(() => {
              const result = layer.call(h, true);
              out = { output: tf.keep(result.output), preActivation: tf.keep(result.preActivation) };
              return layerObjective(objective, result.output, x, batch.y, layer);
            }, layer.trainableVariables);
            losses.push(step.value);
            Object.assign(grads, step.grads);
          }
          outputs.push(out!.output);
          if (out!.preActivation !== out!.output) {
            if (i === layers.length - 1) logits = out!.preActivation;
            else out!.preActivation.dispose();
          } else if (i === layers.length - 1) logits = out!.output;
          h = out!.output;
        });
        const loss = tf.tidy(() => (losses.length === 1 ? losses[0].clone() : tf.addN(losses))) as tf.Scalar;
        tf.dispose([x, ...losses]);
        const output = outputs[outputs.length - 1];
        return {
          loss,
          output,
          pass: { outputs, logits },
          apply: () => optimizer.applyGradients(grads),
          dispose: () => tf.dispose([loss, logits, ...outputs, ...Object.values(grads)]),
        } satisfies PendingStep;
      } catch (error) {
        tf.dispose([x, logits, ...outputs, ...losses, ...Object.values(grads)]);
        throw error;
      }
    },
    evalStep(batch) {
      const m = batch.x.shape[0];
      const x = tf.reshape(batch.x, [m, -1]) as tf.Tensor2D;
      const losses: tf.Scalar[] = [];
      let h = batch.x;
      layers.forEach((layer, i) => {
        h = layer.call(h, false).output;
        const objective = objectives[i];
        if (objective) losses.push(layerObjective(objective, h, x, batch.y, layer));
      });
      return { loss: tf.addN(losses) as tf.Scalar, output: h };
    },
  };
}

/** criterion(Z, X) − β·criterion(Z, Y) on the flattened representation; must stay a tensor so it has a gradient. */
function layerObjective(objective: LayerObjective, z: tf.Tensor, x: tf.Tensor2D, y: tf.Tensor2D, layer: Layer): tf.Scalar {
  const flat = tf.reshape(z, [z.shape[0], -1]) as tf.Tensor2D;
  const withX = objective.criterion.criterion(flat, x);
  const withY = objective.criterion.criterion(flat, y);
  if (!(withX instanceof tf.Tensor) || !(withY instanceof tf.Tensor)) {
    throw new TrainingError(
      `${objective.criterion.name}.criterion returned a number for layer '${layer.name}': the HSIC-bottleneck objective needs a tensor ` +
        'computed with tf operations, so that it has a gradient. Return a tf.Scalar from criterion().',
    );
  }
  return tf.sub(tf.reshape(withX, []), tf.mul(objective.beta, tf.reshape(withY, []))) as tf.Scalar;
}
