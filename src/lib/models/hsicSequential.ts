import { checkKnownKeys, quote } from '../options';
import { ConfigError } from '../errors';
import { Estimator } from '../estimators/estimator';
import { HSIC } from '../estimators/hsic';
import { Layer } from '../layers/layer';
import { HSICoutput } from '../layers/hsicOutput';
import type { BatchSource } from './batchSource';
import { COMPILE_KEYS, type CompileArgs, resolveCompileArgs } from './compile';
import { tf } from '../tf';
import type { History } from './history';
import { IBSequential, type IBSequentialArgs } from './ibSequential';
import type { FitGeneratorOptions } from './sequential';
import { backpropTrainable } from './backpropStep';
import { hsicTrainable, type LayerObjective } from './hsicStep';
import type { Trainable } from './trainable';

export interface HSICCompileArgs extends CompileArgs {
  /** The criterion of every pre-trained layer without its own (default: HSIC, gaussian kernel, σ = 5). */
  lossCriterion?: Estimator;
  /** β of every pre-trained layer without its own: the objective is criterion(Z, X) − β·criterion(Z, Y) (default 100, as PyGlow's example). */
  regularizeCoeff?: number;
}

const HSIC_COMPILE_KEYS = [...COMPILE_KEYS, 'lossCriterion', 'regularizeCoeff'] as const;

/**
 * PyGlow's HSICSequential: a network trained without back-propagation, by the
 * HSIC bottleneck (Ma, Lewis & Kleijn 2019). `preTrainingLoop` trains every
 * layer with parameters on its own objective criterion(Z, X) − β·criterion(Z, Y)
 * (see hsicStep.ts); then `fitGenerator` trains only the last layer, an
 * `HSICoutput`, with the compiled loss on the frozen representations.
 * `predict` and `evaluate` work afterwards, and dynamics tracking
 * (attachEvaluator) charts both phases like any IBSequential.
 *
 *   const model = new HSICSequential({ inputShape: [1, 28, 28] });
 *   model.add(new Flatten());
 *   model.add(new Dense(500, { activation: 'relu' }), new HSIC({ sigma: 5 }), 100);
 *   model.add(new HSICoutput(10));
 *   model.compile({ lossCriterion: new HSIC({ sigma: 10 }), optimizer: 'SGD', regularizeCoeff: 100 });
 *   await model.preTrainingLoop(3, train, val);
 *   await model.fitGenerator(train, val, 1);
 */
export class HSICSequential extends IBSequential {
  private readonly ownObjectives = new Map<Layer, Partial<LayerObjective>>();
  private defaultObjective: LayerObjective | undefined;
  private preTrainingOptimizer: tf.Optimizer | undefined;
  private preTrained = false;

  constructor(args: IBSequentialArgs) {
    super(args);
  }

  /**
   * Appends a layer; `lossCriterion` and `regularizeCoeff` (β) give this
   * layer its own pre-training objective instead of compile()'s.
   */
  override add(layer: Layer, lossCriterion?: Estimator, regularizeCoeff?: number): this {
    const last = this.layers.at(-1);
    if (last instanceof HSICoutput) {
      throw new ConfigError(`add(): '${last.name}' is an HSICoutput, the output layer; add it last.`);
    }
    if (lossCriterion !== undefined && !(lossCriterion instanceof Estimator)) {
      throw new ConfigError(`add(): the second argument is the layer's loss criterion, an estimator such as new HSIC({ sigma: 5 }); got ${quote(lossCriterion)}.`);
    }
    if (regularizeCoeff !== undefined) checkBeta(regularizeCoeff, 'add(): regularizeCoeff');
    super.add(layer);
    if (lossCriterion !== undefined || regularizeCoeff !== undefined) {
      if (!layer.hasParameters || layer instanceof HSICoutput) {
        this.layers.pop();
        const why = layer instanceof HSICoutput ? 'is the output layer, trained by fitGenerator with the compiled loss' : 'has no parameters to train';
        throw new ConfigError(`add(): ${layer.kind} '${layer.name}' ${why}; give the criterion to a layer with parameters.`);
      }
      this.ownObjectives.set(layer, { criterion: lossCriterion, beta: regularizeCoeff });
    }
    return this;
  }

