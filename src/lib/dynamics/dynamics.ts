import { guardSnakeCase } from '../pyglowNames';
import { MIME_BUNDLE, type MimeBundle } from '../display';
import {
  DYNAMICS_MIME, DYNAMICS_PAYLOAD_VERSION, type BatchDynamics, type DynamicsPayload, type EpochDynamics, type EvaluatorInfo, type RunStatus,
} from '../../contract/dynamicsPayload';
import type { EpochRecord } from '../progress/events';

/** One row of `toTable()`: a tracked layer's coordinates under one evaluator in one batch. */
export interface DynamicsRow {
  epoch: number;
  batch: number;
  evaluator: string;
  layer: number;
  layerName: string;
  x: number;
  y: number;
}

/** What describes a run of dynamics: its id, layers, evaluators, backend. */
export interface DynamicsRunInfo {
  runId: string;
  backend: string;
  layers: string[];
  evaluators: EvaluatorInfo[];
}

/** A batch's baselines: values [B][L][2] row-major, for the B evaluators listed (indices into info.evaluators). */
export interface BatchBaseline {
  evaluators: readonly number[];
  values: ArrayLike<number>;
}

interface BatchRecord {
  epoch: number;
  batch: number;
  /** [E][L][2], row-major. */
  values: Float32Array;
}

/** Running sums of an epoch's batches, so the per-epoch means cost nothing per update. */
interface EpochSums {
  sum: Float64Array;
  count: number;
}

/**
 * The information-plane coordinates of one training run (PyGlow's
 * `evaluated_dynamics`): for every batch, evaluator and tracked layer, the
 * pair [criterion(H, X), criterion(H, Y)]. Shape [N, B, E, L, 2].
 */
export class Dynamics {
  status: RunStatus = 'running';
  private readonly records: BatchRecord[] = [];
  /**
   * The payload's flat batch arrays, appended to as batches arrive: a live
   * update (several a second while training) then copies them instead of
   * rebuilding them from every record.
   */
  private readonly flat: BatchDynamics = { epoch: [], batch: [], values: [] };
  private readonly sums = new Map<number, EpochSums>();
  private readonly epochRecords = new Map<number, EpochRecord>();
  /** Per epoch, the running sums of the baselines ([E][L][2], NaN-free zeros for evaluators without one) and which evaluators had one. */
  private readonly baselineSums = new Map<number, EpochSums & { evaluators: Set<number> }>();
  private readonly probeMeans = new Map<number, Float32Array>();
  private readonly similarity = new Map<number, (number | null)[][]>();

  constructor(readonly info: DynamicsRunInfo) {}

  get runId(): string {
    return this.info.runId;
  }
  get layers(): string[] {
    return this.info.layers;
  }
  get evaluators(): EvaluatorInfo[] {
    return this.info.evaluators;
  }
  private get cell(): number {
    return this.info.evaluators.length * this.info.layers.length * 2;
  }

  /**
   * Records one batch's coordinates ([E][L][2] row-major) and, optionally, the
   * baselines of some evaluators (values [B][L][2] for the B indices listed).
   */
  addBatch(epoch: number, batch: number, values: ArrayLike<number>, baseline?: BatchBaseline): void {
    if (values.length !== this.cell) {
      throw new RangeError(`Dynamics.addBatch: expected ${this.cell} values ([E=${this.info.evaluators.length}][L=${this.info.layers.length}][2]), got ${values.length}.`);
    }
    const record = { epoch, batch, values: Float32Array.from(values) };
    this.records.push(record);
    this.flat.epoch.push(epoch);
    this.flat.batch.push(batch);
    for (const v of record.values) this.flat.values.push(round(v));
    let sums = this.sums.get(epoch);
    if (!sums) this.sums.set(epoch, (sums = { sum: new Float64Array(this.cell), count: 0 }));
    sums.count += 1;
    for (let i = 0; i < sums.sum.length; i++) sums.sum[i] += record.values[i];
    if (baseline) this.addBaseline(epoch, baseline);
  }

