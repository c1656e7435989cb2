/**
 * Kernels that the stock wasm backend (tfjs-backend-wasm 4.22.0) lacks or runs
 * slowly on the training path, registered in its place. Each is composed from
 * kernels the wasm backend does have, or written in JS straight on the wasm
 * heap, and is checked against the stock cpu kernel in tests
 * (test/lib/backend/wasmKernels.test.ts).
 *
 * Where a training step of the reference model went (bench/profile.ts, before):
 *   - _FusedMatMul x·W (64×12544 · 12544×1000): ~300 ms, of which ~225 ms is
 *     XNNPACK re-packing W: its operator cache is keyed by the weight tensor's
 *     id, and every optimizer step gives W a new one (Variable.assign).
 *   - transposed BatchMatMul rewritten with a needless 12.5 M-element
 *     transpose (~80 ms), the stock Transpose (~6 ns/element), Identity copies
 *     of the weights when the gradient tape saves them (~17 ms), and the
 *     Conv2DBackpropFilter im2col through StridedSlice/Concat (~55 ms).
 */
import { tf } from '../tf';
import { MOMENTUM_KERNEL, momentumUpdateWasm } from './momentum';
import { simdFor, type WasmBackend } from './simd';

type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelFunc = KernelConfig['kernelFunc'];

let registered = false;

/** Registers the missing and faster wasm kernels; safe to call more than once. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const existing = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  if (!existing.has('Conv2DBackpropFilter')) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  }
  // Keep each stock config's setupFunc: it binds the wasm function when the backend initializes.
  replace('BatchMatMul', plainProductsOnly);
  replace('_FusedMatMul', fusedAsPlainProducts);
  replace('Transpose', fastTranspose);
  replace('Identity', sharedIdentity);
  if (!existing.has(MOMENTUM_KERNEL)) {
    tf.registerKernel({ kernelName: MOMENTUM_KERNEL, backendName: 'wasm', kernelFunc: momentumUpdateWasm });
  }
}

function replace(kernelName: string, make: (stock: KernelFunc) => KernelFunc): void {
  const stock = tf.getKernel(kernelName, 'wasm');
  if (!stock) return;
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: make(stock.kernelFunc) });
}

/**
 * The right operand of a plain product is XNNPACK's "weights": packed (and
 * transposed) into a cached operator on first use, keyed by its data. Packing
 * costs ~9 ns per element, as much as ~150 multiply-adds, so a big operand
 * that is seen once (a weight matrix the optimizer just replaced) is better
 * fed as the left operand: A·B = (Bᵀ·Aᵀ)ᵀ, with the small Aᵀ packed instead.
 * Data seen before takes the stock path, whose operator is then cached.
 */
const seenAsWeights = new WeakSet<object>();

/** How many matrices a rank-≥2 operand holds (its leading dimensions). */
function batchOf(x: tf.TensorInfo): number {
  return x.shape.slice(0, -2).reduce((p, q) => p * q, 1);
}

/** A plain product that the stock kernel sends to XNNPACK: no transposes, one matrix each. */
function isXnnpackProduct(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): boolean {
  return !transposeA && !transposeB && batchOf(a) === 1 && batchOf(b) === 1;
}

/** For a product on XNNPACK's path: true when B is new and big, so that (Bᵀ·Aᵀ)ᵀ is cheaper. Remembers B. */
function packingIsWasted(a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  const rank = a.shape.length;
  const [m, k] = [a.shape[rank - 2], a.shape[rank - 1]];
  const n = b.shape[b.shape.length - 1];
  if (seenAsWeights.has(b.dataId)) return false;
  seenAsWeights.add(b.dataId);
  // Packing B (k·n) against moving B once, A twice and the output (k·n + 2·m·k + m·n, ~3× cheaper per element).
  return k * n >= 1 << 16 && 3 * (k * n + 2 * m * k + m * n) < 9 * k * n;
}

const t = (x: tf.Tensor) => tf.transpose(x, swapLastTwo(x.rank));

