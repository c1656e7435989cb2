/**
 * VS Code notebook renderer for IB Notebooks outputs:
 *   application/vnd.ibnb.dynamics+json  training dynamics (information plane, measures, loss and accuracy)
 *   application/vnd.ibnb.compare+json   several runs compared (compareRuns)
 *   application/vnd.vegalite.v5+json    any Vega-Lite spec shown with display(spec)
 * VS Code imports this bundle (dist/renderer/index.js) as an ES module in
 * the notebook's output webview and calls `activate`. While a model trains,
 * the extension posts live dynamics updates (DynamicsDeltaMessage) that the
 * renderer merges into the chart it shows.
 */
import { COMPARE_MIME, DYNAMICS_MIME, type DynamicsResyncMessage } from '../src/charts/index';
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

export const activate: ActivationFunction = (context) => {
  // Canvas: tens of thousands of points stay interactive where SVG nodes would not.
  const host = new ChartHost({
    theme: () => readTheme(),
    renderer: 'canvas',
    watchTheme: true,
    requestWhole: (outputId) => context.postMessage?.({ type: 'dynamicsResync', outputId } satisfies DynamicsResyncMessage),
  });
  activeHost = host;
  // Live dynamics updates (only the batches since the last) come as messages from the extension.
  context.onDidReceiveMessage?.((message) => host.receive(message));
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

/** Resolves when output `id` has drawn every update it was given (tests and the benchmark). */
export function settledOutput(id: string): Promise<void> {
  return activeHost?.output(id)?.settled() ?? Promise.resolve();
}
