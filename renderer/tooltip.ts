/**
 * Tooltip HTML from a datum, with every value escaped. vega-tooltip's own
 * formatter escapes only & and <, and turns an `image` key into an <img> that
 * loads its URL, which a spec from an untrusted file could use to reach the
 * network; here `image` is shown as text like any other key.
 */

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function stringify(value: unknown, maxDepth: number): string {
  const seen: unknown[] = [];
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v !== 'object' || v === null) return v;
    const depth = seen.indexOf(this) + 1;
    seen.length = depth;
    if (depth > maxDepth) return '[Object]';
    if (seen.includes(v)) return '[Circular]';
    seen.push(v);
    return v;
  });
}

/** Same layout as vega-tooltip's (title, then a key/value table); the signature vega-tooltip's `formatTooltip` option expects. */
export function formatTooltip(value: unknown, _valueToHtml: (value: unknown) => string, maxDepth: number): string {
  if (Array.isArray(value)) return `[${value.map((v) => escapeHtml(typeof v === 'string' ? v : stringify(v, maxDepth))).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const { title, ...rest } = value as Record<string, unknown>;
    let html = title !== undefined && title !== null && title !== '' ? `<h2>${escapeHtml(title)}</h2>` : '';
    const rows = Object.entries(rest).filter(([, v]) => v !== undefined);
    if (rows.length > 0) {
      html += '<table>';
      for (const [key, v] of rows) {
        const text = typeof v === 'object' && v !== null ? stringify(v, maxDepth) : v;
        html += `<tr><td class="key">${escapeHtml(key)}</td><td class="value">${escapeHtml(text)}</td></tr>`;
      }
      html += '</table>';
    }
    return html || '{}';
  }
  return escapeHtml(value);
}
