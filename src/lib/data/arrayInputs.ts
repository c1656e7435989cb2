/**
 * Turns the sample and label forms fromArrays accepts (tensors, nested
 * arrays, flat arrays with a shape) into flat typed arrays.
 */
import { tf } from '../tf';
import { ConfigError } from '../errors';

/** A number or an arbitrarily nested array of numbers. */
export type NestedNumbers = number | readonly NestedNumbers[];

/** Values stored flat, row-major, with the full shape [samples, ...sampleShape]. */
export interface ShapedArray {
  /** The values, row-major. */
  data: Float32Array;
  /** The full shape; its first entry is the number of samples. */
  shape: number[];
}

/**
 * Samples: a tensor, nested arrays, a flat Float32Array with its shape (the
 * first axis counts samples), or a bare Float32Array of equal-sized samples.
 */
export type SamplesInput = tf.Tensor | ShapedArray | Float32Array | readonly NestedNumbers[];

/** Labels: integer class indices (1-D) or one-hot rows (2-D). */
export type LabelsInput = tf.Tensor | ArrayLike<number> | readonly (readonly number[])[];

/** Samples as one flat float32 buffer. */
export interface FlatSamples {
  /** The values, sample-major. */
  values: Float32Array;
  /** Number of samples. */
  count: number;
  /** Shape of one sample ([1] for scalar samples). */
  sampleShape: number[];
}

/** Labels as class indices. */
export interface FlatLabels {
  /** One class index per sample. */
  labels: Int32Array;
  /** The one-hot width when y was one-hot; undefined for integer labels. */
  oneHotWidth: number | undefined;
}

/**
 * A bare Float32Array has no shape: it is cut into `count` samples of shape
 * `sampleShape`, or of [x.length / count] (flat feature vectors) without one.
 */
export function flattenSamples(x: SamplesInput, count: number, sampleShape?: number[]): FlatSamples {
  let values: Float32Array;
  let shape: number[];
  if (x instanceof Float32Array) {
    const size = sampleShape ? sampleShape.reduce((a, b) => a * b, 1) : count > 0 ? x.length / count : 0;
    if (count === 0 || !Number.isInteger(size) || size < 1 || size * count !== x.length) {
      throw new ConfigError(
        `fromArrays: x is a Float32Array of ${x.length} values, which does not split into ${count} samples (one per label)` +
          (sampleShape ? ` of shape [${sampleShape.join(', ')}]` : '') +
          '. Check the labels, or pass { data, shape: [n, ...sampleShape] } as x.',
      );
    }
    values = x;
    shape = [count, ...(sampleShape ?? [size])];
  } else if (x instanceof tf.Tensor) {
    const data = x.dataSync();
    values = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    shape = x.shape;
  } else if (isShapedArray(x)) {
    shape = [...x.shape];
    const expected = shape.reduce((a, b) => a * b, 1);
    if (!(x.data instanceof Float32Array) || x.data.length !== expected) {
      throw new ConfigError(
        `fromArrays: x.data must be a Float32Array of ${expected} values for shape [${shape.join(', ')}], got ${describe(x.data)}.`,
      );
    }
    values = x.data;
  } else if (Array.isArray(x)) {
    ({ values, shape } = flattenNested(x, 'x'));
  } else {
    throw new ConfigError(
      `fromArrays: x must be a tf.Tensor, nested number arrays, a Float32Array, or { data: Float32Array, shape: [n, ...] }; got ${describe(x)}.`,
    );
  }
  if (shape.length === 0 || shape[0] === 0) {
    throw new ConfigError(`fromArrays: x has no samples (shape [${shape.join(', ')}]). Pass at least one sample.`);
  }
  return { values, count: shape[0]!, sampleShape: shape.length === 1 ? [1] : shape.slice(1) };
}

export function flattenLabels(y: LabelsInput): FlatLabels {
  let values: ArrayLike<number>;
  let shape: number[];
  if (y instanceof tf.Tensor) {
    values = y.dataSync() as ArrayLike<number>;
    shape = y.shape;
  } else if (Array.isArray(y) && y.length > 0 && Array.isArray(y[0])) {
    ({ values, shape } = flattenNested(y as readonly NestedNumbers[], 'y'));
  } else if (isArrayLike(y)) {
    values = y;
    shape = [y.length];
  } else {
    throw new ConfigError(`fromArrays: y must be a tf.Tensor, an array of class indices or of one-hot rows; got ${describe(y)}.`);
  }
  if (shape.length === 1) {
    const labels = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < 0) {
        throw new ConfigError(`fromArrays: y[${i}] is ${v}; integer labels must be class indices 0, 1, 2, …. Fix the labels.`);
      }
      labels[i] = v;
    }
    return { labels, oneHotWidth: undefined };
  }
  if (shape.length === 2) return { labels: oneHotToIndices(values, shape[0]!, shape[1]!), oneHotWidth: shape[1]! };
  throw new ConfigError(
    `fromArrays: y has shape [${shape.join(', ')}]; pass class indices (shape [n]) or one-hot rows (shape [n, numClasses]).`,
  );
}

function oneHotToIndices(values: ArrayLike<number>, rows: number, width: number): Int32Array {
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let hot = -1;
    for (let c = 0; c < width; c++) {
      const v = values[r * width + c]!;
      if (v === 1 && hot === -1) hot = c;
      else if (v !== 0) {
        hot = -2;
        break;
      }
    }
    if (hot < 0) {
      throw new ConfigError(
        `fromArrays: y row ${r} is not one-hot (exactly one 1, the rest 0). Soft labels are not supported; pass class indices instead.`,
      );
    }
    labels[r] = hot;
  }
  return labels;
}

/** Flattens a rectangular nested array; ragged or non-numeric input is a ConfigError. */
function flattenNested(input: readonly NestedNumbers[], name: string): { values: Float32Array; shape: number[] } {
  const shape: number[] = [];
  for (let level: NestedNumbers = input; Array.isArray(level); level = (level as readonly NestedNumbers[])[0]!) {
    shape.push((level as readonly NestedNumbers[]).length);
    if ((level as readonly NestedNumbers[]).length === 0) break;
  }
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let next = 0;
  const walk = (node: NestedNumbers, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number' || !Number.isFinite(node)) {
        throw new ConfigError(`fromArrays: ${name}${path} is ${describe(node)}, not a finite number. Fix or remove that sample.`);
      }
      values[next++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ConfigError(
        `fromArrays: ${name} is ragged: ${name}${path} has ${Array.isArray(node) ? `length ${node.length}` : describe(node)}, ` +
          `but the first entry at that depth has length ${shape[depth]}. All samples must have the same shape.`,
      );
    }
    node.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(input, 0, '');
  return { values, shape };
}

function isShapedArray(x: unknown): x is ShapedArray {
  return typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && Array.isArray((x as ShapedArray).shape);
}

function isArrayLike(y: unknown): y is ArrayLike<number> {
  return Array.isArray(y) || ArrayBuffer.isView(y);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  return typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : `${typeof value} ${String(value)}`;
}