  private addBaseline(epoch: number, baseline: BatchBaseline): void {
    const per = this.info.layers.length * 2;
    if (baseline.values.length !== baseline.evaluators.length * per) {
      throw new RangeError(`Dynamics.addBatch: expected ${baseline.evaluators.length * per} baseline values ([B=${baseline.evaluators.length}][L][2]), got ${baseline.values.length}.`);
    }
    let sums = this.baselineSums.get(epoch);
    if (!sums) this.baselineSums.set(epoch, (sums = { sum: new Float64Array(this.cell), count: 0, evaluators: new Set() }));
    sums.count += 1;
    baseline.evaluators.forEach((e, b) => {
      sums.evaluators.add(e);
      for (let i = 0; i < per; i++) sums.sum[e * per + i] += baseline.values[b * per + i];
    });
  }

  /** The epoch's mean baseline [E][L] of pairs, null for evaluators without one; undefined when none has. */
  private baselineMean(epoch: number): ([number, number] | null)[][] | undefined {
    const sums = this.baselineSums.get(epoch);
    if (!sums) return undefined;
    const { layers, evaluators } = this.info;
    return evaluators.map((_, e) =>
      layers.map((_, l) => {
        if (!sums.evaluators.has(e)) return null;
        const at = (e * layers.length + l) * 2;
        return [round(sums.sum[at] / sums.count), round(sums.sum[at + 1] / sums.count)] as [number, number];
      }),
    );
  }

  /** Records an epoch's training/validation metrics (shown beside the plane). */
  addEpoch(record: EpochRecord): void {
    this.epochRecords.set(record.epoch, record);
  }

  /** Records the coordinates of the fixed probe batch after an epoch ([E][L][2]). */
  addProbe(epoch: number, values: ArrayLike<number>): void {
    this.probeMeans.set(epoch, Float32Array.from(values));
  }

  /** Records the tracked layers' L×L linear CKA on the probe batch after an epoch (null where a layer is constant). */
  addSimilarity(epoch: number, values: (number | null)[][]): void {
    const layers = this.info.layers.length;
    if (values.length !== layers || values.some((row) => row.length !== layers)) {
      throw new RangeError(`Dynamics.addSimilarity: expected an ${layers}×${layers} matrix (one row and column per tracked layer), got ${values.length} row(s).`);
    }
    this.similarity.set(epoch, values.map((row) => row.map((v) => (v === null ? null : round(v)))));
  }

  /** Epoch numbers that have at least one batch, in order. */
  get epochNumbers(): number[] {
    return [...this.sums.keys()].sort((a, b) => a - b);
  }

  /** [N, B, E, L, 2]: B is the most batches any epoch has (an interrupted last epoch has fewer). */
  get shape(): [number, number, number, number, number] {
    const perEpoch = [...this.sums.values()].map((s) => s.count);
    return [perEpoch.length, Math.max(0, ...perEpoch), this.info.evaluators.length, this.info.layers.length, 2];
  }

  /** Nested arrays [N][B][E][L][2] (the last epoch may be shorter). */
  toArray(): number[][][][][] {
    return this.epochNumbers.map((epoch) => this.records.filter((r) => r.epoch === epoch).map((r) => this.unflatten(r.values)));
  }

  /** Averaged over each epoch's batches: [N][E][L][2], what the reference notebook plots. */
  meanOverBatches(): number[][][][] {
    return this.epochNumbers.map((epoch) => this.unflatten(this.epochMean(epoch)));
  }

  /** The probe batch's coordinates per epoch, [N][E][L][2] (empty without a probe). */
  probe(): number[][][][] {
    return [...this.probeMeans.keys()].sort((a, b) => a - b).map((epoch) => this.unflatten(this.probeMeans.get(epoch)!));
  }

  /** One row per (epoch, batch, evaluator, layer): a table indexed by epoch and layer. */
  toTable(): DynamicsRow[] {
    const { evaluators, layers } = this.info;
    const rows: DynamicsRow[] = [];
    for (const r of this.records) {
      evaluators.forEach((ev, e) =>
        layers.forEach((layerName, l) => {
          const at = (e * layers.length + l) * 2;
          rows.push({ epoch: r.epoch, batch: r.batch, evaluator: ev.name, layer: l + 1, layerName, x: r.values[at], y: r.values[at + 1] });
        }),
      );
    }
    return rows;
  }

