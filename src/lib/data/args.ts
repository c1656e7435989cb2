/**
 * Checks shared by the data set options. Notebook users often call from
 * JavaScript, so types are checked at run time too.
 */
import { ConfigError } from '../errors';
import { quote } from '../options';

/** Throws unless `value` is an integer ≥ 1. */
export function checkPositiveInteger(value: unknown, name: string, owner: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${owner}: ${name} must be a positive integer, got ${quote(value)}. Pass e.g. { ${name}: 64 }.`);
  }
  return value;
}

/** Throws unless `value` is absent or a number in [0, 1). */
export function checkValidationSplit(value: unknown, owner: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new ConfigError(
      `${owner}: validationSplit must be a number in [0, 1) (the fraction of training samples held out), got ${quote(value)}. ` +
        'Use e.g. 0.2, or 0 for no validation set.',
    );
  }
  return value;
}

/** Throws unless `value` is absent or a safe integer. */
export function checkSeed(value: unknown, owner: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ConfigError(`${owner}: seed must be an integer, got ${quote(value)}. Pass e.g. { seed: 42 }, or leave it out for random shuffles.`);
  }
  return value;
}

/** Throws unless `value` is absent or a boolean. */
export function checkBoolean(value: unknown, name: string, owner: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ConfigError(`${owner}: ${name} must be true or false, got ${quote(value)}.`);
}

/** Throws unless `value` is absent or a non-empty string. */
export function checkOptionalString(value: unknown, name: string, owner: string): string | undefined {
  if (value === undefined || (typeof value === 'string' && value !== '')) return value;
  throw new ConfigError(`${owner}: ${name} must be a non-empty string, got ${quote(value)}.`);
}

