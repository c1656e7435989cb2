/** HSIC of a 64 × d batch against a 64 × 10 target, alone: ms per call (gaussian, σ = 5, biased), read back each call. */
import { HSIC, initBackend, tf, type BackendName } from '../src/lib/index';
import { median } from './referenceModel';

export async function benchEstimator(backend: BackendName, widths: number[], runs: number): Promise<{ d: number; ms: number }[]> {
  await initBackend({ backend });
  const hsic = new HSIC({ kernel: 'gaussian', sigma: 5 });
  const results: { d: number; ms: number }[] = [];
  for (const d of widths) {
    const h = tf.randomNormal([64, d], 0, 1, 'float32', 1) as tf.Tensor2D;
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10), 'int32'), 10).toFloat() as tf.Tensor2D;
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const start = performance.now();
      const value = tf.tidy(() => hsic.criterion(h, y));
      if (typeof value !== 'number') {
        // Asynchronous: webgpu cannot read synchronously in Node (and the loop reads this way too).
        await value.data();
        value.dispose();
      }
      if (i >= 2) times.push(performance.now() - start);
    }
    tf.dispose([h, y]);
    results.push({ d, ms: median(times) });
  }
  return results;
}
