/**
 * Batches over samples held in memory. Batches are built lazily, one per
 * step, so only the current batch lives as tensors.
 */
import { guardSnakeCase } from '../pyglowNames';
import { tf } from '../tf';
import { ConfigError, DatasetError } from '../errors';
import { checkBoolean, checkPositiveInteger, checkSeed } from './args';
import { checkKnownKeys } from '../options';
import { mixSeeds, mulberry32, randomSeed, range, shuffleInPlace } from './random';

/**
 * One training step's data. The consumer owns (and must dispose) both tensors.
 * Read it as `{ x, y }` or, the PyTorch way, as a pair: `const [x, y] = batch`.
 */
export interface Batch extends Iterable<tf.Tensor> {
  /** Samples, float32, shape [b, ...sampleShape]. */
  x: tf.Tensor;
  /** One-hot labels, float32, shape [b, numClasses]. */
  y: tf.Tensor2D;
}

/** A batch that destructures as `[x, y]` too (the iterator is not enumerable, so `{ ...batch }` stays { x, y }). */
export function makeBatch(x: tf.Tensor, y: tf.Tensor2D): Batch {
  const batch = { x, y } as Batch;
  Object.defineProperty(batch, Symbol.iterator, {
    enumerable: false,
    value: function* (this: Batch) {
      yield this.x;
      yield this.y;
    },
  });
  return batch;
}

/**
 * A data set split that yields one epoch of batches per loop, either way:
 * `for (const [x, y] of loader)` (PyTorch's DataLoader) or
 * `for await (const { x, y } of loader)`. Each loop starts the next epoch.
 */
export interface Loader extends AsyncIterable<Batch>, Iterable<Batch> {
  /** Batches per epoch. */
  readonly length: number;
  /** Samples per epoch. */
  readonly size: number;
  /** Samples per batch (the last batch may be smaller unless dropLast). */
  readonly batchSize: number;
  /** Shape of one sample, without the batch dimension. */
  readonly sampleShape: number[];
  /** Number of classes, the width of each one-hot label. */
  readonly numClasses: number;
}

/** Maps each stored value v to ((v / divideBy) − mean) / std when a batch is built. */
export interface Normalization {
  /** Divisor applied first, e.g. 255 for image bytes. */
  divideBy: number;
  /** Subtracted after dividing. */
  mean: number;
  /** Divides the centred value. */
  std: number;
}

/** The samples an ArrayLoader serves. */
export interface ArrayLoaderData {
  /** All samples back to back, sample-major; bytes stay bytes in memory until batched. */
  x: Float32Array | Uint8Array;
  /** Class index of each sample in x, integers in [0, numClasses). */
  labels: ArrayLike<number>;
  /** Shape of one sample; its product times the sample count is x.length. */
  sampleShape: number[];
  /** Number of classes. */
  numClasses: number;
  /** Which samples of x to serve, in this order (default: all); lets splits share one buffer. */
  indices?: Uint32Array;
  /** Applied per value when batching (default: none). */
  normalize?: Normalization;
}

/** How an ArrayLoader batches. */
export interface ArrayLoaderArgs {
  /** Samples per batch, a positive integer. */
  batchSize: number;
  /** Reorder the samples every epoch (default true). */
  shuffle?: boolean;
  /** Makes the shuffles reproducible: epoch k is shuffled by a PRNG seeded from (seed, k); absent: random. */
  seed?: number;
  /** Skip the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Accept zero samples (e.g. validationSplit 0); iterating then yields nothing (default false). */
  allowEmpty?: boolean;
  /** Names the loader in error messages (default 'ArrayLoader'). */
  name?: string;
}

const ARG_KEYS = ['batchSize', 'shuffle', 'seed', 'dropLast', 'allowEmpty', 'name'] as const;

export class ArrayLoader implements Loader {
  readonly size: number;
  readonly batchSize: number;
  readonly sampleShape: number[];
  readonly numClasses: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly x: Float32Array | Uint8Array;
  private readonly labels: ArrayLike<number>;
  private readonly indices: Uint32Array;
  private readonly sampleSize: number;
  private readonly lookup: Float32Array | undefined;
  private readonly normalize: Normalization | undefined;
  private readonly baseSeed: number;
  private nextEpoch = 0;

