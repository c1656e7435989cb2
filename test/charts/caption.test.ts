import assert from 'node:assert/strict';
import test from 'node:test';
import { axisTitle, describeEvaluator, expressionString } from '../../src/charts/index';
import { HSIC_EVALUATOR, KDE_EVALUATOR } from './fixtures/payload';

test("an evaluator's own description is its caption", () => {
  assert.equal(describeEvaluator(HSIC_EVALUATOR), 'HSIC · gaussian kernel · σ = 5 · biased');
});

test('without a description the caption names estimator, kernel, σ or its rule, and normalization', () => {
  const base = { ...HSIC_EVALUATOR, description: undefined };
  assert.equal(describeEvaluator(base), 'HSIC · gaussian kernel · σ = 5 · biased normalization');
  assert.equal(describeEvaluator({ ...base, params: { normalization: 'unbiased', sigma: 'median', kernel: 'gaussian' } }), 'HSIC · gaussian kernel · σ: median rule · unbiased normalization');
  assert.equal(describeEvaluator(KDE_EVALUATOR), 'KDEMI · noiseVariance = 0.1');
});

test('axis titles name each distinct label', () => {
  assert.equal(axisTitle([HSIC_EVALUATOR], 'x'), 'HSIC(H, X)');
  assert.equal(axisTitle([HSIC_EVALUATOR, HSIC_EVALUATOR], 'y'), 'HSIC(H, Y)');
  assert.equal(axisTitle([HSIC_EVALUATOR, KDE_EVALUATOR], 'x'), 'HSIC(H, X) / I(T; X)');
});

test('expressionString makes any text a Vega string literal that evaluates back to the text', async () => {
  const { parseExpression, codegenExpression } = await import('vega');
  const nasty = `a"b'c\\d</script>\u2028σ ${'`'}\${x}\n😀`;
  const literal = expressionString(nasty);
  assert.match(literal, /^"[\x20-\x7e]*"$/);
  const ast = parseExpression(literal) as { type: string; value: unknown };
  assert.equal(ast.type, 'Literal');
  assert.equal(ast.value, nasty);
  assert.ok(codegenExpression);
});
