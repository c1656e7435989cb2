import { checkKnownKeys, quote } from '../options';
import { tf } from '../tf';
import { ConfigError } from '../errors';
import { GaussianCode, klToStandardNormal } from '../layers/gaussianCode';
import { requireInteger } from '../layers/validate';
import { COMPILE_KEYS, type CompileArgs } from './compile';
import { IBSequential, type IBSequentialArgs } from './ibSequential';
import { Sequential, type FitGeneratorOptions } from './sequential';
import { gradientStep } from './backpropStep';
import type { BatchSource } from './batchSource';
import type { History } from './history';
import type { Trainable } from './trainable';
import { toInternalBatch } from './inputs';

export interface VIBArgs extends Omit<IBSequentialArgs, 'inputShape'> {
  /** Dimension K of the stochastic code z. */
  hiddenDim: number;
  /** Maps an input to 2·K numbers per sample: the code's mean and scale (its inputShape is the model's). */
  encoder: Sequential;
  /** Maps a code [K] to the class scores (its inputShape must be [K]). */
  decoder: Sequential;
}

export interface VIBCompileArgs extends CompileArgs {
  /** β, the weight of the KL term (PyGlow's trade_off; default 1e-3, Alemi et al.'s MNIST choice). */
  tradeOff?: number;
  /** Samples of z per input in each training step (default 1, as Alemi et al.; PyGlow's num_samples). */
  numSamples?: number;
  /** The code's covariance: 'diag' (PyGlow's default; the only one offered). */
  covType?: 'diag';
}

const VIB_KEYS = ['hiddenDim', 'encoder', 'decoder', 'trackDynamics', 'saveDynamics', 'gpu', 'backend', 'name'] as const;
const VIB_COMPILE_KEYS = [...COMPILE_KEYS, 'tradeOff', 'numSamples', 'covType'] as const;

/**
 * The deep variational information bottleneck (Alemi et al. 2017), PyGlow's
 * VIB: encoder → stochastic code z ~ N(μ(x), diag σ(x)²) → decoder, trained on
 *
 *   cross entropy(decoder(z), y) + β · KL(N(μ, σ²) ‖ N(0, I))
 *
 * with z reparameterised (z = μ + σ·ε), so the gradient reaches the encoder.
 * The KL term is exact (PyGlow estimated it from the samples). Tracked and
 * charted like any IBSequential: its layers are the encoder's, the code, and
 * the decoder's ('encoder/dense_1', 'code', 'decoder/dense_1', ...).
 *
 *   const vib = new VIB({ hiddenDim: 256, encoder, decoder, trackDynamics: true });
 *   vib.compile({ optimizer: 'adam', tradeOff: 1e-3 });
 *   await vib.fitGenerator(train, val, 10);
 */
export class VIB extends IBSequential {
  readonly hiddenDim: number;
  readonly encoder: Sequential;
  readonly decoder: Sequential;
  private readonly code: GaussianCode;
  private readonly codeIndex: number;
  private tradeOff = 1e-3;
  private numSamples = 1;

  constructor(args: VIBArgs) {
    if (typeof args !== 'object' || args === null) {
      throw new ConfigError('VIB takes one options object: new VIB({ hiddenDim: 256, encoder, decoder }), where encoder and decoder are Sequential models.');
    }
    checkKnownKeys(args, VIB_KEYS, 'VIB');
    const hiddenDim = requireInteger(args.hiddenDim, 'VIB: hiddenDim');
    for (const part of ['encoder', 'decoder'] as const) {
      const model = args[part];
      if (!(model instanceof Sequential) || model.layers.length === 0) {
        throw new ConfigError(`VIB: ${part} must be a Sequential model with layers, got ${model instanceof Sequential ? 'one without layers' : quote(model)}.`);
      }
      if (model.isCompiled) throw new ConfigError(`VIB: the ${part} is already compiled; compile the VIB instead, which trains both parts together.`);
    }
    if (args.decoder.inputShape.length !== 1 || args.decoder.inputShape[0] !== hiddenDim) {
      throw new ConfigError(`VIB: the decoder reads the code, so its inputShape must be [${hiddenDim}] (hiddenDim), got [${args.decoder.inputShape.join(', ')}].`);
    }
    const { hiddenDim: _k, encoder, decoder, ...modelArgs } = args;
    super({ ...modelArgs, inputShape: encoder.inputShape, name: args.name ?? 'vib' });
    this.hiddenDim = hiddenDim;
    this.encoder = encoder;
    this.decoder = decoder;
    this.code = new GaussianCode(hiddenDim);
    const encoderLast = encoder.layers[encoder.layers.length - 1];
    this.code.build(encoderLast.outputShape, encoderLast.name, 'code');
    for (const layer of encoder.layers) layer.setScope('encoder');
    for (const layer of decoder.layers) layer.setScope('decoder');
    this.layers.push(...encoder.layers, this.code, ...decoder.layers);
    this.codeIndex = encoder.layers.length;
  }

  /** A VIB is built from its encoder and decoder; layers cannot be added to it. */
  override add(): this {
    throw new ConfigError('VIB: add layers to the encoder or the decoder before creating the VIB; the VIB itself takes no add().');
  }

