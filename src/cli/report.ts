/**
 * The self-contained HTML report of a run: markdown rendered with
 * markdown-it, code, text outputs, errors, and the training-dynamics charts
 * drawn by the same builders as the notebook renderer (src/cli/reportCharts.ts).
 */
import MarkdownIt from 'markdown-it';
import { ERROR_MIME, isJsonMime, STDERR_MIME, STDOUT_MIME } from '../format/mime';
import type { CellOutput, Notebook, OutputItem } from '../format/types';
import { measuredWith } from '../charts/measuredWith';
import { validatePayload } from '../charts/validate';
import { chartsScript, inlineJson, renderChartHtml, type ReportChart } from './reportCharts';
import { compareCaptions } from '../charts/compare/caption';
import { validateComparePayload } from '../charts/compare/validate';
import { cellTags } from '../format/tags';
import { COMPARE_MIME, DYNAMICS_MIME, type ComparePayload, type DynamicsPayload } from '../contract/dynamicsPayload';

export interface ReportInfo {
  title: string;
  backend?: string;
  /** Status line per code cell index, e.g. '✓ 1.2 s'. */
  cellStatus: Map<number, string>;
  generatedAt: Date;
}

const markdown = new MarkdownIt({ html: false, linkify: true });

export function renderReport(notebook: Notebook, info: ReportInfo): string {
  const charts = new ChartWriter();
  const body = notebook.cells
    .map((cell, index) => {
      if (cell.kind === 'markdown') return `<section class="markdown">${markdown.render(cell.source)}</section>`;
      const status = info.cellStatus.get(index);
      // Tags say which cell holds the defaults ('parameters') and which the run's values ('injected-parameters').
      const tags = cellTags(cell);
      return [
        `<section class="code-cell">`,
        `<div class="cell-head">cell ${index + 1}${cell.executionOrder !== undefined ? ` · [${cell.executionOrder}]` : ''}${status ? ` · ${escape(status)}` : ''}${tags.length > 0 ? ` · tags: ${escape(tags.join(', '))}` : ''}</div>`,
        `<pre class="code"><code>${escape(cell.source)}</code></pre>`,
        ...cell.outputs.map((output) => renderOutput(output, charts)),
        `</section>`,
      ].join('\n');
    })
    .join('\n');
  const meta = [`Generated ${info.generatedAt.toISOString()}`, info.backend ? `backend: ${info.backend}` : ''].filter(Boolean).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escape(info.title)}</h1><p class="meta">${escape(meta)}</p></header>
<main>
${body}
</main>
</body>
</html>
`;
}

function renderOutput(output: CellOutput, charts: ChartWriter): string {
  const item = pickItem(output.items);
  if (!item) return '';
  const { mime, data } = item;
  if (mime === DYNAMICS_MIME) {
    const payload = data as unknown as DynamicsPayload;
    // In words too: the chart's title names only the evaluator its control shows. (A payload that does not
    // validate gets none; the chart script shows why it cannot draw it.)
    const check = validatePayload(payload);
    const measured = check.ok ? `<ul class="measured">${measuredWith(check.payload).map((line) => `<li>${escape(line)}</li>`).join('')}</ul>` : '';
    return `<div class="output chart">${charts.render({ mime, payload })}${measured}</div>`;
  }
  if (mime === COMPARE_MIME) {
    const payload = data as unknown as ComparePayload;
    const check = validateComparePayload(payload);
    const measured = check.ok ? `<ul class="measured">${compareCaptions(check.payload).map((line) => `<li>${escape(line)}</li>`).join('')}</ul>` : '';
    return `<div class="output chart compare">${charts.render({ mime, payload })}${measured}</div>`;
  }
  if (mime === ERROR_MIME) {
    const error = data as { name?: string; message?: string; stack?: string };
    return `<pre class="output error">${escape(error.stack || `${error.name}: ${error.message}`)}</pre>`;
  }
  if (mime === STDOUT_MIME || mime === STDERR_MIME || mime === 'text/plain') {
    return `<pre class="output ${mime === STDERR_MIME ? 'stderr' : 'stdout'}">${escape(String(data))}</pre>`;
  }
  if (mime === 'text/markdown') return `<div class="output markdown">${markdown.render(String(data))}</div>`;
  if (mime === 'text/html') return `<iframe class="output html" sandbox srcdoc="${escape(String(data))}"></iframe>`;
  if (mime.startsWith('image/')) {
    const base64 = data instanceof Uint8Array ? Buffer.from(data).toString('base64') : Buffer.from(String(data)).toString('base64');
    return `<img class="output image" alt="${escape(mime)} output" src="data:${escape(mime)};base64,${base64}">`;
  }
  if (isJsonMime(mime)) {
    return `<details class="output json"><summary>${escape(mime)} (not drawn in the report)</summary><pre>${escape(JSON.stringify(data, null, 2))}</pre></details>`;
  }
  return `<p class="output note">[${escape(mime)} output not shown in the report]</p>`;
}

/** The richest item the report can show (what a notebook would pick). */
function pickItem(items: OutputItem[]): OutputItem | undefined {
  const order = [DYNAMICS_MIME, COMPARE_MIME, ERROR_MIME, 'text/html', 'image/svg+xml', 'image/png', 'image/jpeg', 'text/markdown', STDOUT_MIME, STDERR_MIME, 'text/plain'];
  for (const mime of order) {
    const item = items.find((i) => i.mime === mime);
    if (item) return item;
  }
  return items[0];
}

/** Inlines the charts script once, before the first chart; without it, each payload is kept as JSON with a note. */
class ChartWriter {
  private state: 'unchecked' | 'first' | 'inlined' | 'unavailable' = 'unchecked';
  private failure = '';

  render(chart: ReportChart): string {
    if (this.state === 'unchecked') {
      try {
        chartsScript();
        this.state = 'first';
      } catch (error) {
        this.state = 'unavailable';
        this.failure = error instanceof Error ? error.message : String(error);
      }
    }
    if (this.state === 'unavailable') {
      return `<p class="note">Chart unavailable: ${escape(this.failure)}</p>\n<script type="application/json" class="${chart.mime === COMPARE_MIME ? 'ibnb-compare' : 'ibnb-dynamics'}">${inlineJson(chart.payload)}</script>`;
    }
    const html = renderChartHtml(chart, { includeScript: this.state === 'first' });
    this.state = 'inlined';
    return html;
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0 auto; max-width: 1100px; padding: 1rem 2rem 4rem; }
header h1 { margin-bottom: 0; } .meta { color: #59636e; margin-top: .25rem; }
section { margin: 1.25rem 0; }
.cell-head { font-size: 12px; color: #59636e; margin-bottom: .25rem; }
pre { margin: 0; padding: .6rem .8rem; overflow-x: auto; border-radius: 6px; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre.code { background: #f6f8fa; border: 1px solid #d1d9e0; }
.output { margin-top: .4rem; }
pre.stdout { background: #fff; border-left: 3px solid #d1d9e0; }
pre.stderr { background: #fff8c5; border-left: 3px solid #d4a72c; }
pre.error { background: #ffebe9; border-left: 3px solid #cf222e; color: #82071e; }
iframe.html { width: 100%; min-height: 200px; border: 1px solid #d1d9e0; }
img.image { max-width: 100%; }
.note { color: #59636e; font-style: italic; }
ul.measured { color: #59636e; font-size: 13px; margin: .3rem 0 0; padding-left: 1.2rem; }
`;
