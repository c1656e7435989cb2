/**
 * Entry of dist/renderer/report-charts.js, the classic script (global
 * `IbnbCharts`) that the CLI's self-contained HTML report inlines: the same
 * builders and output code as the notebook renderer, so a chart looks the
 * same in a report, with no module loader and no network.
 */
import { DYNAMICS_MIME, LIGHT_THEME } from '../src/charts/index';
import { ChartHost } from './host';
import type { OutputSnapshot } from './output';

// SVG: a report is read, zoomed and printed more than it is animated.
const host = new ChartHost({ theme: () => LIGHT_THEME, renderer: 'svg' });

/**
 * Draws the payload in <script type="application/json" id="{id}-data"> into
 * the element with id `id`; `mime` says which contract it follows (training
 * dynamics by default, or a comparison of runs).
 */
export function render(id: string, mime: string = DYNAMICS_MIME): Promise<void> {
  const element = document.getElementById(id);
  const data = document.getElementById(`${id}-data`);
  if (!element) return Promise.resolve();
  let value: unknown;
  try {
    value = JSON.parse(data?.textContent ?? '');
  } catch {
    return host.render(element, { id, mime, error: 'Cannot show this chart: the embedded data is not valid JSON.' });
  }
  return host.render(element, { id, mime, value });
}

export function inspect(id: string): OutputSnapshot | undefined {
  return host.inspect(id);
}
