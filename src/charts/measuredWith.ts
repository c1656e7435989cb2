/**
 * What a chart measured, as plain sentences: the static pictures of an
 * export and the HTML report carry them beside the chart, so a reader (or a
 * screen reader) knows the estimator, kernel, σ rule and normalization
 * without the interactive title. The wording is describeEvaluator's, the
 * same as the chart titles.
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import { BASELINE_CAPTION, hasBaselineFor } from './baseline';
import { describeEvaluator } from './caption';

/** One line per evaluator, e.g. 'Information plane of dense_1, dense_2 (x = HSIC(H, X), y = HSIC(H, Y)): HSIC · gaussian kernel · σ = 5 · biased (run …, wasm)'. */
export function measuredWith(payload: DynamicsPayload): string[] {
  const layers = payload.layers.join(', ');
  return payload.evaluators.map((e, i) => {
    const floor = hasBaselineFor(payload, i) ? `; ${BASELINE_CAPTION}` : '';
    return `Information plane of ${layers} (x = ${e.xLabel}, y = ${e.yLabel}): ${describeEvaluator(e)} (run ${payload.runId}, ${payload.backend}, ${payload.epochs.length} epoch${payload.epochs.length === 1 ? '' : 's'}, ${payload.status})${floor}`;
  });
}
