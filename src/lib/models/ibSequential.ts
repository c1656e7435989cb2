import { quote } from '../options';
import { tf } from '../tf';
import { ConfigError } from '../errors';
import { Estimator } from '../estimators/estimator';
import { Dynamics } from '../dynamics/dynamics';
import { DynamicsTracker, type ProbeBatch, evaluateSegment, segmentOf } from '../dynamics/tracker';
import { ckaInnerProducts } from '../dynamics/cka';
import { type RunConfig, RunFileWriter, runFilePath } from '../dynamics/runFile';
import { currentBackend } from '../backend/backends';
import { sizeOf } from '../layers/shapes';
import { Sequential, type SequentialArgs } from './sequential';
import type { TrainingHooks } from './trainingHooks';

/** Which layers and which target the information plane tracks. */
export interface TrackDynamicsArgs {
  /** Y of the plane: the one-hot labels (default) or the network's predictions (PyGlow's reading). */
  target?: 'labels' | 'predictions';
  /** Layers to track, by name or index (default: every layer with parameters, output layer included). */
  layers?: (string | number)[];
  /** A fixed held-out batch evaluated after every epoch, besides the per-batch training coordinates. */
  probe?: ProbeBatch;
}

export interface IBSequentialArgs extends SequentialArgs {
  /** Track each layer's information-plane coordinates while training (true, or the details). */
  trackDynamics?: boolean | TrackDynamicsArgs;
  /** Append every batch's coordinates to a run file as they are computed: true (a file under ./ibnb-runs), a folder, or a `.jsonl` path. */
  saveDynamics?: boolean | string;
}

/**
 * A Sequential model that tracks training dynamics: attach estimators (e.g.
 * HSIC) and every training batch yields, per tracked layer, the coordinates
 * [criterion(H, X), criterion(H, Y)], in `evaluatedDynamics`.
 */
export class IBSequential extends Sequential {
  readonly trackDynamics: TrackDynamicsArgs | undefined;
  readonly saveDynamics: string | boolean;
  /** The dynamics of the latest training run (undefined before one with evaluators). */
  evaluatedDynamics: Dynamics | undefined;
  private readonly evaluators: Estimator[] = [];
  /** Path of the latest run file, when saveDynamics is on. */
  lastRunFile: string | undefined;
  /** The configuration of the latest tracked run (what its run file's "run" line holds): compareRuns groups by it. */
  lastRunConfig: RunConfig | undefined;

  constructor(args: IBSequentialArgs) {
    super(args);
    const track = args.trackDynamics;
    if (track !== undefined && typeof track !== 'boolean' && (typeof track !== 'object' || track === null)) {
      throw new ConfigError(`IBSequential: trackDynamics must be true, false or { target, layers, probe }, got ${quote(track)}.`);
    }
    if (typeof track === 'object' && track.target !== undefined && track.target !== 'labels' && track.target !== 'predictions') {
      throw new ConfigError(`IBSequential: trackDynamics.target must be 'labels' or 'predictions', got ${quote(track.target)}.`);
    }
    this.trackDynamics = track === true ? {} : track || undefined;
    const save = args.saveDynamics ?? false;
    if (typeof save !== 'boolean' && (typeof save !== 'string' || save.trim() === '')) {
      throw new ConfigError(`IBSequential: saveDynamics must be true, false or a file path, got ${quote(save)}.`);
    }
    this.saveDynamics = save;
  }

  /** The attached evaluators, in order. */
  get attachedEvaluators(): readonly Estimator[] {
    return this.evaluators;
  }

  /**
   * Adds an estimator whose coordinates are computed for every tracked layer
   * on every training batch. Returns nothing (as PyGlow's attach_evaluator),
   * so a notebook cell ending with it shows no output.
   */
  attachEvaluator(estimator: Estimator): void {
    if (!this.trackDynamics) {
      throw new ConfigError('attachEvaluator needs dynamics tracking: create the model with new IBSequential({ inputShape, trackDynamics: true }).');
    }
    if (!(estimator instanceof Estimator)) {
      throw new ConfigError('attachEvaluator takes an estimator such as new HSIC({ kernel: \'gaussian\', sigma: 5 }) or an instance of a subclass of Estimator.');
    }
    if (typeof estimator.name !== 'string' || estimator.name === '') {
      throw new ConfigError(`attachEvaluator: the estimator ${estimator.constructor.name} has no name; give its class a \`name\` property.`);
    }
    if ('eval_dynamics_segment' in estimator) {
      throw new ConfigError(
        `attachEvaluator: ${estimator.constructor.name} defines eval_dynamics_segment (PyGlow's name); in ibnb the method is evalDynamicsSegment(segment): rename it.`,
      );
    }
    if (this.evaluators.includes(estimator)) throw new ConfigError(`attachEvaluator: this ${estimator.name} estimator is already attached.`);
    this.evaluators.push(estimator);
  }