  constructor(data: ArrayLoaderData, options: ArrayLoaderArgs) {
    // Plain JavaScript callers may omit the options; the batchSize check then explains.
    const args: Partial<ArrayLoaderArgs> = options ?? {};
    const owner = args.name ?? 'ArrayLoader';
    checkKnownKeys(args, ARG_KEYS, owner);
    this.batchSize = checkPositiveInteger(args.batchSize, 'batchSize', owner);
    this.shuffle = checkBoolean(args.shuffle, 'shuffle', owner) ?? true;
    this.dropLast = checkBoolean(args.dropLast, 'dropLast', owner) ?? false;
    const seed = checkSeed(args.seed, owner);
    this.baseSeed = seed ?? randomSeed();

    this.sampleShape = [...data.sampleShape];
    if (this.sampleShape.length === 0 || this.sampleShape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
      throw new ConfigError(`${owner}: sampleShape must be a non-empty list of positive integers, got [${this.sampleShape.join(', ')}].`);
    }
    this.numClasses = checkPositiveInteger(data.numClasses, 'numClasses', owner);
    this.sampleSize = this.sampleShape.reduce((a, b) => a * b, 1);
    if (data.x.length % this.sampleSize !== 0) {
      throw new ConfigError(
        `${owner}: x holds ${data.x.length} values, not a whole number of samples of shape [${this.sampleShape.join(', ')}] ` +
          `(${this.sampleSize} values each). Check sampleShape.`,
      );
    }
    const stored = data.x.length / this.sampleSize;
    if (data.labels.length !== stored) {
      throw new ConfigError(`${owner}: x holds ${stored} samples but labels has ${data.labels.length}. Pass one label per sample.`);
    }
    this.indices = data.indices ?? range(stored);
    for (const i of this.indices) {
      if (i >= stored) throw new ConfigError(`${owner}: index ${i} is out of range; x holds ${stored} samples.`);
      const label = data.labels[i]!;
      if (!Number.isInteger(label) || label < 0 || label >= this.numClasses) {
        throw new ConfigError(
          `${owner}: sample ${i} has label ${label}, not an integer in [0, ${this.numClasses}). Fix the labels or raise numClasses.`,
        );
      }
    }
    this.size = this.indices.length;
    if (this.size === 0 && !args.allowEmpty) {
      throw new DatasetError(`${owner}: there are no samples to load. Pass at least one sample (check limit and validationSplit).`);
    }
    this.x = data.x;
    this.labels = data.labels;
    this.normalize = data.normalize;
    // A 256-entry table turns byte normalization into one lookup per value.
    this.lookup = data.normalize && data.x instanceof Uint8Array ? byteTable(data.normalize) : undefined;
  }

  get length(): number {
    return this.dropLast ? Math.floor(this.size / this.batchSize) : Math.ceil(this.size / this.batchSize);
  }

  /** Starts the next epoch: the first `for await` is epoch 0, the next epoch 1, and so on. */
  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    return this.epoch(this.nextEpoch++);
  }

  /** The next epoch, synchronously: `for (const [x, y] of loader)`, as with a PyTorch DataLoader. */
  [Symbol.iterator](): Iterator<Batch> {
    return this.epochBatches(this.nextEpoch++);
  }

  /** The batches of epoch `k` (its shuffle depends only on seed and k). */
  async *epoch(k: number): AsyncGenerator<Batch, void, undefined> {
    yield* this.epochBatches(k);
  }

  private *epochBatches(k: number): Generator<Batch, void, undefined> {
    const order = this.order(k);
    for (let b = 0; b < this.length; b++) {
      const picked = order.subarray(b * this.batchSize, Math.min((b + 1) * this.batchSize, this.size));
      yield this.makeBatch(picked);
    }
  }

  /** The sample order of epoch `k`, as indices into the stored samples. */
  order(k: number): Uint32Array {
    const order = Uint32Array.from(this.indices);
    return this.shuffle ? shuffleInPlace(order, mulberry32(mixSeeds(this.baseSeed, k))) : order;
  }

  private makeBatch(picked: Uint32Array): Batch {
    const n = picked.length;
    const xs = new Float32Array(n * this.sampleSize);
    const ys = new Float32Array(n * this.numClasses);
    for (let row = 0; row < n; row++) {
      const sample = picked[row]!;
      const from = sample * this.sampleSize;
      const to = row * this.sampleSize;
      if (this.lookup) {
        const table = this.lookup;
        for (let j = 0; j < this.sampleSize; j++) xs[to + j] = table[this.x[from + j]!]!;
      } else if (this.normalize) {
        const { divideBy, mean, std } = this.normalize;
        for (let j = 0; j < this.sampleSize; j++) xs[to + j] = (this.x[from + j]! / divideBy - mean) / std;
      } else {
        xs.set(this.x.subarray(from, from + this.sampleSize), to);
      }
      ys[row * this.numClasses + this.labels[sample]!] = 1;
    }
    return makeBatch(tf.tensor(xs, [n, ...this.sampleShape], 'float32'), tf.tensor2d(ys, [n, this.numClasses], 'float32'));
  }
}

function byteTable({ divideBy, mean, std }: Normalization): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = (v / divideBy - mean) / std;
  return table;
}

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(ArrayLoader.prototype);
