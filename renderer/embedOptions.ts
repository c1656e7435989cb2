/**
 * The vega-embed options every chart gets: one place that says what a chart
 * may do. Export as PNG/SVG only (no source view, no editor: those open
 * windows and post the spec off the machine); no loading from URLs or files;
 * escaped tooltips; events confined to the chart; and a spec's expressions
 * interpreted, never compiled with `new Function`, unless the spec is our own.
 */
import type { Spec as VgSpec } from 'vega';
import type { EmbedOptions } from 'vega-embed';
import type { ChartTheme } from '../src/charts/index';
import { noNetworkLoader, type BlockedHandler } from './noNetworkLoader';
import { formatTooltip } from './tooltip';

export type RendererKind = 'canvas' | 'svg';

export interface SafeEmbedOptions {
  theme: ChartTheme;
  renderer: RendererKind;
  /** Element for the bound inputs (controls); by default vega-embed puts them under the chart. */
  bind?: HTMLElement;
  /** A Vega-Lite config for specs without their own; the dynamics spec carries its config itself. */
  config?: EmbedOptions['config'];
  downloadFileName?: string;
  onBlocked?: BlockedHandler;
  /**
   * The spec was built here (the dynamics chart): its expressions are ours,
   * with payload text only inside escaped string literals, so Vega may compile
   * them to functions (about twice as fast to draw) where the page allows
   * `new Function`. Any other spec's expressions are interpreted.
   */
  ownSpec?: boolean;
}

let evalAllowed: boolean | undefined;

/** Whether this page's Content Security Policy lets Vega compile expressions. */
function canCompileExpressions(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function('return true')() === true;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

/** Window events Vega-Lite's selections need (dragging a zoom, container width); no keys, no others. */
const WINDOW_EVENTS = ['pointermove', 'pointerup', 'mousemove', 'mouseup', 'touchmove', 'touchend', 'resize'];

/**
 * Confines a compiled spec's event handling to its own view: no listeners on
 * other elements of the webview (CSS-selector event sources), only the window
 * events above, and no binding of signals to elements outside the chart.
 */
export function confineEvents(spec: VgSpec): VgSpec {
  const config = spec.config ?? {};
  return { ...spec, config: { ...config, events: { ...config.events, selector: false, window: WINDOW_EVENTS, bind: 'container' } } };
}

export function safeEmbedOptions(options: SafeEmbedOptions): EmbedOptions {
  const dark = options.theme.kind === 'dark' || options.theme.kind === 'high-contrast';
  return {
    mode: 'vega-lite',
    renderer: options.renderer,
    actions: { export: { png: true, svg: true }, source: false, compiled: false, editor: false },
    loader: noNetworkLoader(options.onBlocked),
    tooltip: { theme: dark ? 'dark' : 'light', formatTooltip },
    ast: !(options.ownSpec && canCompileExpressions()),
    patch: confineEvents,
    // Keep Vega's warnings in the console, off the page.
    logLevel: 1,
    downloadFileName: options.downloadFileName ?? 'ibnb-chart',
    ...(options.bind ? { bind: options.bind } : {}),
    ...(options.config ? { config: options.config } : {}),
  };
}
