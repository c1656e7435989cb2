/**
 * Checks shared by the estimators: segment shapes, batch sizes, option
 * values, and non-finite data. Shape and size checks look only at shapes, so
 * they cost no device work; finiteness is decided on the device.
 */
import { tf } from '../tf';
import { readsSynchronously } from '../backend/webgpu';
import { ConfigError, EstimatorError, ShapeError } from '../errors';
import type { DynamicsSegment } from './estimator';

/** Throws ConfigError unless `args` is an object whose keys are all in `known` (the library's one option check). */

/** Checks that x is a 2-D tensor [m, features]; `what` names it in the error. */
export function require2D(x: unknown, what: string, owner: string): tf.Tensor2D {
  if (!(x instanceof tf.Tensor) || x.rank !== 2) {
    const got = x instanceof tf.Tensor ? `a tensor of shape [${x.shape.join(', ')}]` : typeof x;
    throw new ShapeError(`${owner}: ${what} must be a 2-D tensor [batch, features], got ${got}. Flatten it first (e.g. x.reshape([m, -1])).`);
  }
  return x as tf.Tensor2D;
}

/** Validates a segment's shapes and returns its batch size m. */
export function validateSegment(segment: DynamicsSegment, owner: string): number {
  const input = require2D(segment.input, 'segment.input', owner);
  const target = require2D(segment.target, 'segment.target', owner);
  if (!Array.isArray(segment.hidden)) {
    throw new ShapeError(`${owner}: segment.hidden must be an array of [batch, features] tensors, one per tracked layer.`);
  }
  if (!(segment.memo instanceof Map)) {
    throw new ConfigError(`${owner}: segment.memo must be a Map (a fresh one per batch), got ${typeof segment.memo}.`);
  }
  const m = input.shape[0];
  const sizes: [string, tf.Tensor2D][] = [['segment.target', target]];
  segment.hidden.forEach((h, l) => sizes.push([`segment.hidden[${l}]`, require2D(h, `segment.hidden[${l}]`, owner)]));
  for (const [what, t] of sizes) {
    if (t.shape[0] !== m) {
      throw new ShapeError(`${owner}: ${what} has ${t.shape[0]} rows but the input has ${m}; every tensor of a segment must hold the same batch.`);
    }
  }
  return m;
}

/** Checks that x and y hold the same batch of m samples and returns m. */
export function validatePair(x: tf.Tensor2D, y: tf.Tensor2D, owner: string): number {
  require2D(x, 'x', owner);
  require2D(y, 'y', owner);
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`${owner}: x has ${x.shape[0]} rows and y has ${y.shape[0]}; both must hold the same batch of samples.`);
  }
  return x.shape[0];
}

/** Throws EstimatorError when the batch is too small for the estimator's formula. */
export function requireBatchSize(m: number, min: number, owner: string, why: string): void {
  if (m < min) {
    throw new EstimatorError(`${owner} needs a batch of at least ${min} samples (${why}), got ${m}. Use a larger batch size.`);
  }
}

/**
 * True (bool scalar) iff every entry of x is finite. An elementwise pass and
 * one all-reduce on the device; nothing is read back.
 */
export function finiteFlag(x: tf.Tensor): tf.Scalar {
  return tf.all(tf.isFinite(x));
}

/** 1 where `ok` is true, NaN otherwise: multiplying by it folds a check into a result. */
export function oneOrNaN(ok: tf.Tensor): tf.Tensor {
  return tf.where(ok, tf.scalar(1), tf.scalar(NaN));
}

/**
 * Reads a small vector of finiteness flags (one readback) and throws
 * EstimatorError naming the first non-finite operand. Used by the
 * stand-alone `criterion` calls, where a clear error beats a NaN.
 */
export function throwIfNotFinite(flags: tf.Tensor1D, names: readonly string[], owner: string): void {
  const ok = flags.dataSync();
  const bad = names.filter((_, i) => !ok[i]);
  if (bad.length > 0) {
    throw new EstimatorError(
      `${owner}: ${bad.join(' and ')} contain${bad.length === 1 ? 's' : ''} NaN or ±Infinity (or values so large that their squares overflow float32). ` +
        'If training diverged, lower the learning rate; otherwise check the data.',
    );
  }
}

/**
 * A criterion's value once its operands' finiteness `flags` are read back:
 * the value when all are finite; otherwise both are freed and the
 * EstimatorError of throwIfNotFinite is thrown. Frees `flags` either way.
 */
export function checkedCriterion(value: tf.Scalar, flags: tf.Tensor1D, names: readonly string[], owner: string): tf.Scalar {
  if (!readsSynchronously()) {
    // webgpu in Node cannot read the flags back here: fold them into the value instead (NaN when
    // an operand is not finite), which the dynamics' finite check then reports by layer.
    const folded = tf.tidy(() => tf.mul(value, oneOrNaN(tf.all(flags))) as tf.Scalar);
    tf.dispose([value, flags]);
    return folded;
  }
  try {
    throwIfNotFinite(flags, names, owner);
  } catch (error) {
    value.dispose();
    throw error;
  } finally {
    flags.dispose();
  }
  return value;
}