/**
 * The stock wasm BatchMatMul sends a product to XNNPACK only without
 * transpose flags; with either flag it runs a naive loop ~15× slower, and
 * every backward pass of a Dense layer asks for transposed products.
 * This wrapper rewrites a transposed product as a plain one, transposing
 * whichever operands are cheapest to move:
 *   Aᵀ·B = (Bᵀ·A)ᵀ,  A·Bᵀ = (B·Aᵀ)ᵀ,  Aᵀ·Bᵀ = (B·A)ᵀ,
 * and a plain product whose right operand would be packed only to be thrown
 * away as (Bᵀ·Aᵀ)ᵀ (see packingIsWasted).
 */
function plainProductsOnly(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.Tensor; b: tf.Tensor };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) {
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || !isXnnpackProduct(a, b, false, false) || !packingIsWasted(a, b)) return stock(args);
      return tf.tidy(() => t(tf.matMul(t(b), t(a)))) as unknown as tf.TensorInfo;
    }
    return tf.tidy(() => {
      const rows = transposeA ? a.shape[a.rank - 1] : a.shape[a.rank - 2];
      const cols = transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1];
      const batch = Math.max(a.size / (a.shape[a.rank - 1] * a.shape[a.rank - 2]), b.size / (b.shape[b.rank - 1] * b.shape[b.rank - 2]));
      const outSize = batch * rows * cols;
      if (transposeA && transposeB) return t(tf.matMul(b, a));
      if (transposeA) {
        // Aᵀ·B moves A; (Bᵀ·A)ᵀ moves B and the output.
        return a.size <= b.size + outSize ? tf.matMul(t(a), b) : t(tf.matMul(t(b), a));
      }
      // A·Bᵀ moves B; (B·Aᵀ)ᵀ moves A and the output.
      return b.size <= a.size + outSize ? tf.matMul(a, t(b)) : t(tf.matMul(b, t(a)));
    }) as unknown as tf.TensorInfo;
  };
}

const ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  elu: (x) => tf.elu(x),
  sigmoid: (x) => tf.sigmoid(x),
};

/**
 * _FusedMatMul (a Dense layer's forward: act(x·W + b)) with the same
 * rewrites as BatchMatMul: when they apply, the product goes through
 * plainProductsOnly and the bias and activation follow as ops of their own
 * (on the small output). Anything else keeps the stock fused kernel.
 */
function fusedAsPlainProducts(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as unknown as Record<string, tf.Tensor | undefined>;
    const { transposeA, transposeB, activation } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean; activation: string };
    const act = ACTIVATIONS[activation ?? 'linear'];
    if (!act || preluActivationWeights || a!.dtype !== 'float32' || b!.dtype !== 'float32') return stock(args);
    // The stock kernel is right (and fast) only on XNNPACK's path: a plain product, batch 1. Its
    // fallback loop adds the bias by flat output index and once per 48-wide block of the shared
    // dimension, which is wrong for any bias on a batched or transposed product.
    const xnnpack = isXnnpackProduct(a!, b!, transposeA, transposeB);
    if (xnnpack && !packingIsWasted(a!, b!)) return stock(args);
    return tf.tidy(() => {
      let y = xnnpack ? t(tf.matMul(t(b!), t(a!))) : tf.matMul(a!, b!, transposeA, transposeB);
      if (bias) y = tf.add(y, bias);
      return act(y);
    }) as unknown as tf.TensorInfo;
  };
}

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/**
 * Transpose of a batch of matrices (the only transposes on the training
 * path), in JS on the wasm heap, in 16×16 tiles: ~3× faster than the stock
 * element-by-element kernel on the 12544×1000 weights. Other permutations
 * and dtypes keep the stock kernel.
 */
