import { tf } from '../tf';
import { ConfigError } from '../errors';

/** Activation names accepted by every layer's `activation` option (PyGlow's set). */
export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'log_softmax', 'softplus'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

const FUNCTIONS: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  softmax: (x) => tf.softmax(x),
  log_softmax: (x) => tf.logSoftmax(x),
  softplus: (x) => tf.softplus(x),
};

/** Validates an activation option; `owner` names the layer in the error. */
export function parseActivation(name: string | undefined, owner: string): ActivationName {
  if (name === undefined || name === null) return 'linear';
  if ((ACTIVATIONS as readonly string[]).includes(name)) return name as ActivationName;
  throw new ConfigError(`${owner}: unknown activation '${name}'. Use one of: ${ACTIVATIONS.join(', ')}.`);
}

export function applyActivation(name: ActivationName, x: tf.Tensor): tf.Tensor {
  return FUNCTIONS[name](x);
}

/** Activations that turn logits into (log-)probabilities; losses read the logits before them. */
export function isProbabilityActivation(name: ActivationName): boolean {
  return name === 'softmax' || name === 'log_softmax';
}
