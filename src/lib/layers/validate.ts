import { quote } from '../options';
import { ConfigError } from '../errors';

/** Checks that `value` is an integer ≥ `min`; `what` names the option in the error. */
export function requireInteger(value: unknown, what: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${what} must be an integer ≥ ${min}, got ${quote(value)}.`);
  }
  return value;
}

/** A size given as n or [n, m] (PyTorch style) → [n, m]. */
export function requirePair(value: unknown, what: string, min = 1): [number, number] {
  if (Array.isArray(value) && value.length === 2) {
    return [requireInteger(value[0], `${what}[0]`, min), requireInteger(value[1], `${what}[1]`, min)];
  }
  const n = requireInteger(value, what, min);
  return [n, n];
}

/** A size given as n or an n-tuple (PyTorch style) → an `n`-tuple, e.g. for 3-D kernels. */
export function requireTuple(value: unknown, n: number, what: string, min = 1): number[] {
  if (Array.isArray(value) && value.length === n) return value.map((v, i) => requireInteger(v, `${what}[${i}]`, min));
  const size = requireInteger(value, what, min);
  return Array.from({ length: n }, () => size);
}
