/**
 * Kernels that the stock wasm backend (tfjs-backend-wasm 4.22.0) lacks but
 * our layers need for training. Each is composed from kernels the wasm
 * backend does have, and is checked against the stock cpu kernel in tests.
 */
import { tf } from '../tf';

type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelFunc = KernelConfig['kernelFunc'];

let registered = false;

/** Registers the missing wasm kernels; safe to call more than once. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const existing = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  if (!existing.has('Conv2DBackpropFilter')) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  }
  const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
  if (stockMatMul) {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    // Keep the stock setupFunc: it binds the wasm function when the backend initializes.
    tf.registerKernel({ ...stockMatMul, kernelFunc: plainProductsOnly(stockMatMul.kernelFunc) });
  }
}

/**
 * The stock wasm BatchMatMul sends a product to XNNPACK only without
 * transpose flags; with either flag it runs a naive loop ~15× slower, and
 * every backward pass of a Dense layer asks for transposed products.
 * This wrapper rewrites a transposed product as a plain one, transposing
 * whichever operands are cheapest to move:
 *   Aᵀ·B = (Bᵀ·A)ᵀ,  A·Bᵀ = (B·Aᵀ)ᵀ,  Aᵀ·Bᵀ = (B·A)ᵀ.
 */
function plainProductsOnly(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.Tensor; b: tf.Tensor };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return stock(args);
    return tf.tidy(() => {
      const t = (x: tf.Tensor) => tf.transpose(x, swapLastTwo(x.rank));
      const outSize = (a.size / a.shape[a.rank - 1]) * (b.size / b.shape[b.rank - 2]);
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

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
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
 * Built as im2col: the kh·kw shifted, strided views of the padded input are
 * concatenated into a [N, kh·kw·ci] matrix, and one plain matrix product with
 * dy ([N, co]) gives every filter tap at once. The product is written without
 * transpose flags because the wasm backend only sends plain products to
 * XNNPACK (see docs/environment-facts).
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs }) => {
  const { x, dy } = inputs as unknown as { x: tf.Tensor4D; dy: tf.Tensor4D };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`ibnb's wasm Conv2DBackpropFilter supports NHWC only, got ${dataFormat}.`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [kh, kw, ci, co] = filterShape;
  const { top, bottom, left, right } = info.padInfo;
  return tf.tidy(() => {
    const xPadded =
      top || bottom || left || right
        ? tf.pad(x, [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ])
        : x;
    const batch = x.shape[0];
    const rows = batch * info.outHeight * info.outWidth;
    const taps: tf.Tensor2D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const view = tf.stridedSlice(
          xPadded,
          [0, i, j, 0],
          [batch, i + (info.outHeight - 1) * info.strideHeight + 1, j + (info.outWidth - 1) * info.strideWidth + 1, ci],
          [1, info.strideHeight, info.strideWidth, 1],
        );
        taps.push(tf.reshape(view, [rows, ci]));
      }
    }
    const columns = taps.length === 1 ? taps[0] : tf.concat(taps, 1);
    const columnsT = ci * kh * kw === 1 ? tf.reshape(columns, [1, rows]) : tf.transpose(columns);
    const dw = tf.matMul(columnsT, tf.reshape(dy, [rows, co]));
    return tf.reshape(dw, [kh, kw, ci, co]);
  }) as unknown as tf.TensorInfo;
};
