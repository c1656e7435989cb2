import { guardSnakeCase } from '../pyglowNames';
import { checkKnownKeys } from '../options';
import { randomUUID } from 'node:crypto';
import { tf } from '../tf';
import { ConfigError, ShapeError, TrainingError } from '../errors';
import { type BackendChoice, type BackendName, initBackend, warnIfNoGpu } from '../backend/backends';
import { Layer } from '../layers/layer';
import { toInternalShape, sizeOf } from '../layers/shapes';
import { requireInteger } from '../layers/validate';
import type { TrainingListener } from '../progress/events';
import { trainingDefaults } from '../progress/defaults';
import { COMPILE_KEYS, type CompileArgs, type CompiledTraining, resolveCompileArgs } from './compile';
import { formatSummary, ModelSummary, summaryRows, type SummaryRow } from './summary';
import { History } from './history';
import { toInternalBatch, toOneHot } from './inputs';
import type { BatchSource } from './batchSource';
import { runTraining, evaluateSource } from './trainingLoop';
import type { TrainingHooks } from './trainingHooks';
import type { ForwardPass, PreparedBatch, Trainable } from './trainable';
import { backpropTrainable } from './backpropStep';
import { fromArrays } from '../data/fromArrays';
import { MIME_BUNDLE, type MimeBundle } from '../display';
import type { LabelsInput, SamplesInput } from '../data/arrayInputs';

export interface SequentialArgs {
  /** Shape of one sample, channels first as in PyTorch: [channels, height, width] for images, [channels, length] (Conv1d), [channels, depth, height, width] (Conv3d), or [features]. */
  inputShape: number[];
  /** Prefer a GPU backend; without one, warn once and train on the best CPU backend. */
  gpu?: boolean;
  /** Force a compute backend (default: IBNB_BACKEND if set, else the best available). */
  backend?: BackendName | 'auto';
  /** Name shown in summaries (default 'sequential'). */
  name?: string;
}

export interface FitGeneratorOptions {
  /** Cancels training between batches; the model keeps the weights of the last finished batch. */
  signal?: AbortSignal;
  /** Progress listeners for this run, besides those added with addListener (none at all: print to the console). */
  listeners?: TrainingListener[];
}

export interface FitOptions extends FitGeneratorOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Fraction of the samples held out for validation, taken before shuffling (default 0). */
  validationSplit?: number;
  /** Shuffle the training samples every epoch (default true). */
  shuffle?: boolean;
  /** Seed for the split and the shuffles. */
  seed?: number;
}

const FIT_GENERATOR_KEYS = ['signal', 'listeners'] as const;
const FIT_KEYS = ['batchSize', 'epochs', 'validationSplit', 'shuffle', 'seed'] as const;

/** Loss and accuracy of a model on some data. */
export interface EvaluationResult {
  loss: number;
  /** NaN when the 'accuracy' metric is off. */
  accuracy: number;
}

export type { ForwardPass } from './trainable';

/**
 * A Keras-like stack of layers trained with TensorFlow.js:
 * `add` layers, `compile`, then `fit` / `fitGenerator`.
 */
export class Sequential {
  /** Shape of one sample as the user gives it (channels first). */
  readonly inputShape: number[];
  readonly name: string;
  readonly layers: Layer[] = [];
  /** Per-epoch metrics of every training run so far. */
  readonly history = new History();
  protected compiled: CompiledTraining | undefined;
  private readonly internalInputShape: number[];
  private readonly listeners: TrainingListener[] = [];
  private readonly backendOptions: { backend?: BackendName | 'auto'; gpu?: boolean };
  private trainingInProgress = false;

  constructor(args: SequentialArgs) {
    if (!args || !Array.isArray(args.inputShape) || args.inputShape.length === 0) {
      throw new ConfigError(`${new.target.name}: inputShape is required, e.g. { inputShape: [1, 28, 28] } for MNIST images or [784] for flat vectors.`);
    }
    args.inputShape.forEach((d, i) => requireInteger(d, `${new.target.name}: inputShape[${i}]`));
    if (args.inputShape.length > 4) {
      throw new ConfigError(
        `${new.target.name}: inputShape [${args.inputShape.join(', ')}] has more than 4 dimensions; use [features], [channels, length], [channels, height, width] or [channels, depth, height, width].`,
      );
    }
    this.inputShape = [...args.inputShape];
    this.internalInputShape = toInternalShape(args.inputShape);
    this.name = args.name ?? 'sequential';
    this.backendOptions = { backend: args.backend, gpu: args.gpu };
    if (args.gpu) warnIfNoGpu();
  }