  /** Removes an attached estimator (the object, its index, or its name when unambiguous); returns it. */
  detachEvaluator(which: Estimator | number | string): Estimator {
    const index =
      typeof which === 'number' ? which : typeof which === 'string' ? this.evaluators.findIndex((e) => e.name === which) : this.evaluators.indexOf(which);
    if (typeof which === 'string' && this.evaluators.filter((e) => e.name === which).length > 1) {
      throw new ConfigError(`detachEvaluator: several attached estimators are named '${which}'; pass the object or its index.`);
    }
    if (index < 0 || index >= this.evaluators.length || !Number.isInteger(index)) {
      throw new ConfigError(`detachEvaluator: no such evaluator (${typeof which === 'object' ? which.name : which}); attached: ${this.evaluators.map((e, i) => `${i}: ${e.name}`).join(', ') || 'none'}.`);
    }
    return this.evaluators.splice(index, 1)[0];
  }

  /** Indices of the tracked layers: those with parameters (default), or the ones `trackDynamics.layers` names. */
  trackedLayerIndices(): number[] {
    const chosen = this.trackDynamics?.layers;
    if (!chosen) return this.layers.flatMap((l, i) => (l.hasParameters ? [i] : []));
    return chosen.map((ref) => {
      const index = typeof ref === 'number' ? ref : this.layers.findIndex((l) => l.name === ref);
      if (!Number.isInteger(index) || index < 0 || index >= this.layers.length) {
        throw new ConfigError(`trackDynamics.layers: no layer ${JSON.stringify(ref)}; the layers are ${this.layers.map((l, i) => `${i}: ${l.name}`).join(', ')}.`);
      }
      return index;
    });
  }

  protected override trainingHooks(run: { runId: string; epochs: number; lossName: string }): TrainingHooks | undefined {
    if (!this.trackDynamics || this.evaluators.length === 0) return undefined;
    const layerIndices = this.trackedLayerIndices();
    const target = this.trackDynamics.target ?? 'labels';
    let writer: RunFileWriter | undefined;
    if (this.saveDynamics) {
      this.lastRunFile = runFilePath(this.saveDynamics === true ? true : this.saveDynamics, run.runId);
      writer = new RunFileWriter(this.lastRunFile);
    }
    const compiled = this.requireCompiled('fit');
    const evaluators = [...this.evaluators];
    const config: RunConfig = {
      model: { name: this.name, inputShape: this.inputShape, layers: this.summaryRows() },
      optimizer: compiled.optimizerName,
      loss: run.lossName,
      target,
      epochs: run.epochs,
    };
    this.lastRunConfig = config;
    const tracker = new DynamicsTracker(
      {
        runId: run.runId,
        evaluators,
        layerIndices,
        layerNames: layerIndices.map((i) => this.layers[i].name),
        target,
        writer,
        config,
        probe: this.trackDynamics.probe ? () => this.probeCoordinates(this.trackDynamics!.probe!, evaluators, layerIndices, target) : undefined,
        similarityOf: (x) =>
          tf.tidy(() => {
            const pass = this.forward(x, false);
            return ckaInnerProducts(layerIndices.map((i) => pass.outputs[i]));
          }),
      },
      sizeOf(this.inputShape),
      currentBackend()?.name ?? 'unknown',
    );
    this.evaluatedDynamics = tracker.dynamics;
    return tracker;
  }

  /** The probe's coordinates, then its CKA inner products and ranges, from one forward pass in evaluation mode. */
  private probeCoordinates(probe: ProbeBatch, evaluators: Estimator[], layerIndices: number[], target: 'labels' | 'predictions'): tf.Tensor {
    return tf.tidy(() => {
      const { x, y } = this.prepareBatch(probe.x, probe.y);
      const pass = this.forward(x, false);
      const coordinates = evaluateSegment(evaluators, segmentOf({ x, y, pass }, layerIndices, target, sizeOf(this.inputShape)));
      return tf.concat([tf.reshape(coordinates, [-1]), ckaInnerProducts(layerIndices.map((i) => pass.outputs[i]))]);
    });
  }
}
