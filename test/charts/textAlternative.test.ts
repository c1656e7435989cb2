import assert from 'node:assert/strict';
import test from 'node:test';
import { dynamicsTextAlternative } from '../../src/charts/index';
import { makePayload, REFERENCE_LAYERS } from './fixtures/payload';

test("the text alternative names the chart, every layer and where each ended, the loss and accuracy", () => {
  const payload = makePayload({ epochs: 3, batchesPerEpoch: 4 });
  const { title, summary } = dynamicsTextAlternative(payload);
  assert.equal(title, `Training dynamics: information plane of 5 layers, run ${payload.runId}`);
  const last = payload.epochs[2];
  assert.match(summary, /^3 epochs on the wasm backend, finished\./);
  assert.match(summary, /HSIC · gaussian kernel · σ = 5 · biased: at epoch 3, HSIC\(H, X\) and HSIC\(H, Y\) per layer: /);
  REFERENCE_LAYERS.forEach((layer, l) => {
    const [x, y] = last.mean[0][l];
    assert.ok(summary.includes(`${layer} ${x.toPrecision(3)}, ${y.toPrecision(3)}`), `${layer} in: ${summary}`);
  });
  assert.ok(summary.includes(`Training loss ${last.loss!.toPrecision(3)}`));
});

test('the text alternative says so when no epoch has finished, or a metric was not measured', () => {
  const running = { ...makePayload({ epochs: 1, status: 'running' }), epochs: [] };
  assert.equal(dynamicsTextAlternative(running).summary, 'No epoch has finished yet; the run is still training.');
  const noAccuracy = makePayload({ epochs: 1 });
  noAccuracy.epochs[0].accuracy = null;
  assert.match(dynamicsTextAlternative(noAccuracy).summary, /accuracy not measured/);
});
