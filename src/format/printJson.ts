/**
 * JSON with 2-space indentation, like JSON.stringify(value, null, 2), except
 * that arrays of plain numbers are packed several to a line: a dynamics
 * payload holds thousands of them, and one per line would make the file
 * (and its diffs) enormous.
 */

const WIDTH = 100;

export function printJson(value: unknown, indent = ''): string {
  const json = toJson(value);
  if (json === undefined) return 'null';
  if (Array.isArray(json)) return printArray(json, indent);
  if (typeof json === 'object' && json !== null) return printObject(json as Record<string, unknown>, indent);
  return JSON.stringify(json);
}

/** Applies toJSON (dates, typed arrays stay as JSON.stringify would show them). */
function toJson(value: unknown): unknown {
  if (typeof value === 'function' || typeof value === 'symbol' || value === undefined) return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(): unknown }).toJSON();
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

function printObject(obj: Record<string, unknown>, indent: string): string {
  const inner = `${indent}  `;
  const entries: string[] = [];
  for (const [key, raw] of Object.entries(obj)) {
    if (toJson(raw) === undefined) continue;
    entries.push(`${inner}${JSON.stringify(key)}: ${printJson(raw, inner)}`);
  }
  return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indent}}`;
}

function printArray(items: unknown[], indent: string): string {
  if (items.length === 0) return '[]';
  const inner = `${indent}  `;
  if (items.every(isScalar)) {
    const texts = items.map((item) => JSON.stringify(item) ?? 'null');
    const oneLine = `[${texts.join(', ')}]`;
    if (indent.length + oneLine.length <= WIDTH) return oneLine;
    return `[\n${packLines(texts, inner).join('\n')}\n${indent}]`;
  }
  return `[\n${items.map((item) => `${inner}${printJson(item, inner)}`).join(',\n')}\n${indent}]`;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'number' || typeof value === 'boolean';
}

function packLines(texts: string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < texts.length; i++) {
    const piece = texts[i] + (i < texts.length - 1 ? ',' : '');
    if (line && indent.length + line.length + 1 + piece.length > WIDTH) {
      lines.push(indent + line);
      line = piece;
    } else {
      line = line ? `${line} ${piece}` : piece;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}