  override compile(args: VIBCompileArgs = {}): void {
    checkKnownKeys(args, VIB_COMPILE_KEYS, 'compile');
    const { tradeOff, numSamples, covType, ...rest } = args;
    if (tradeOff !== undefined && !(typeof tradeOff === 'number' && Number.isFinite(tradeOff) && tradeOff >= 0)) {
      throw new ConfigError(`compile: tradeOff (β, the weight of the KL term) must be a finite number ≥ 0, got ${quote(tradeOff)}.`);
    }
    if (covType !== undefined && covType !== 'diag') {
      throw new ConfigError(`compile: covType ${quote(covType)} is not offered; use 'diag' (a diagonal Gaussian code, PyGlow's default).`);
    }
    const samples = numSamples === undefined ? 1 : requireInteger(numSamples, 'compile: numSamples');
    super.compile(rest);
    this.tradeOff = tradeOff ?? this.tradeOff;
    this.numSamples = samples;
  }

  override async fitGenerator(train: BatchSource, val: BatchSource | null | undefined, epochs = 1, options: FitGeneratorOptions = {}): Promise<History> {
    const misplaced = ['tradeOff', 'numSamples', 'covType'].filter((key) => options && key in options);
    if (misplaced.length > 0) {
      throw new ConfigError(`fitGenerator: ${misplaced.join(', ')} belong${misplaced.length === 1 ? 's' : ''} in vib.compile({ ... }) (PyGlow passed them to fit_generator).`);
    }
    return super.fitGenerator(train, val, epochs, options);
  }

  /**
   * Class scores for a batch: decoded from the code's mean (default), or
   * averaged over `samples` draws of z (the predictive distribution Alemi et al. report).
   */
  override predict(x: tf.Tensor, options: { samples?: number } = {}): tf.Tensor {
    checkKnownKeys(options, ['samples'], 'predict');
    if (options.samples === undefined) return super.predict(x);
    const samples = requireInteger(options.samples, 'predict: samples');
    return tf.tidy(() => {
      let h = toInternalBatch(x, this.inputShape);
      for (let i = 0; i < this.codeIndex; i++) h = this.layers[i].call(h, false).output;
      const b = h.shape[0];
      let z: tf.Tensor = this.code.sample(this.code.statistics(h), samples);
      for (let i = this.codeIndex + 1; i < this.layers.length; i++) z = this.layers[i].call(z, false).output;
      return tf.mean(tf.reshape(z, [samples, b, -1]), 0);
    });
  }

  /** The code as well as every layer with parameters, unless trackDynamics.layers says otherwise. */
  override trackedLayerIndices(): number[] {
    if (this.trackDynamics?.layers) return super.trackedLayerIndices();
    return this.layers.flatMap((l, i) => (l.hasParameters || i === this.codeIndex ? [i] : []));
  }

  protected override trainable(method: string): Trainable {
    const compiled = this.requireCompiled(method);
    const samples = this.numSamples;
    const beta = this.tradeOff;
    const decode = (z: tf.Tensor, training: boolean) => {
      const outputs: tf.Tensor[] = [];
      let logits = z;
      for (let i = this.codeIndex + 1; i < this.layers.length; i++) {
        const out = this.layers[i].call(z, training);
        outputs.push(out.output);
        logits = out.preActivation;
        z = out.output;
      }
      return { outputs, logits, output: z };
    };
    const objective = (x: tf.Tensor, y: tf.Tensor2D, training: boolean) => {
      const encoded: tf.Tensor[] = [];
      let h = x;
      for (let i = 0; i < this.codeIndex; i++) encoded.push((h = this.layers[i].call(h, training).output));
      const stats = this.code.statistics(h);
      const b = h.shape[0];
      const draws = training ? samples : 1;
      const z = training ? this.code.sample(stats, draws) : stats.mean;
      const decoded = decode(z, training);
      const crossEntropy = compiled.loss(draws === 1 ? y : (tf.tile(y, [draws, 1]) as tf.Tensor2D), { preActivation: decoded.logits, output: decoded.output });
      const loss = tf.add(crossEntropy, tf.mul(beta, klToStandardNormal(stats))) as tf.Scalar;
      // The hooks and the accuracy see one draw per input: the first sample's rows.
      const first = (t: tf.Tensor) => (draws === 1 ? t : tf.slice(t, 0, b));
      const outputs = [...encoded, first(z), ...decoded.outputs.map(first)];
      const output = draws === 1 ? decoded.output : tf.mean(tf.reshape(decoded.output, [draws, b, -1]), 0);
      return { loss, pass: { outputs, logits: first(decoded.logits) }, output };
    };
    return {
      countsAccuracy: compiled.accuracy,
      lossName: `${compiled.lossName} + ${beta}·KL(N(μ, σ²) ‖ N(0, I))`,
      prepareBatch: (x, y) => this.prepareBatch(x, y),
      trainStep: (batch) => gradientStep(compiled.optimizer, this.trainableVariables(), () => objective(batch.x, batch.y, true)),
      evalStep: (batch) => {
        const { loss, output } = objective(batch.x, batch.y, false);
        return { loss, output };
      },
    };
  }
}
