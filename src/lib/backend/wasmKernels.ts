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
