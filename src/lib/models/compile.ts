import { quote } from '../options';
import { tf } from '../tf';
import { FusedMomentumOptimizer } from '../backend/momentum';
import { ConfigError } from '../errors';
import type { LayerOutput } from '../layers/layer';
import { type ActivationName, isProbabilityActivation } from '../layers/activations';

export const OPTIMIZERS = ['SGD', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const LOSSES = ['cross_entropy', 'nll', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * A custom loss takes ONE object, `({ yPred, yTrue }) => scalar`: yPred the
 * model's output (after its last activation), yTrue the one-hot targets.
 * Named fields, not positions, because PyTorch/PyGlow write (yPred, yTrue) and
 * Keras (yTrue, yPred): a swapped pair would train on the wrong objective
 * without a word. A function declaring two parameters is rejected by compile().
 */
export type LossFunction = (args: { yPred: tf.Tensor; yTrue: tf.Tensor2D }) => tf.Scalar;

export interface CompileArgs {
  /** 'SGD' (with momentum, PyGlow's default), 'adam', 'rmsprop', or any tf.Optimizer. */
  optimizer?: OptimizerName | 'sgd' | tf.Optimizer;
  /** 'cross_entropy' (default), 'nll', 'mse', or a function ({ yPred, yTrue }) => scalar (one object: see LossFunction). */
  loss?: LossName | LossFunction;
  /** Metrics to report; only 'accuracy' exists (default ['accuracy']). */
  metrics?: string[];
  /** Step size of the named optimizers (default 0.001, as in PyGlow). */
  learningRate?: number;
  /** Momentum of 'SGD' (default 0.95, as in PyGlow); 0 gives plain SGD. */
  momentum?: number;
}

/** The options compile() takes (HSICSequential adds its own). */
export const COMPILE_KEYS = ['optimizer', 'loss', 'metrics', 'learningRate', 'momentum'] as const;

export interface CompiledTraining {
  optimizer: tf.Optimizer;
  optimizerName: string;
  lossName: string;
  /** Mean loss of a batch from the last layer's output. */
  loss: (yTrue: tf.Tensor2D, last: LayerOutput) => tf.Scalar;
  accuracy: boolean;
}

export function resolveCompileArgs(args: CompileArgs, lastActivation: ActivationName): CompiledTraining {
  const learningRate = args.learningRate ?? 0.001;
  const momentum = args.momentum ?? 0.95;
  if (!(typeof learningRate === 'number' && learningRate > 0 && Number.isFinite(learningRate))) {
    throw new ConfigError(`compile: learningRate must be a positive number, got ${quote(args.learningRate)}.`);
  }
  if (!(typeof momentum === 'number' && momentum >= 0 && momentum < 1)) {
    throw new ConfigError(`compile: momentum must be in [0, 1), got ${quote(args.momentum)}.`);
  }
  const metrics = args.metrics ?? ['accuracy'];
  if (!Array.isArray(metrics)) throw new ConfigError("compile: metrics must be an array, e.g. ['accuracy'].");
  for (const metric of metrics) {
    if (metric !== 'accuracy' && metric !== 'acc') {
      throw new ConfigError(`compile: unknown metric '${metric}'. The only metric is 'accuracy'.`);
    }
  }
  const { optimizer, optimizerName } = resolveOptimizer(args.optimizer ?? 'SGD', learningRate, momentum);
  const { loss, lossName } = resolveLoss(args.loss ?? 'cross_entropy', lastActivation);
  return { optimizer, optimizerName, loss, lossName, accuracy: metrics.length > 0 };
}

function resolveOptimizer(
  optimizer: NonNullable<CompileArgs['optimizer']>,
  learningRate: number,
  momentum: number,
): { optimizer: tf.Optimizer; optimizerName: string } {
  if (optimizer instanceof tf.Optimizer) return { optimizer, optimizerName: optimizer.getClassName() };
  switch (optimizer) {
    case 'SGD':
    case 'sgd':
      return {
        optimizer: momentum > 0 ? new FusedMomentumOptimizer(learningRate, momentum) : tf.train.sgd(learningRate),
        optimizerName: `SGD (lr ${learningRate}, momentum ${momentum})`,
      };
    case 'adam':
      return { optimizer: tf.train.adam(learningRate), optimizerName: `adam (lr ${learningRate})` };
    case 'rmsprop':
      return { optimizer: tf.train.rmsprop(learningRate), optimizerName: `rmsprop (lr ${learningRate})` };
    default:
      throw new ConfigError(
        `compile: unknown optimizer ${JSON.stringify(optimizer)}. Use one of: ${OPTIMIZERS.join(', ')}, or pass a tf.Optimizer.`,
      );
  }
}

/**
 * Cross entropy is computed once, from logits, with a stable log-sum-exp:
 * when the last layer ends in softmax/log_softmax its pre-activation output
 * is used, so a final softmax is not applied twice (PyGlow's bug: its loss
 * never drops below ~1.55). Without such an activation the output is taken
 * as logits, as PyTorch's CrossEntropyLoss does.
 */
function resolveLoss(
  loss: NonNullable<CompileArgs['loss']>,
  lastActivation: ActivationName,
): { loss: CompiledTraining['loss']; lossName: string } {
  const fromLogits = isProbabilityActivation(lastActivation);
  if (typeof loss === 'function') {
    if (loss.length >= 2) {
      throw new ConfigError(
        `compile: the custom loss ${loss.name || '(anonymous)'} declares ${loss.length} parameters; ibnb passes one object, so that the order ` +
          'cannot be swapped silently (PyTorch writes (yPred, yTrue), Keras (yTrue, yPred)). Write it as ({ yPred, yTrue }) => ...',
      );
    }
    return { loss: (yTrue, last) => loss({ yPred: last.output, yTrue }), lossName: loss.name || 'custom' };
  }
  switch (loss) {
    case 'cross_entropy':
      return {
        loss: (yTrue, last) => tf.losses.softmaxCrossEntropy(yTrue, fromLogits ? last.preActivation : last.output) as tf.Scalar,
        lossName: 'cross_entropy',
      };
    case 'nll':
      // PyTorch's NLLLoss takes log-probabilities. After a softmax/log_softmax
      // layer we get them stably from the logits; otherwise the output is taken as given.
      return {
        loss: (yTrue, last) =>
          fromLogits
            ? (tf.losses.softmaxCrossEntropy(yTrue, last.preActivation) as tf.Scalar)
            : (tf.neg(tf.mean(tf.sum(tf.mul(yTrue, last.output), 1))) as tf.Scalar),
        lossName: 'nll',
      };
    case 'mse':
      return { loss: (yTrue, last) => tf.mean(tf.squaredDifference(last.output, yTrue)), lossName: 'mse' };
    default:
      throw new ConfigError(`compile: unknown loss ${JSON.stringify(loss)}. Use one of: ${LOSSES.join(', ')}, or pass a function.`);
  }
}
