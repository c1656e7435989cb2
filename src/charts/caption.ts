/**
 * The words that say what was measured: an estimator's one-line caption and
 * its axis labels. A trajectory means little without the estimator, kernel,
 * bandwidth and normalization that produced it, so every chart title carries them.
 */
import type { EvaluatorInfo } from '../contract/dynamicsPayload';

/** Parameters with a conventional wording, in caption order; others follow as `key = value`. */
const KNOWN: Record<string, (value: string | number | boolean) => string> = {
  kernel: (v) => `${v} kernel`,
  sigma: (v) => (typeof v === 'number' ? `σ = ${v}` : `σ: ${v} rule`),
  normalization: (v) => `${v} normalization`,
};

/**
 * One line, e.g. 'HSIC · gaussian kernel · σ = 5 · biased'. The writer's own
 * description wins (it knows its estimator); otherwise it is composed from params.
 */
export function describeEvaluator(evaluator: EvaluatorInfo): string {
  const given = evaluator.description?.trim();
  if (given) return given;
  const params = evaluator.params ?? {};
  const known = Object.keys(KNOWN)
    .filter((key) => key in params)
    .map((key) => KNOWN[key](params[key]));
  const others = Object.entries(params)
    .filter(([key]) => !(key in KNOWN))
    .map(([key, value]) => `${key} = ${value}`);
  return [evaluator.name, ...known, ...others].join(' · ');
}

/**
 * One axis title for a coordinate across evaluators: Vega-Lite axis titles
 * cannot follow a parameter, so when evaluators disagree the title names each
 * ('HSIC(H, X) / I(T; X)') and the chart title names the one shown.
 */
export function axisTitle(evaluators: EvaluatorInfo[], coordinate: 'x' | 'y'): string {
  const labels = evaluators.map((e) => (coordinate === 'x' ? e.xLabel : e.yLabel));
  const distinct = [...new Set(labels)];
  if (distinct.length === 0) return coordinate === 'x' ? 'complexity' : 'relevance';
  return distinct.join(' / ');
}

/**
 * A Vega expression string literal for arbitrary text: every character
 * outside printable ASCII, and quotes and backslashes, as \uXXXX, so no
 * payload text can end the literal or reach the expression parser as code.
 */
export function expressionString(text: string): string {
  return `"${text.replace(/[^\x20-\x7e]|["\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
