/**
 * Independent float64 reference implementations, written as plain loops
 * straight from the definitions (explicit pairwise distances, explicit H
 * matrix and matrix products, explicit traces, a sorted list for the
 * median, a Map of pattern strings for binning). They share no code with
 * src/lib/estimators on purpose.
 */
export type Matrix = number[][];

export function matmul(a: Matrix, b: Matrix): Matrix {
  const n = a.length, k = b.length, p = b[0].length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let q = 0; q < k; q++) s += a[i][q] * b[q][j];
    out[i][j] = s;
  }
  return out;
}

export function transpose(a: Matrix): Matrix {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

export function trace(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i][i];
  return s;
}

/** Explicit ‖xᵢ − xⱼ‖² by the difference of the rows. */
export function sqDistances(x: Matrix): Matrix {
  const m = x.length;
  const out: Matrix = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let q = 0; q < x[i].length; q++) s += (x[i][q] - x[j][q]) ** 2;
    out[i][j] = s;
  }
  return out;
}

/** Median of the list of distances ‖xᵢ − xⱼ‖, i < j; mean if that is 0; 1 if that is 0 too. */
export function medianDistance(x: Matrix): number {
  const d = sqDistances(x);
  const list: number[] = [];
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) list.push(Math.sqrt(d[i][j]));
  list.sort((a, b) => a - b);
  const n = list.length;
  const median = n % 2 === 1 ? list[(n - 1) / 2] : (list[n / 2 - 1] + list[n / 2]) / 2;
  if (median > 0) return median;
  const mean = list.reduce((a, b) => a + b, 0) / n;
  return mean > 0 ? mean : 1;
}

export type Kernel = { kind: 'gaussian'; sigma: number | 'median' } | { kind: 'linear' };

export function kernelMatrix(x: Matrix, kernel: Kernel): Matrix {
  if (kernel.kind === 'linear') return matmul(x, transpose(x));
  const sigma = kernel.sigma === 'median' ? medianDistance(x) : kernel.sigma;
  return sqDistances(x).map((row) => row.map((d) => Math.exp(-d / (2 * sigma * sigma))));
}

function centering(m: number): Matrix {
  return Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0) - 1 / m));
}

/** tr(K H L H) with an explicit H = I − 11ᵀ/m. */
export function trKHLH(k: Matrix, l: Matrix): number {
  const h = centering(k.length);
  return trace(matmul(matmul(matmul(k, h), l), h));
}

export function hsicBiased(k: Matrix, l: Matrix): number {
  const m = k.length;
  return trKHLH(k, l) / ((m - 1) * (m - 1));
}

export function hsicPyglow(k: Matrix, l: Matrix): number {
  return trKHLH(k, l) / (k.length - 1);
}

/** Song et al. (2012), term by term as printed. */
export function hsicUnbiased(k: Matrix, l: Matrix): number {
  const m = k.length;
  const zeroDiag = (a: Matrix) => a.map((row, i) => row.map((v, j) => (i === j ? 0 : v)));
  const kt = zeroDiag(k), lt = zeroDiag(l);
  const sumAll = (a: Matrix) => a.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);
  const term1 = trace(matmul(kt, lt));
  const term2 = (sumAll(kt) * sumAll(lt)) / ((m - 1) * (m - 2));
  const term3 = (2 / (m - 2)) * sumAll(matmul(kt, lt));
  return (term1 + term2 - term3) / (m * (m - 3));
}

export function cka(k: Matrix, l: Matrix): number {
  const den = Math.sqrt(hsicBiased(k, k) * hsicBiased(l, l));
  return den === 0 ? 0 : hsicBiased(k, l) / den;
}

export type Normalization = 'biased' | 'unbiased' | 'pyglow' | 'cka';

export function hsic(x: Matrix, y: Matrix, kernel: Kernel, normalization: Normalization): number {
  const k = kernelMatrix(x, kernel), l = kernelMatrix(y, kernel);
  switch (normalization) {
    case 'biased': return hsicBiased(k, l);
    case 'pyglow': return hsicPyglow(k, l);
    case 'unbiased': return hsicUnbiased(k, l);
    case 'cka': return cka(k, l);
  }
}

function argmax(row: number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Entropy in bits of the empirical distribution of the given keys. */
function entropyOf(keys: string[]): number {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / keys.length) * Math.log2(c / keys.length);
  return h;
}

/** Binning MI [I(T;X), I(T;Y)] with a Map of pattern strings. */
export function binningMI(t: Matrix, target: Matrix, bins: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const row of t) for (const v of row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const bin = (v: number) => (hi > lo ? Math.min(Math.floor(((v - lo) / (hi - lo)) * bins), bins - 1) : 0);
  const patterns = t.map((row) => row.map(bin).join(','));
  const labels = target.map(argmax);
  const hT = entropyOf(patterns);
  // H(T|Y) = Σ_y p(y) H(T | Y = y)
  let hTgivenY = 0;
  for (const y of new Set(labels)) {
    const members = patterns.filter((_, i) => labels[i] === y);
    hTgivenY += (members.length / t.length) * entropyOf(members);
  }
  return [hT, hT - hTgivenY];
}

/** KDE upper bound of the entropy of the samples (in bits), Saxe et al.'s formula without the cancelling terms. */
function kdeEntropy(t: Matrix, variance: number): number {
  const d = sqDistances(t);
  let h = 0;
  for (let i = 0; i < t.length; i++) {
    let s = 0;
    for (let j = 0; j < t.length; j++) s += Math.exp(-d[i][j] / (2 * variance));
    h -= Math.log(s / t.length);
  }
  return h / t.length / Math.LN2;
}

/** KDE MI [I(T;X), I(T;Y)]. */
export function kdeMI(t: Matrix, target: Matrix, variance: number): [number, number] {
  const labels = target.map(argmax);
  const hT = kdeEntropy(t, variance);
  let hTgivenY = 0;
  for (const y of new Set(labels)) {
    const members = t.filter((_, i) => labels[i] === y);
    hTgivenY += (members.length / t.length) * kdeEntropy(members, variance);
  }
  return [hT, hT - hTgivenY];
}

/** One row of d standard normal entries (float32-rounded), for hand-built matrices. */
export function randnRow(d: number, seed: number): number[] {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: d }, () => Math.fround(Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())));
}