  /** Appends a layer; its shapes are checked against the previous layer now. */
  add(layer: Layer): this {
    if (!(layer instanceof Layer)) {
      throw new ConfigError(`add() takes a layer such as new Dense(10) or new Conv2d({ filters: 16, kernelSize: 3 }); got ${describeValue(layer)}.`);
    }
    if (this.compiled) {
      throw new ConfigError(`add() after compile(): add every layer first, then compile the model.`);
    }
    const previous = this.layers.at(-1);
    const inputShape = previous ? previous.outputShape : this.internalInputShape;
    const kindCount = this.layers.filter((l) => l.kind === layer.kind).length + 1;
    layer.build(inputShape, previous ? previous.name : 'the input', `${layer.kind.toLowerCase()}_${kindCount}`);
    this.layers.push(layer);
    return this;
  }

  /** The number of layers added (PyGlow's num_layers). */
  get numLayers(): number {
    return this.layers.length;
  }

  get outputUnits(): number {
    const last = this.layers.at(-1);
    if (!last) throw new ConfigError('The model has no layers yet: add() some first.');
    return sizeOf(last.outputShape);
  }

  /** A table of the layers, their output shapes and parameter counts (shown as the table in notebooks; String() of it is the text). */
  summary(): ModelSummary {
    return new ModelSummary(formatSummary(this.name, this.inputShape, this.layers));
  }

  summaryRows(): SummaryRow[] {
    return summaryRows(this.layers);
  }

  toString(): string {
    return this.summary().text;
  }

