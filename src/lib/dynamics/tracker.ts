import { tf } from '../tf';
import { type Estimator, type DynamicsSegment, coordinatesTensor, makeSegment } from '../estimators/estimator';
import { assertFiniteDynamics } from '../estimators/finiteDynamics';
import type { EpochRecord } from '../progress/events';
import type { HookBatch, TrainingHooks } from '../models/trainingHooks';
import { Dynamics } from './dynamics';
import type { DynamicsPayload, EvaluatorInfo, RunStatus } from '../../contract/dynamicsPayload';
import { type RunConfig, RunFileWriter } from './runFile';
import { ckaFromInnerProducts } from './cka';

/** A fixed held-out batch whose coordinates are computed after every epoch (comparable across epochs). */
export interface ProbeBatch {
  /** Inputs [m, ...inputShape], channels first. */
  x: tf.Tensor;
  /** Integer labels [m] or one-hot [m, k]. */
  y: tf.Tensor;
}

export interface TrackerArgs {
  runId: string;
  evaluators: readonly Estimator[];
  /** Indices (into the model's layers) of the tracked layers, and their names. */
  layerIndices: number[];
  layerNames: string[];
  target: 'labels' | 'predictions';
  /** Open run file to append to, when saveDynamics is on. */
  writer?: RunFileWriter;
  config: RunConfig;
  /**
   * One forward pass of the probe in evaluation mode: its [E·L·2] coordinates,
   * then the tracked layers' CKA inner products and ranges ([L·L + L], see
   * ckaInnerProducts), flat; undefined without a probe.
   */
  probe?: () => tf.Tensor;
  /**
   * Without a probe: the [L·L + L] CKA inner products and ranges of a
   * (channels-last, prepared) batch, from a forward pass in evaluation mode.
   */
  similarityOf?: (x: tf.Tensor) => tf.Tensor;
}

/** Builds the estimators' segment from a forward pass: X flattened, each tracked H flattened, Y. */
export function segmentOf(batch: HookBatch, layerIndices: number[], target: 'labels' | 'predictions', inputShapeSize: number): DynamicsSegment {
  const m = batch.x.shape[0];
  const outputs = batch.pass.outputs;
  return makeSegment(
    tf.reshape(batch.x, [m, inputShapeSize]) as tf.Tensor2D,
    layerIndices.map((i) => tf.reshape(outputs[i], [m, -1]) as tf.Tensor2D),
    target === 'labels' ? batch.y : (tf.reshape(outputs[outputs.length - 1], [m, -1]) as tf.Tensor2D),
  );
}

/** Every evaluator on one segment: an [E, L, 2] tensor. Call inside tf.tidy. */
export function evaluateSegment(evaluators: readonly Estimator[], segment: DynamicsSegment): tf.Tensor {
  try {
    return tf.stack(evaluators.map((e) => coordinatesTensor(e.evalDynamicsSegment(segment), segment.hidden.length, e.name)));
  } finally {
    for (const t of segment.memo.values()) t.dispose();
    segment.memo.clear();
  }
}

/**
 * Every evaluator's coordinates ([E, L, 2]) and, in the same pass (before the
 * batch's memo is disposed, so a baseline can reuse the kernel forms), the
 * baselines of those that have one ([B, L, 2], B = evaluators.length of
 * `withBaseline`, or undefined when none has). Call inside tf.tidy.
 */
export function evaluateSegmentWithBaselines(
  evaluators: readonly Estimator[],
  segment: DynamicsSegment,
): { coordinates: tf.Tensor; baselines: tf.Tensor | undefined; withBaseline: number[] } {
  try {
    const layers = segment.hidden.length;
    const coordinates = tf.stack(evaluators.map((e) => coordinatesTensor(e.evalDynamicsSegment(segment), layers, e.name)));
    const withBaseline: number[] = [];
    const rows: tf.Tensor[] = [];
    evaluators.forEach((e, i) => {
      const b = e.evalBaselineSegment(segment);
      if (b === undefined) return;
      withBaseline.push(i);
      rows.push(coordinatesTensor(b, layers, `${e.name} (baseline)`));
    });
    return { coordinates, baselines: rows.length ? tf.stack(rows) : undefined, withBaseline };
  } finally {
    for (const t of segment.memo.values()) t.dispose();
    segment.memo.clear();
  }
}

/**
 * The dynamics side of IBSequential's training loop: per batch, every
 * attached evaluator's coordinates for every tracked layer, computed on the
 * backend in use and read back with the loss; stored in a Dynamics and,
 * with saveDynamics, appended to the run file at once.
 */
export class DynamicsTracker implements TrainingHooks {
  readonly dynamics: Dynamics;
  private readonly minBatchSize: number;

  constructor(private readonly args: TrackerArgs, private readonly inputSize: number, backend: string) {
    const evaluators: EvaluatorInfo[] = args.evaluators.map((e) => ({ name: e.name, params: e.params, xLabel: e.xLabel, yLabel: e.yLabel, description: e.describe() }));
    this.dynamics = new Dynamics({ runId: args.runId, backend, layers: args.layerNames, evaluators });
    this.minBatchSize = Math.max(1, ...args.evaluators.map((e) => e.minBatchSize));
  }

