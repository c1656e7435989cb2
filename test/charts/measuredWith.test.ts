import assert from 'node:assert/strict';
import test from 'node:test';
import { measuredWith } from '../../src/charts/measuredWith';
import { HSIC_EVALUATOR, KDE_EVALUATOR, makePayload } from './fixtures/payload';

test('one line per evaluator naming the estimator, kernel, σ and normalization, the axes and the layers', () => {
  const payload = makePayload({ epochs: 1, layers: ['dense_1', 'dense_2'], evaluators: [HSIC_EVALUATOR, { ...HSIC_EVALUATOR, description: undefined, params: { kernel: 'gaussian', sigma: 'median', normalization: 'cka' } }, KDE_EVALUATOR] });
  const lines = measuredWith(payload);
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^Information plane of dense_1, dense_2 \(x = HSIC\(H, X\), y = HSIC\(H, Y\)\): HSIC · gaussian kernel · σ = 5 · biased \(run [^,]+, [^,]+, 1 epoch, done\)$/);
  assert.match(lines[1], /HSIC · gaussian kernel · σ: median rule · cka normalization/);
  assert.match(lines[2], /\(x = I\(T; X\), y = I\(T; Y\)\): KDEMI · noiseVariance = 0\.1/);
});

test("an evaluator's permutation baseline is named where the export and the report describe its chart; one without says nothing of it", () => {
  const payload = makePayload({ epochs: 2, evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR], baseline: true });
  const [hsic, kde] = measuredWith(payload);
  assert.match(hsic, /; dashed: permutation baseline, the value with the layer's rows shuffled \(independence\)$/);
  assert.doesNotMatch(kde, /baseline/);
});
