/**
 * The one owner of option-name checks and of how rejected values are quoted
 * in error messages, shared by models, layers, estimators and data sets.
 */
import { ConfigError } from './errors';

/** A value as the user wrote it: NaN stays NaN (JSON.stringify would say null), strings keep their quotes. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value === undefined || value === null) {
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'function') return `a function ${value.name || '(anonymous)'}`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** PyGlow/Python spelling → ours: `batch_size` → `batchSize`. */
export function camelCase(name: string): string {
  return name.replace(/([a-z0-9])_+([a-z0-9])/gi, (_, a: string, c: string) => a + c.toUpperCase());
}

/** Levenshtein distance, case-insensitive (names differ by case from Python habits too). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[t.length];
}

/**
 * The candidates closest to `name`, best first: its camelCase form exactly,
 * then those within a third of its length in edit distance, or containing it.
 */
export function closeNames(name: string, candidates: readonly string[], max = 3): string[] {
  const camel = camelCase(name);
  if (camel !== name && candidates.includes(camel)) return [camel];
  const limit = Math.max(2, Math.floor(name.length / 3));
  return candidates
    .map((c) => ({ c, d: c.toLowerCase().includes(camel.toLowerCase()) && camel.length >= 3 ? 0.5 : distance(camel, c) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** " Did you mean 'a' or 'b'?" or ''. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closeNames(name, candidates);
  if (close.length === 0) return '';
  return ` Did you mean ${close.map((c) => `'${c}'`).join(' or ')}?`;
}

/**
 * Rejects unknown option names (`batch_size` from Python habits, typos),
 * which would otherwise be ignored silently; returns the options as a record.
 * `undefined`/`null` mean no options.
 */
export function checkKnownKeys(options: unknown, known: readonly string[], owner: string): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`${owner} takes an options object such as { ${known.join(', ')} }, got ${quote(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    throw new ConfigError(`${owner}: unknown option '${key}'.${didYouMean(key, known)} Known options: ${known.join(', ')}.`);
  }
  return options as Record<string, unknown>;
}
