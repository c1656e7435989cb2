/**
 * Momentum SGD whose update is one pass over each weight matrix on the wasm
 * backend. The stock tf.train.momentum runs four element-wise kernels per
 * variable (m·a, +g, c·a', +w), each reading and writing the whole matrix:
 * for the reference model's 12544×1000 weights that was ~60–75 ms of a step.
 * The fused kernel ('IbnbMomentumUpdate', registered for wasm by
 * registerWasmKernels) reads w, a and g once and writes the new w and a,
 * with the stock arithmetic: a' = m·a + g, w' = c·a' + w (c = −learning rate).
 * Elsewhere (other backends, Nesterov, non-float32) it is the stock optimizer.
 */
import { tf } from '../tf';
import { simdFor, type WasmBackend } from './simd';

export const MOMENTUM_KERNEL = 'IbnbMomentumUpdate';

interface MomentumInternals {
  accumulations: { originalName: string; variable: tf.Variable }[];
  m: tf.Scalar;
  c: tf.Scalar;
  useNesterov: boolean;
  incrementIterations(): void;
}

type Gradients = Parameters<tf.MomentumOptimizer['applyGradients']>[0];

export class FusedMomentumOptimizer extends tf.MomentumOptimizer {
  override applyGradients(variableGradients: Gradients): void {
    const self = this as unknown as MomentumInternals;
    if (self.useNesterov || !tf.getKernel(MOMENTUM_KERNEL, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const names = Array.isArray(variableGradients) ? variableGradients.map((item) => item.name) : Object.keys(variableGradients);
    // Scalars: read every step, so setLearningRate keeps working as on the stock optimizer.
    const m = self.m.dataSync()[0];
    const c = self.c.dataSync()[0];
    const registered = tf.engine().registeredVariables;
    names.forEach((name, i) => {
      const value = registered[name];
      if (self.accumulations[i] == null) {
        self.accumulations[i] = { originalName: `${name}/momentum`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      }
      const accumulation = self.accumulations[i].variable;
      const gradient: tf.Tensor = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      tf.tidy(() => {
        if (value.dtype !== 'float32' || gradient.dtype !== 'float32' || !tf.util.arraysEqual(gradient.shape, value.shape)) {
          const newAccumulation = tf.add(tf.mul(self.m, accumulation), gradient);
          accumulation.assign(newAccumulation);
          value.assign(tf.add(tf.mul(self.c, newAccumulation), value));
          return;
        }
        const [newValue, newAccumulation] = tf.engine().runKernel(MOMENTUM_KERNEL, { value, accumulation, gradient }, { m, c }) as tf.Tensor[];
        accumulation.assign(newAccumulation);
        value.assign(newValue);
      });
    });
    self.incrementIterations();
  }
}


/** [w', a'] from w, a, g, in one pass on the wasm heap. */
export const momentumUpdateWasm: Parameters<typeof tf.registerKernel>[0]['kernelFunc'] = ({ inputs, attrs, backend }) => {
  const { value, accumulation, gradient } = inputs as unknown as Record<string, tf.TensorInfo>;
  const { m, c } = attrs as unknown as { m: number; c: number };
  const wasm = backend as unknown as WasmBackend;
  // (the typed-array views below are only used for the last n % 4 elements, or all without SIMD)
  const newValue = wasm.makeOutput(value.shape, 'float32');
  const newAccumulation = wasm.makeOutput(value.shape, 'float32');
  // Views after both allocations: each may grow (and move) the heap.
  const w = wasm.typedArrayFromHeap(value);
  const a = wasm.typedArrayFromHeap(accumulation);
  const g = wasm.typedArrayFromHeap(gradient);
  const w2 = wasm.typedArrayFromHeap(newValue);
  const a2 = wasm.typedArrayFromHeap(newAccumulation);
  const mf = Math.fround(m);
  const cf = Math.fround(c);
  const simd = simdFor(wasm);
  let from = 0;
  if (simd) {
    from = w.length & ~3;
    const at = (info: tf.TensorInfo) => wasm.dataIdMap.get(info.dataId).memoryOffset;
    simd.momentum(at(value), at(accumulation), at(gradient), at(newValue), at(newAccumulation), from, mf, cf);
  }
  for (let i = from; i < w.length; i++) {
    // Rounded to float32 after each operation, as the stock kernels do.
    const next = Math.fround(Math.fround(mf * a[i]) + g[i]);
    a2[i] = next;
    w2[i] = Math.fround(cf * next) + w[i];
  }
  return [newValue, newAccumulation];
};