function fastTranspose(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    const { perm } = args.attrs as unknown as { perm: number[] };
    const backend = args.backend as unknown as WasmBackend;
    // Drop size-1 dimensions, as the stock kernel does.
    const kept = perm.filter((p) => x.shape[p] !== 1);
    const order = [...kept].sort((p, q) => p - q);
    const reduced = kept.map((p) => order.indexOf(p));
    const r = reduced.length;
    const batchedSwap = r >= 2 && reduced[r - 2] === r - 1 && reduced[r - 1] === r - 2 && reduced.slice(0, r - 2).every((p, i) => p === i);
    if (x.dtype !== 'float32' || !batchedSwap) return stock(args);
    const shape = order.map((p) => x.shape[p]);
    const rows = shape[r - 2];
    const cols = shape[r - 1];
    const out = backend.makeOutput(
      perm.map((p) => x.shape[p]),
      'float32',
    );
    // Views after makeOutput: its allocation may grow (and move) the heap.
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    const matrix = rows * cols;
    const simd = simdFor(backend);
    const srcAt = backend.dataIdMap.get(x.dataId).memoryOffset;
    const dstAt = backend.dataIdMap.get(out.dataId).memoryOffset;
    for (let offset = 0; offset < src.length; offset += matrix) {
      if (!simd) {
        transposeMatrix(src, dst, offset, rows, cols, 0, 0);
        continue;
      }
      simd.transpose4(srcAt + 4 * offset, dstAt + 4 * offset, rows, cols);
      // The strips the 4×4 tiles leave: the last rows % 4 rows, then the last cols % 4 columns.
      const rows4 = rows & ~3;
      const cols4 = cols & ~3;
      if (rows4 < rows) transposeMatrix(src, dst, offset, rows, cols, rows4, 0);
      if (cols4 < cols) transposeMatrix(src, dst, offset, rows4, cols, 0, cols4, rows);
    }
    return out;
  };
}

const TILE = 16;

/** dst = srcᵀ for rows [fromRow, rows) and columns [fromCol, cols); `stride` is the source's row count (default rows). */
function transposeMatrix(src: Float32Array, dst: Float32Array, offset: number, rows: number, cols: number, fromRow: number, fromCol: number, stride = rows): void {
  const rowsTotal = stride;
  for (let i0 = fromRow; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = fromCol; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        let from = offset + i * cols + j0;
        let to = offset + j0 * rowsTotal + i;
        for (let j = j0; j < j1; j++, to += rowsTotal) dst[to] = src[from++];
      }
    }
  }
}

/**
 * Identity without a copy: the tensor shares its data, reference counted, as
 * on the cpu backend (the stock wasm kernel copies it). The gradient tape
 * clones every saved input through Identity, so each step copied every
 * weight matrix. No wasm kernel writes into its inputs, so sharing is safe.
 */
function sharedIdentity(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(args);
    (args.backend as unknown as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[b, oh, ow, co].
 *
 * Built as im2col, written in JS straight from the wasm heap: the transposed
 * column matrix [kh·kw·ci, N] (zero where a tap falls in the padding), then
 * one plain matrix product with dy ([N, co]) gives every filter tap at once.
 * The product is written without transpose flags because the wasm backend
 * only sends plain products to XNNPACK (see docs/environment-facts).
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`ibnb's wasm Conv2DBackpropFilter supports NHWC only, got ${dataFormat}.`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [kh, kw, ci, co] = filterShape;
  const [batch, inH, inW] = x.shape;
  const { outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const rows = batch * outHeight * outWidth;
  const xs = (backend as unknown as WasmBackend).typedArrayFromHeap(x) as Float32Array;
  const columnsT = new Float32Array(kh * kw * ci * rows);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < ci; c++) {
        const base = ((i * kw + j) * ci + c) * rows;
        for (let b = 0; b < batch; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const h = oh * strideHeight + i - top;
            let to = base + (b * outHeight + oh) * outWidth;
            if (h < 0 || h >= inH) continue; // stays zero
            const rowStart = ((b * inH + h) * inW) * ci + c;
            for (let ow = 0; ow < outWidth; ow++, to++) {
              const w = ow * strideWidth + j - left;
              if (w >= 0 && w < inW) columnsT[to] = xs[rowStart + w * ci];
            }
          }
        }
      }
    }
  }
  return tf.tidy(() => {
    // The engine hands kernels its tensors: dy can feed ops as it is.
    const dy2d = tf.reshape(dy as tf.Tensor, [rows, co]);
    const dw = tf.matMul(tf.tensor2d(columnsT, [kh * kw * ci, rows]), dy2d);
    return tf.reshape(dw, [kh, kw, ci, co]);
  }) as unknown as tf.TensorInfo;
};
