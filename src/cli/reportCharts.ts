/**
 * Charts for the CLI's self-contained HTML report (Node only). The report
 * draws with the same builders as the notebook renderer, in the browser that
 * opens it, from a pre-built classic script (dist/renderer/report-charts.js,
 * built by `npm run build` from renderer/report.ts) that is inlined: the
 * page needs no network and no other file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ComparePayload, DynamicsPayload } from '../contract/dynamicsPayload';
import { COMPARE_MIME, DYNAMICS_MIME } from '../contract/mime';

export const REPORT_SCRIPT_FILE = join('renderer', 'report-charts.js');

export interface ChartsHtmlOptions {
  /** Element id; by default derived from the run id. Must be unique in the page. */
  id?: string;
  /**
   * Inline the charts script (about 0.9 MB) with this fragment. Default true;
   * a report with several charts can put `chartsScript()` in once and pass false.
   */
  includeScript?: boolean;
  /** The script's text, if the caller has it already (otherwise read from disk by chartsScript). */
  script?: string;
}

/** What a report chart draws: training dynamics, or a comparison of runs (compareRuns). */
export type ReportChart = { mime: typeof DYNAMICS_MIME; payload: DynamicsPayload } | { mime: typeof COMPARE_MIME; payload: ComparePayload };

let cached: { path: string; text: string } | undefined;

/**
 * Where report-charts.js is: next to the bundle that runs this code (dist/cli/… →
 * dist/renderer/…), or under dist/ of the package when running from sources
 * (src/cli/ through tsx); IBNB_REPORT_SCRIPT overrides both.
 */
export function chartsScriptPath(): string {
  const override = process.env.IBNB_REPORT_SCRIPT;
  if (override) return resolve(override);
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const tried: string[] = [];
  for (let dir = here, depth = 0; depth < 6; dir = dirname(dir), depth++) {
    for (const candidate of [join(dir, REPORT_SCRIPT_FILE), join(dir, 'dist', REPORT_SCRIPT_FILE)]) {
      tried.push(candidate);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`The HTML report's chart script (${REPORT_SCRIPT_FILE}) is missing; run \`npm run build\`. Looked in: ${tried.join(', ')}`);
}

/** The charts script, made safe to inline in a <script> element. */
export function chartsScript(): string {
  const path = chartsScriptPath();
  if (cached?.path !== path) cached = { path, text: readFileSync(path, 'utf8') };
  return inlineScript(cached.text);
}

/**
 * Script text that cannot end its <script> element early: `</script` and
 * `<!--` only occur in the bundle inside strings and regular expressions,
 * where `<\/` and `<\!` mean the same characters.
 */
export function inlineScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON for a <script type="application/json"> element: `<` escaped so no payload text can close it. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

let counter = 0;

function elementId(name: string, given?: string): string {
  if (given !== undefined) {
    if (!/^[A-Za-z][\w-]*$/.test(given)) throw new Error(`Chart element id must be letters, digits, '-' or '_', starting with a letter; got ${JSON.stringify(given)}.`);
    return given;
  }
  counter += 1;
  const safeRun = String(name).replace(/[^\w-]+/g, '-').slice(0, 40);
  return `ibnb-charts-${safeRun}-${counter}`;
}

/**
 * An HTML fragment that draws the payload's charts (information plane,
 * measures by epoch, loss and accuracy) with their controls. Self-contained:
 * the data and, unless `includeScript: false`, the charts script are inline.
 */
export function renderChartsHtml(payload: DynamicsPayload, options: ChartsHtmlOptions = {}): string {
  return renderChartHtml({ mime: DYNAMICS_MIME, payload }, options);
}

/** renderChartsHtml for either chart; the script is told which contract the data follow. */
export function renderChartHtml(chart: ReportChart, options: ChartsHtmlOptions = {}): string {
  const payload = chart.payload;
  const id = elementId(chart.mime === COMPARE_MIME ? 'compare' : (payload as DynamicsPayload).runId, options.id);
  const script = options.includeScript === false ? '' : `<script>${options.script !== undefined ? inlineScript(options.script) : chartsScript()}</script>\n`;
  return [
    `<div class="ibnb-charts" id="${id}"><noscript>The charts need JavaScript.</noscript></div>`,
    `<script type="application/json" id="${id}-data">${inlineJson(payload)}</script>`,
    // Dynamics is the script's default contract; a comparison names its own.
    `${script}<script>IbnbCharts.render(${[id, ...(chart.mime === COMPARE_MIME ? [chart.mime] : [])].map((v) => JSON.stringify(v)).join(', ')});</script>`,
  ].join('\n');
}
