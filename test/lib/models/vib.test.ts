import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, Dense, Flatten, HSIC, initBackend, mnist, Sequential, ShapeError, tf, VIB, type TrainingListener } from '../../../src/lib/index';
import { klToStandardNormal } from '../../../src/lib/layers/gaussianCode';

const quiet: TrainingListener = {};

function parts(hiddenDim: number) {
  const encoder = new Sequential({ inputShape: [1, 28, 28] });
  encoder.add(new Flatten()).add(new Dense(128, { activation: 'relu' })).add(new Dense(2 * hiddenDim));
  const decoder = new Sequential({ inputShape: [hiddenDim] });
  decoder.add(new Dense(10, { activation: 'softmax' }));
  return { encoder, decoder };
}

test('the KL term is the closed form of KL(N(μ, σ²) ‖ N(0, 1)), averaged over the batch', async () => {
  const mean = tf.tensor2d([[0, 1], [2, -1]]);
  const std = tf.tensor2d([[1, 0.5], [2, 1]]);
  // Per dimension ½(μ² + σ² − 1 − 2 log σ): row 1: 0 + ½(1 + 0.25 − 1 + 2 ln 2); row 2: ½(4 + 4 − 1 − 2 ln 2) + ½(1 + 1 − 1).
  const expected = (0.5 * (0.25 + 2 * Math.log(2)) + 0.5 * (7 - 2 * Math.log(2)) + 0.5) / 2;
  assert.ok(Math.abs((await klToStandardNormal({ mean, std }).data())[0] - expected) < 1e-5);
});

test('VIB learns MNIST through its stochastic code, and a larger β compresses the code (a much lower KL)', async () => {
  await initBackend();
  const [train, val] = await mnist.loadData({ source: 'embedded', batchSize: 64, limit: 1500, seed: 5 });
  const results: { kl: number; accuracy: number }[] = [];
  for (const tradeOff of [1e-3, 1]) {
    const vib = new VIB({ hiddenDim: 16, ...parts(16), trackDynamics: true });
    vib.attachEvaluator(new HSIC({ sigma: 5 }));
    vib.compile({ optimizer: 'adam', learningRate: 2e-3, tradeOff, numSamples: 2 });
    await vib.fitGenerator(train, val, 3, { listeners: [quiet] });
    const { accuracy } = await vib.evaluate(val);
    let kl = 0;
    for await (const batch of val) {
      const stats = tf.tidy(() => {
        let h = vib.prepareBatch(batch.x, batch.y).x;
        for (const layer of vib.encoder.layers) h = layer.call(h, false).output;
        return klToStandardNormal((vib.layers[3] as unknown as { statistics(t: tf.Tensor): { mean: tf.Tensor2D; std: tf.Tensor2D } }).statistics(h));
      });
      kl += (await stats.data())[0];
      break;
    }
    results.push({ kl, accuracy });
    // The tracked layers: the encoder's two Dense layers, the code, the decoder's Dense.
    assert.deepEqual(vib.evaluatedDynamics!.shape.slice(3), [4, 2]);
    assert.deepEqual(vib.layers.map((l) => l.name), ['encoder/flatten_1', 'encoder/dense_1', 'encoder/dense_2', 'code', 'decoder/dense_1']);
    const sampled = vib.predict(tf.zeros([3, 1, 28, 28]), { samples: 5 });
    const sums = await tf.sum(sampled, 1).data();
    sums.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-4, 'sampled predictions average probabilities'));
    vib.dispose();
  }
  const [weak, strong] = results;
  assert.ok(weak.accuracy > 0.75, `β = 1e-3: validation accuracy ${weak.accuracy}`);
  assert.ok(strong.kl < weak.kl / 4, `β = 1 squeezes the code: KL ${strong.kl} vs ${weak.kl}`);
});

test('VIB misuse gets errors that name the fix', () => {
  assert.throws(() => new (VIB as unknown as new (...a: unknown[]) => VIB)(16, parts(16).encoder, parts(16).decoder), /one options object/);
  assert.throws(() => new VIB({ hiddenDim: 8, ...parts(16) }), (e: Error) => e instanceof ConfigError && /inputShape must be \[8\]/.test(e.message));
  const { decoder } = parts(16);
  const wide = new Sequential({ inputShape: [1, 28, 28] });
  wide.add(new Flatten()).add(new Dense(20));
  assert.throws(() => new VIB({ hiddenDim: 16, encoder: wide, decoder }), (e: Error) => e instanceof ShapeError && /end with 32 outputs/.test(e.message));
  const vib = new VIB({ hiddenDim: 16, ...parts(16) });
  assert.throws(() => vib.add(), /add layers to the encoder or the decoder/);
  assert.throws(() => vib.compile({ covType: 'full' } as never), /'diag'/);
  assert.throws(() => vib.compile({ trade_off: 1 } as never), /'tradeOff'/);
  vib.compile({});
  return assert.rejects(vib.fitGenerator({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) } as never, null, 1, { tradeOff: 1 } as never), /belongs in vib.compile/);
});
