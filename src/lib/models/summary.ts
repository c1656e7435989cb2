import type { Layer } from '../layers/layer';
import { MIME_BUNDLE, type MimeBundle } from '../display';

/**
 * What `summary()` returns: the Keras-like table, shown as the table (not a
 * quoted string) as a notebook cell's last value, by console.log, and in
 * template strings; `String(summary)` or `.text` gives the plain string.
 */
export class ModelSummary {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  [MIME_BUNDLE](): MimeBundle {
    return { 'text/plain': this.text };
  }
  /** Node's console.log / util.inspect print the table itself. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.text;
  }
}
import { formatShape, sizeOf } from '../layers/shapes';

export interface SummaryRow {
  name: string;
  kind: string;
  /** Per-sample output shape, channels-first as the user gives shapes. */
  outputShape: string;
  params: number;
  activation: string;
}

export function summaryRows(layers: readonly Layer[]): SummaryRow[] {
  return layers.map((layer) => ({
    name: layer.name,
    kind: layer.kind,
    outputShape: formatShape(layer.outputShape),
    params: layer.paramCount,
    activation: layer.activation,
  }));
}

/** A Keras-style text table: layer, output shape, parameter count, and totals. */
export function formatSummary(title: string, inputShape: readonly number[], layers: readonly Layer[]): string {
  const rows = summaryRows(layers);
  const header = ['Layer (type)', 'Output shape', 'Param #'];
  const body = [
    ['input', `[${inputShape.join(', ')}]`, '0'],
    ...rows.map((r) => [`${r.name} (${r.kind}${r.activation === 'linear' ? '' : `, ${r.activation}`})`, r.outputShape, r.params.toLocaleString('en-US')]),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('   ');
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 6);
  const total = rows.reduce((n, r) => n + r.params, 0);
  return [
    `Model: ${title}`,
    rule,
    line(header),
    rule,
    ...body.map(line),
    rule,
    `Total params: ${total.toLocaleString('en-US')}`,
    `Input size per sample: ${sizeOf(inputShape).toLocaleString('en-US')}`,
  ].join('\n');
}
