/**
 * A dynamics payload as static SVG, one picture per evaluator: the same
 * Vega-Lite spec the notebook renderer and the HTML report draw, compiled
 * and rendered by Vega's headless View (no browser, no canvas: SVG needs
 * neither). A static picture cannot follow the estimator control, so each
 * evaluator gets its own, with the control set to it.
 */
import { buildDynamicsSpec } from '../../charts/dashboard';
import { buildCompareSpec } from '../../charts/compare/spec';
import { PARAM } from '../../charts/controls';
import type { TopLevelSpec } from '../../charts/vl';
import type { ComparePayload, DynamicsPayload, EvaluatorInfo } from '../../contract/dynamicsPayload';

export interface ChartPicture {
  evaluator: EvaluatorInfo;
  svg: string;
}

/** The width the chart is laid out for: GitHub's and Jupyter's output area. */
const EXPORT_WIDTH = 860;

export function dynamicsPictures(payload: DynamicsPayload): Promise<ChartPicture[]> {
  return pictures(buildDynamicsSpec(payload, { width: EXPORT_WIDTH }), payload.evaluators);
}

/** A comparison of runs (compareRuns), one picture per evaluator like the dynamics chart. */
export function comparePictures(payload: ComparePayload): Promise<ChartPicture[]> {
  return pictures(buildCompareSpec(payload, { width: EXPORT_WIDTH }), payload.runs[0]?.dynamics.evaluators ?? []);
}

async function pictures(chart: TopLevelSpec, evaluators: EvaluatorInfo[]): Promise<ChartPicture[]> {
  // vega and vega-lite are ES modules with top-level await: only a dynamic import loads them from CommonJS.
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const spec = compile(chart as never).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    const pictures: ChartPicture[] = [];
    for (const [index, evaluator] of evaluators.entries()) {
      view.signal(PARAM.evaluator, index);
      await view.runAsync();
      pictures.push({ evaluator, svg: await view.toSVG() });
    }
    return pictures;
  } finally {
    view.finalize();
  }
}
