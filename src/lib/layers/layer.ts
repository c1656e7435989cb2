import { guardSnakeCase } from '../pyglowNames';
import { quote } from '../options';
import { tf } from '../tf';
import { ConfigError, ShapeError } from '../errors';
import { type ActivationName, applyActivation, parseActivation } from './activations';
import { formatShape } from './shapes';

/** Options every layer accepts. */
export interface LayerArgs {
  /** Name shown in summaries, errors and charts; default `<kind>_<n>` (e.g. `dense_2`). */
  name?: string;
}

/** What one forward pass of a layer produces. */
export interface LayerOutput {
  /** The output before the activation (the logits, for a final softmax layer). */
  preActivation: tf.Tensor;
  /** The output after the activation. */
  output: tf.Tensor;
}

/**
 * A layer of an `IBSequential`/`Sequential` model. Subclasses describe their
 * TensorFlow.js layers; this class builds them against the previous layer's
 * output shape, checks shapes, and counts parameters.
 *
 * Shapes here are per sample and channels-last (internal); users see them
 * channels-first through `formatShape`.
 */
export abstract class Layer {
  /** The activation applied after the layer's own computation. */
  readonly activation: ActivationName;
  private readonly givenName: string | undefined;
  private assignedName: string | undefined;
  private scope: string | undefined;
  private tfLayers: tf.layers.Layer[] = [];
  private shapes: { input: number[]; output: number[] } | undefined;

  /**
   * @param kind shown in summaries and errors, e.g. 'Dense'
   * @param activation the activation option as the user gave it (validated here)
   */
  constructor(
    readonly kind: string,
    args: LayerArgs = {},
    activation?: string,
  ) {
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name.trim() === '')) {
      throw new ConfigError(`${kind}: name must be a non-empty string, got ${quote(args.name)}.`);
    }
    this.givenName = args.name;
    this.activation = parseActivation(activation, kind);
  }

  get name(): string {
    const own = this.givenName ?? this.assignedName ?? this.kind.toLowerCase();
    return this.scope ? `${this.scope}/${own}` : own;
  }

  /** Prefixes the name ('encoder/dense_1'): a VIB's encoder and decoder layers stay distinct in charts and summaries. */
  setScope(scope: string): void {
    this.scope = scope;
  }

  /** True once the layer was added to a model (a layer belongs to one model). */
  get isBuilt(): boolean {
    return this.shapes !== undefined;
  }

  /** Per-sample output shape, channels-last; throws before the layer is added. */
  get outputShape(): number[] {
    if (!this.shapes) throw new ShapeError(`Layer '${this.name}' has no shape yet: add it to a model first.`);
    return this.shapes.output;
  }

  get inputShape(): number[] {
    if (!this.shapes) throw new ShapeError(`Layer '${this.name}' has no shape yet: add it to a model first.`);
    return this.shapes.input;
  }

  /** Layers with trainable parameters are the ones the information plane tracks. */
  get hasParameters(): boolean {
    return this.paramCount > 0;
  }

  get paramCount(): number {
    return this.tfLayers.reduce((n, l) => n + l.countParams(), 0);
  }

  get trainableVariables(): tf.Variable[] {
    return this.tfLayers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  }

  /**
   * Builds the layer for `inputShape` (per sample, channels-last) and returns
   * its output shape. `previous` names the layer before it, for errors.
   */
  build(inputShape: number[], previous: string, defaultName: string): number[] {
    if (this.shapes) {
      throw new ShapeError(`Layer '${this.name}' was already added to a model; create a new layer object for each add().`);
    }
    this.assignedName = defaultName;
    this.checkInputShape(inputShape, previous);
    this.tfLayers = this.createTfLayers(inputShape);
    let symbolic = tf.input({ shape: inputShape });
    for (const layer of this.tfLayers) symbolic = layer.apply(symbolic) as tf.SymbolicTensor;
    const output = this.ownOutputShape(inputShape) ?? (symbolic.shape.slice(1) as number[]);
    if (output.some((d) => d <= 0)) {
      throw new ShapeError(
        `Layer '${this.name}' cannot follow '${previous}': its input ${formatShape(inputShape)} is too small and the output would be ${formatShape(output)}. Use a smaller kernel or stride, or padding.`,
      );
    }
    this.shapes = { input: inputShape, output };
    return output;
  }

  /** Forward pass of a batch (channels-last), in training or evaluation mode. */
  call(x: tf.Tensor, training: boolean): LayerOutput {
    let y = x;
    for (const layer of this.tfLayers) y = layer.apply(y, { training }) as tf.Tensor;
    // A ReLU folded into the TensorFlow.js layer leaves no tensor before it; only a model's last
    // layer has its pre-activation read (the logits of a softmax), and only ReLU is ever folded.
    if (this.foldsRelu) return { preActivation: y, output: y };
    return { preActivation: y, output: applyActivation(this.activation, y) };
  }

  /** A layer computed without TensorFlow.js layers (VIB's GaussianCode) gives its output shape here. */
  protected ownOutputShape(_inputShape: number[]): number[] | undefined {
    return undefined;
  }

  /** True when createTfLayers put the ReLU activation into the TensorFlow.js layer itself. */
  protected get foldsRelu(): boolean {
    return false;
  }

  dispose(): void {
    for (const layer of this.tfLayers) layer.dispose();
  }

  /** Throws a ShapeError naming this layer and `previous` when the input cannot work. */
  protected abstract checkInputShape(inputShape: number[], previous: string): void;

  /** The TensorFlow.js layers, applied in order, that compute this layer (before its activation). */
  protected abstract createTfLayers(inputShape: number[]): tf.layers.Layer[];

  protected requireRank(inputShape: number[], ranks: number[], previous: string, fix: string): void {
    if (!ranks.includes(inputShape.length)) {
      throw new ShapeError(
        `${this.kind} '${this.name}' cannot follow '${previous}', whose output is ${formatShape(inputShape)}: ` +
          `${this.kind} needs a ${ranks.map((r) => `${r}-D`).join(' or ')} input per sample. ${fix}`,
      );
    }
  }
}

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(Layer.prototype);