  runStarted(run: { backend: string; batchesPerEpoch?: number }): void {
    this.dynamics.info.backend = run.backend;
    this.args.writer?.start(this.dynamics.info, { ...this.args.config, batchesPerEpoch: run.batchesPerEpoch });
  }

  /** Which evaluators gave a baseline in the batch batchExtras last built (batchDone reads its layout). */
  private withBaseline: number[] = [];

  /**
   * The [E, L, 2] coordinates, then each tracked layer's range (max − min over
   * the batch), then the [B, L, 2] baselines of the B evaluators that have one,
   * read back together: a baseline adds no sync.
   */
  batchExtras(batch: HookBatch): tf.Tensor | undefined {
    // Without a user probe, the run's first training batch is the probe of the CKA maps: a copy is kept
    // (called inside tf.tidy, hence tf.keep) and disposed at the run's end. Only x: CKA compares the layers'
    // representations of the inputs and needs no labels.
    if (!this.args.probe && this.args.similarityOf && !this.firstBatch) this.firstBatch = tf.keep(tf.clone(batch.x));
    // A batch too small for an estimator (e.g. the last one) is left out of the dynamics rather than stored as NaN.
    if (batch.x.shape[0] < this.minBatchSize) return undefined;
    const segment = segmentOf(batch, this.args.layerIndices, this.args.target, this.inputSize);
    const ranges = tf.stack(segment.hidden.map((h) => tf.sub(tf.max(h), tf.min(h))));
    const { coordinates, baselines, withBaseline } = evaluateSegmentWithBaselines(this.args.evaluators, segment);
    this.withBaseline = withBaseline;
    const parts = [tf.reshape(coordinates, [-1]), ranges];
    if (baselines) parts.push(tf.reshape(baselines, [-1]));
    return tf.concat(parts);
  }

  batchDone(step: { epoch: number; batch: number }, extras: Float32Array | undefined): void {
    if (!extras) return;
    const layers = this.args.layerIndices.length;
    const coordinates = extras.subarray(0, this.args.evaluators.length * layers * 2);
    this.args.evaluators.forEach((e, i) => assertFiniteDynamics(coordinates.subarray(i * layers * 2, (i + 1) * layers * 2), e, this.args.layerNames));
    this.warnAboutConstantLayers(step, extras.subarray(coordinates.length, coordinates.length + layers));
    const baselines = extras.subarray(coordinates.length + layers);
    const baseline = this.withBaseline.length ? { evaluators: this.withBaseline, values: baselines } : undefined;
    this.dynamics.addBatch(step.epoch, step.batch, coordinates, baseline);
    this.args.writer?.batch(this.args.runId, step.epoch, step.batch, coordinates, baseline);
  }

  private readonly constantLayersSeen = new Set<number>();
  /** The first training batch's inputs, the CKA probe when the user gave none. */
  private firstBatch: tf.Tensor | undefined;

  /**
   * A layer whose output is the same for every sample and unit (dead ReLUs, a
   * collapsed representation) depends on nothing: every estimator gives 0
   * (or noise around it) by construction, which reads like perfect
   * compression on the plane. Said once per layer and run, where it happens.
   */
  private warnAboutConstantLayers(step: { epoch: number; batch: number }, ranges: Float32Array): void {
    ranges.forEach((range, l) => {
      if (range !== 0 || this.constantLayersSeen.has(l)) return;
      this.constantLayersSeen.add(l);
      console.warn(
        `ibnb: layer '${this.args.layerNames[l]}' gave the same output for every sample and unit in epoch ${step.epoch}, batch ${step.batch} ` +
          '(dead ReLUs? a learning rate too high?): its coordinates there are 0 by construction, not a measured compression.',
      );
    });
  }

  async epochEnded(record: EpochRecord): Promise<void> {
    this.dynamics.addEpoch(record);
    this.args.writer?.epoch(this.args.runId, record);
    const layers = this.args.layerIndices.length;
    if (this.args.probe) {
      const values = this.args.probe();
      try {
        // Asynchronous: a GPU backend cannot read synchronously in Node.
        const read = (await values.data()) as Float32Array;
        const coordinates = this.args.evaluators.length * layers * 2;
        const probe = read.subarray(0, coordinates);
        const cka = ckaFromInnerProducts(read.subarray(coordinates), layers);
        this.dynamics.addProbe(record.epoch, probe);
        this.dynamics.addSimilarity(record.epoch, cka);
        this.args.writer?.probe(this.args.runId, record.epoch, probe);
        this.args.writer?.similarity(this.args.runId, record.epoch, cka);
      } finally {
        values.dispose();
      }
    } else if (this.args.similarityOf && this.firstBatch) {
      const values = this.args.similarityOf(this.firstBatch);
      try {
        const cka = ckaFromInnerProducts(await values.data(), layers);
        this.dynamics.addSimilarity(record.epoch, cka);
        this.args.writer?.similarity(this.args.runId, record.epoch, cka);
      } finally {
        values.dispose();
      }
    }
  }

  runEnded(status: RunStatus): void {
    this.firstBatch?.dispose();
    this.firstBatch = undefined;
    this.dynamics.status = status;
    this.args.writer?.end(this.args.runId, status);
  }

  payload(): DynamicsPayload {
    return this.dynamics.toPayload();
  }
}