  /** The table as CSV with a header row, RFC 4180 quoting. */
  toCSV(): string {
    const header = 'epoch,batch,evaluator,layer,layerName,x,y';
    const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = this.toTable().map((r) => [r.epoch, r.batch, quote(r.evaluator), r.layer, quote(r.layerName), r.x, r.y].join(','));
    return `${[header, ...lines].join('\n')}\n`;
  }

  /**
   * Everything recorded: the per-batch rows, each epoch's metrics (`epochs`),
   * and each epoch's means with what is only kept per epoch (`perEpoch`: the
   * permutation baselines and the CKA map, as in the payload).
   */
  toJSON(): { info: DynamicsRunInfo; status: RunStatus; shape: number[]; rows: DynamicsRow[]; epochs: EpochRecord[]; perEpoch: EpochDynamics[] } {
    return { info: this.info, status: this.status, shape: this.shape, rows: this.toTable(), epochs: [...this.epochRecords.values()], perEpoch: this.toPayload({ includeBatches: false }).epochs };
  }

  /** The renderer's payload (application/vnd.ibnb.dynamics+json). */
  toPayload(options: { includeBatches?: boolean } = {}): DynamicsPayload {
    const epochs: EpochDynamics[] = this.epochNumbers.map((epoch) => {
      const record = this.epochRecords.get(epoch);
      const entry: EpochDynamics = {
        epoch,
        loss: record?.loss ?? NaN,
        accuracy: record?.accuracy ?? NaN,
        ...(record?.valLoss !== undefined ? { valLoss: record.valLoss } : {}),
        ...(record?.valAccuracy !== undefined ? { valAccuracy: record.valAccuracy } : {}),
        mean: this.unflatten(this.epochMean(epoch)) as [number, number][][],
        ...(this.similarity.has(epoch) ? { cka: this.similarity.get(epoch)!.map((row) => row.slice()) } : {}),
      };
      const baseline = this.baselineMean(epoch);
      return baseline ? { ...entry, baseline } : entry;
    });
    const payload: DynamicsPayload = {
      version: DYNAMICS_PAYLOAD_VERSION,
      runId: this.info.runId,
      status: this.status,
      backend: this.info.backend,
      layers: this.info.layers,
      evaluators: this.info.evaluators,
      epochs: epochs.map((e) => jsonSafe(e)),
    };
    if (options.includeBatches ?? true) {
      // Copies: the payload is a snapshot, while the arrays keep growing.
      payload.batches = { epoch: this.flat.epoch.slice(), batch: this.flat.batch.slice(), values: this.flat.values.slice() };
    }
    return payload;
  }

  [MIME_BUNDLE](): MimeBundle {
    const [n, b, e, l] = this.shape;
    return {
      [DYNAMICS_MIME]: this.toPayload(),
      'text/plain': `Dynamics of run ${this.runId}: ${n} epochs × ${b} batches × ${e} evaluators × ${l} layers (${this.status})`,
    };
  }

  private epochMean(epoch: number): Float32Array {
    const sums = this.sums.get(epoch);
    if (!sums) return new Float32Array(this.cell).fill(NaN);
    return Float32Array.from(sums.sum, (v) => v / sums.count);
  }

  private unflatten(values: ArrayLike<number>): number[][][] {
    const { evaluators, layers } = this.info;
    return evaluators.map((_, e) => layers.map((_, l) => [values[(e * layers.length + l) * 2], values[(e * layers.length + l) * 2 + 1]]));
  }
}

/** Seven significant digits: float32 precision, and half the JSON of a full double. */
function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(7)) : v;
}

/** JSON has no NaN: metrics that do not exist (accuracy off) become absent-safe nulls. */
function jsonSafe(e: EpochDynamics): EpochDynamics {
  return {
    ...e,
    loss: Number.isFinite(e.loss) ? e.loss : null,
    accuracy: Number.isFinite(e.accuracy) ? e.accuracy : null,
  };
}

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(Dynamics.prototype);