  /** In a notebook, a model shows its summary table. */
  [MIME_BUNDLE](): MimeBundle {
    return { 'text/plain': this.summary().text };
  }

  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }

  /** Chooses the optimizer, the loss and the metrics. */
  compile(args: CompileArgs = {}): void {
    checkKnownKeys(args, COMPILE_KEYS, 'compile');
    const last = this.layers.at(-1);
    if (!last) throw new ConfigError('compile() before any add(): add the layers first.');
    if (last.outputShape.length !== 1) {
      throw new ShapeError(`The last layer '${last.name}' outputs ${JSON.stringify(last.outputShape)} per sample; a classifier needs a flat output: end with Flatten() and Dense(numClasses).`);
    }
    this.compiled = resolveCompileArgs(args, last.activation);
  }

  addListener(listener: TrainingListener): void {
    this.listeners.push(listener);
  }

  removeListener(listener: TrainingListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Picks the compute backend (once per process) and returns it. */
  async ready(): Promise<BackendChoice> {
    return initBackend(this.backendOptions);
  }

  /** Trains on batches from `train`, validating on `val` after every epoch (PyGlow's fit_generator). */
  async fitGenerator(train: BatchSource, val: BatchSource | null | undefined, epochs = 1, options: FitGeneratorOptions = {}): Promise<History> {
    return this.runEpochs(() => this.trainable('fitGenerator'), 'fitGenerator', train, val, epochs, options);
  }

  /**
   * The epochs of one training run of `trainable` (built once options and
   * data are checked): the checks, the backend, the hooks and the listeners
   * every kind of run shares (fitGenerator, HSICSequential's preTrainingLoop).
   */
  protected async runEpochs(
    trainable: () => Trainable,
    method: string,
    train: BatchSource,
    val: BatchSource | null | undefined,
    epochs: number,
    options: FitGeneratorOptions,
  ): Promise<History> {
    checkKnownKeys(options, FIT_GENERATOR_KEYS, method);
    requireInteger(epochs, `${method}: numEpochs`);
    if (!train || typeof train[Symbol.asyncIterator] !== 'function') {
      throw new ConfigError(`${method}: the first argument must be a loader (an async iterable of { x, y } batches), e.g. from mnist.loadData().`);
    }
    if (this.trainingInProgress) throw new TrainingError('This model is already training; wait for that run to finish or cancel it first.');
    const model = trainable();
    this.trainingInProgress = true;
    try {
      await this.ready();
      const defaults = trainingDefaults();
      const runId = randomUUID();
      return await runTraining({
        model,
        runId,
        hooks: this.trainingHooks({ runId, epochs, lossName: model.lossName }),
        train,
        // An empty validation loader (validationSplit: 0) means no validation, as null does.
        val: val && val.length !== 0 ? val : undefined,
        epochs,
        signal: combineSignals(options.signal, defaults.signal),
        listeners: [...this.listeners, ...(options.listeners ?? []), ...(defaults.listeners ?? [])],
        history: this.history,
      });
    } finally {
      this.trainingInProgress = false;
    }
  }

  /** Trains on in-memory data (Keras' fit). */
  async fit(x: SamplesInput, y: LabelsInput, options: FitOptions = {}): Promise<History> {
    checkKnownKeys(options, [...FIT_GENERATOR_KEYS, ...FIT_KEYS], 'fit');
    this.requireCompiled('fit');
    // A GPU backend (webgpu in Node) reads tensors only asynchronously; once read, fromArrays can read them.
    await Promise.all([x, y].map((t) => (t instanceof tf.Tensor ? t.data() : undefined)));
    const [train, val] = fromArrays(x, y, {
      batchSize: options.batchSize ?? 32,
      validationSplit: options.validationSplit ?? 0,
      shuffle: options.shuffle ?? true,
      seed: options.seed,
    });
    return this.fitGenerator(train, val.size > 0 ? val : null, options.epochs ?? 1, { signal: options.signal, listeners: options.listeners });
  }

  /** Mean loss and accuracy over a loader, in evaluation mode (no dropout, running batch-norm statistics). */
  async evaluate(source: BatchSource): Promise<EvaluationResult> {
    const model = this.trainable('evaluate');
    await this.ready();
    return evaluateSource(model, source);
  }

  /** The model's output for a batch of inputs ([b, ...inputShape]), in evaluation mode. */
  predict(x: tf.Tensor): tf.Tensor {
    if (this.layers.length === 0) throw new ConfigError('predict() on a model without layers: add() some first.');
    return tf.tidy(() => {
      const pass = this.forward(toInternalBatch(x, this.inputShape), false);
      return pass.outputs[pass.outputs.length - 1];
    });
  }

  /** Every trainable variable, in layer order. */
  trainableVariables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.trainableVariables);
  }

  /** A forward pass on a channels-last batch. Call inside tf.tidy. */
  forward(x: tf.Tensor, training: boolean): ForwardPass {
    const outputs: tf.Tensor[] = [];
    let h = x;
    let logits = x;
    for (const layer of this.layers) {
      const out = layer.call(h, training);
      outputs.push(out.output);
      logits = out.preActivation;
      h = out.output;
    }
    return { outputs, logits };
  }

  /** Converts a user batch to the model's layout: channels-last input and one-hot float targets. */
  prepareBatch(x: tf.Tensor, y: tf.Tensor): PreparedBatch {
    return tf.tidy(() => ({ x: toInternalBatch(x, this.inputShape), y: toOneHot(y, this.outputUnits) }));
  }

  /** What `fitGenerator` and `evaluate` train and measure: the compiled loss, back-propagated through every layer. */
  protected trainable(method: string): Trainable {
    return backpropTrainable(this, this.requireCompiled(method), this.trainableVariables());
  }

  /** What this model adds to its training loop; IBSequential tracks dynamics here. */
  protected trainingHooks(_run: { runId: string; epochs: number; lossName: string }): TrainingHooks | undefined {
    return undefined;
  }

  /** Frees every layer's weights; the model cannot be used afterwards. */
  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }

  protected requireCompiled(method: string): CompiledTraining {
    if (!this.compiled) {
      throw new TrainingError(`${method}() before compile(): call model.compile({ optimizer: 'SGD', loss: 'cross_entropy', metrics: ['accuracy'] }) first.`);
    }
    return this.compiled;
  }
}

/** The run stops when either the caller's signal or the host's (the kernel's interrupt) fires. */
function combineSignals(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `the class/function ${value.name || '(anonymous)'} (did you forget \`new\` or the parentheses?)`;
  if (typeof value === 'object') return `an object of type ${value.constructor?.name ?? 'Object'}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(Sequential.prototype);
