/**
 * A dynamics payload as static SVG, one picture per evaluator: the same
 * Vega-Lite spec the notebook renderer and the HTML report draw, compiled
 * and rendered by Vega's headless View (no browser, no canvas: SVG needs
 * neither). A static picture cannot follow the estimator control, so each
 * evaluator gets its own, with the control set to it.
 */
import { buildDynamicsSpec } from '../../charts/dashboard';
import { PARAM } from '../../charts/controls';
import type { DynamicsPayload, EvaluatorInfo } from '../../contract/dynamicsPayload';

export interface ChartPicture {
  evaluator: EvaluatorInfo;
  svg: string;
}

/** The width the chart is laid out for: GitHub's and Jupyter's output area. */
const EXPORT_WIDTH = 860;

export async function dynamicsPictures(payload: DynamicsPayload): Promise<ChartPicture[]> {
  // vega and vega-lite are ES modules with top-level await: only a dynamic import loads them from CommonJS.
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const spec = compile(buildDynamicsSpec(payload, { width: EXPORT_WIDTH }) as never).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    const pictures: ChartPicture[] = [];
    for (const [index, evaluator] of payload.evaluators.entries()) {
      view.signal(PARAM.evaluator, index);
      await view.runAsync();
      pictures.push({ evaluator, svg: await view.toSVG() });
    }
    return pictures;
  } finally {
    view.finalize();
  }
}