  /** Chooses the optimizer, the pre-training objective (lossCriterion, regularizeCoeff) and the output layer's loss and metrics. */
  override compile(args: HSICCompileArgs = {}): void {
    checkKnownKeys(args, HSIC_COMPILE_KEYS, 'compile');
    const { lossCriterion, regularizeCoeff, ...rest } = args;
    if (lossCriterion !== undefined && !(lossCriterion instanceof Estimator)) {
      throw new ConfigError(`compile: lossCriterion must be an estimator such as new HSIC({ kernel: 'gaussian', sigma: 5 }), got ${quote(lossCriterion)}.`);
    }
    const beta = regularizeCoeff === undefined ? 100 : checkBeta(regularizeCoeff, 'compile: regularizeCoeff');
    if (typeof rest.optimizer === 'object' && rest.optimizer instanceof tf.Optimizer) {
      throw new ConfigError(
        "compile: an HSICSequential trains in two phases (the hidden layers, then the HSICoutput), each with its own optimizer state, so it takes the optimizer by name: 'SGD', 'adam' or 'rmsprop', with learningRate and momentum.",
      );
    }
    super.compile(rest);
    // tfjs optimizers keep their state by the position of each variable in the update, so the
    // pre-training (hidden layers) and fitGenerator (output layer) cannot share one.
    this.preTrainingOptimizer = resolveCompileArgs(rest, 'linear').optimizer;
    this.defaultObjective = { criterion: lossCriterion ?? new HSIC({ kernel: 'gaussian', sigma: 5 }), beta };
  }

  /** The layers the HSIC objective trains: every one with parameters except a final HSICoutput. */
  get preTrainedLayers(): Layer[] {
    return this.layers.filter((layer) => layer.hasParameters && !(layer instanceof HSICoutput));
  }

  /** Trains every hidden layer on its own HSIC-bottleneck objective, without back-propagation (PyGlow's pre_training_loop). */
  async preTrainingLoop(epochs: number, train: BatchSource, val?: BatchSource | null, options: FitGeneratorOptions = {}): Promise<History> {
    const history = await this.runEpochs(() => this.preTrainable(), 'preTrainingLoop', train, val, epochs, options);
    this.preTrained = true;
    return history;
  }

  /** fitGenerator/fit/evaluate: the HSICoutput layer alone, with the compiled loss. */
  protected override trainable(method: string): Trainable {
    const compiled = this.requireCompiled(method);
    const output = this.layers.at(-1);
    if (!(output instanceof HSICoutput)) {
      throw new ConfigError(
        `${method}() trains and measures an HSICSequential's output layer, and this model has none: add(new HSICoutput(numClasses, { activation: 'softmax' })) last, ` +
          'then compile(). (preTrainingLoop trains the other layers.)',
      );
    }
    if (!this.preTrained && method !== 'evaluate') {
      console.warn(`ibnb: ${method}() trains only the HSICoutput layer, and the hidden layers have not been pre-trained yet: call preTrainingLoop() first.`);
    }
    return backpropTrainable(this, compiled, output.trainableVariables);
  }

  private preTrainable(): Trainable {
    this.requireCompiled('preTrainingLoop');
    const fallback = this.defaultObjective!;
    const trained = new Set(this.preTrainedLayers);
    if (trained.size === 0) {
      throw new ConfigError('preTrainingLoop: no layer to pre-train; add layers with parameters (Dense, Conv2d, ...) before the HSICoutput.');
    }
    const objectives = this.layers.map((layer) => {
      if (!trained.has(layer)) return undefined;
      const own = this.ownObjectives.get(layer);
      return { criterion: own?.criterion ?? fallback.criterion, beta: own?.beta ?? fallback.beta };
    });
    return hsicTrainable({ layers: this.layers, objectives, optimizer: this.preTrainingOptimizer!, prepareBatch: (x, y) => this.prepareBatch(x, y) });
  }
}

function checkBeta(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${what} (β, the weight of criterion(Z, Y)) must be a finite number ≥ 0, got ${quote(value)}.`);
  }
  return value;
}
