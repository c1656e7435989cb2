/**
 * VS Code notebook renderer for IB Notebooks outputs:
 *   application/vnd.ibnb.dynamics+json  training dynamics (information plane, measures, loss and accuracy)
 *   application/vnd.ibnb.compare+json   several runs compared (compareRuns)
 *   application/vnd.vegalite.v5+json    any Vega-Lite spec shown with display(spec)
 * VS Code imports this bundle (dist/renderer/index.js) as an ES module in
 * the notebook's output webview and calls `activate`.
 */
import { COMPARE_MIME, DYNAMICS_MIME } from '../src/charts/index';
import { ChartHost } from './host';
import { VEGALITE_MIME, type OutputRequest, type OutputSnapshot } from './output';
import type { ActivationFunction, OutputItem } from './rendererApi';
import { readTheme } from './theme';

export const MIME_TYPES = [DYNAMICS_MIME, COMPARE_MIME, VEGALITE_MIME] as const;

let activeHost: ChartHost | undefined;

function requestOf(item: OutputItem): OutputRequest {
  try {
    return { id: item.id, mime: item.mime, value: item.json() };
  } catch (error) {
    return { id: item.id, mime: item.mime, error: `Cannot show this output: it is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
}

export const activate: ActivationFunction = () => {
  // Canvas: tens of thousands of points stay interactive where SVG nodes would not.
  const host = new ChartHost({ theme: () => readTheme(), renderer: 'canvas', watchTheme: true });
  activeHost = host;
  return {
    renderOutputItem(outputItem, element, signal) {
      return host.render(element, requestOf(outputItem), signal);
    },
    disposeOutputItem(id) {
      host.dispose(id);
    },
  };
};

/** What an output shows (views, marks drawn, message): for tests and the benchmark, not used by VS Code. */
export function inspectOutput(id: string): OutputSnapshot | undefined {
  return activeHost?.inspect(id);
}
