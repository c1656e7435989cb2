/**
 * What a compare chart says in words: the series names in its legend, its
 * title, and the sentences the HTML report lists under it. A band is said
 * to be "mean ± 1 sd over N runs" wherever it appears, so nobody reads it
 * as a confidence interval.
 */
import type { ComparePayload } from '../../contract/dynamicsPayload';
import { BASELINE_CAPTION, hasBaselineFor } from '../baseline';
import { describeEvaluator, expressionString } from '../caption';
import { PARAM } from '../controls';
import type { ViewSpec } from '../vl';
import { hasFloor } from './baseline';
import { bandStatement, groupSeries, groupSizes } from './rows';

/**
 * The coloured series, in legend order: the runs' labels, or with a band one
 * entry per group that states the band ('mean ± 1 sd over 3 runs', with the
 * group's name in front when there are several).
 */
export function seriesNames(payload: ComparePayload): string[] {
  return payload.aggregate === 'mean-sd' ? [...groupSeries(payload).values()] : payload.runs.map((r) => r.label);
}

/** The legend's title: what the colours are. */
export function seriesTitle(payload: ComparePayload): string {
  return payload.aggregate === 'mean-sd' ? 'configuration' : 'run';
}

/** What the series are, for the title: '3 runs' or 'mean ± 1 sd over 3 runs'. */
function seriesPhrase(payload: ComparePayload): string {
  const sizes = groupSizes(payload);
  if (payload.aggregate !== 'mean-sd') return `${payload.runs.length} run${payload.runs.length === 1 ? '' : 's'}, coloured by run`;
  if (sizes.size === 1) return bandStatement(payload.runs.length);
  return `${sizes.size} configurations, each the mean ± 1 sd over its runs`;
}

export function compareTitle(payload: ComparePayload): ViewSpec['title'] {
  const evaluators = payload.runs[0]?.dynamics.evaluators ?? [];
  const phrase = seriesPhrase(payload);
  const titles = evaluators.map((e) => `Information plane · ${describeEvaluator(e)}`);
  const first = evaluators[0];
  const line = titles.length <= 1 && first ? `x = ${first.xLabel}, y = ${first.yLabel} · ${phrase}` : phrase;
  // The dashed lines are said only where drawn, in the single-run chart's words; on a line of
  // their own, as after a band's statement for several configurations they would run past the chart.
  const subtitle = hasFloor(payload) ? [line, BASELINE_CAPTION] : line;
  if (titles.length <= 1) return { text: titles[0] ?? 'Information plane', subtitle };
  return { text: { expr: `[${titles.map(expressionString).join(', ')}][${PARAM.evaluator}]` }, subtitle };
}

/** One sentence per evaluator, for the report and export, e.g. 'Information plane of dense_1, dense_2 (x = …, y = …): HSIC · … · 3 runs: seed-1 (run …, wasm, 3 epochs, done); …', ending as measuredWith's with the floor's sentence where that evaluator has one. */
export function compareCaptions(payload: ComparePayload): string[] {
  const first = payload.runs[0]?.dynamics;
  if (!first) return [];
  const runs = payload.runs
    .map(({ label, group, dynamics: d }) => `${label}${payload.aggregate === 'mean-sd' && groupSizes(payload).size > 1 ? ` [${group}]` : ''} (run ${d.runId}, ${d.backend}, ${d.epochs.length} epoch${d.epochs.length === 1 ? '' : 's'}, ${d.status})`)
    .join('; ');
  return first.evaluators.map((e, i) => {
    const floor = payload.runs.some((r) => hasBaselineFor(r.dynamics, i)) ? `; ${BASELINE_CAPTION}` : '';
    return `Information plane of ${first.layers.join(', ')} (x = ${e.xLabel}, y = ${e.yLabel}): ${describeEvaluator(e)} · ${seriesPhrase(payload)}: ${runs}${floor}`;
  });
}
