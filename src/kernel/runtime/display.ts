/**
 * How a value shows in a notebook: objects that know their display
 * ([MIME_BUNDLE]), tensors (shape and a preview of the values), Vega-Lite
 * specs (a chart), anything else as text, like Node's REPL shows it.
 */
import { inspect } from 'node:util';
import { isDisplayable, MIME_BUNDLE, type MimeBundle } from '../../lib/display';
import type { OutputItem } from '../../format/types';
import { isJsonMime } from '../../format/mime';
import { VEGALITE_MIME } from '../../contract/mime';


/** The items of a value's output (empty for undefined). */
export function displayItems(value: unknown): OutputItem[] {
  if (value === undefined) return [];
  return bundleToItems(toBundle(value));
}

function toBundle(value: unknown): MimeBundle {
  if (isDisplayable(value)) {
    try {
      const result: unknown = value[MIME_BUNDLE]();
      if (typeof result === 'object' && result !== null && Object.keys(result).length > 0) return result as MimeBundle;
    } catch (error) {
      return { 'text/plain': `${inspectValue(value)}\n(its rich display failed: ${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (isTensor(value)) return { 'text/plain': describeTensor(value) };
  if (isVegaLiteSpec(value)) return { [VEGALITE_MIME]: value, 'text/plain': `Vega-Lite chart (${String((value as { mark?: unknown }).mark ?? 'layered')})` };
  return { 'text/plain': inspectValue(value) };
}

function bundleToItems(bundle: MimeBundle): OutputItem[] {
  const items: OutputItem[] = [];
  for (const [mime, data] of Object.entries(bundle)) {
    if (data === undefined) continue;
    if (data instanceof Uint8Array) items.push({ mime, data });
    else if (isJsonMime(mime)) items.push({ mime, data: toJsonValue(data) });
    else items.push({ mime, data: typeof data === 'string' ? data : inspectValue(data) });
  }
  return items;
}

/** JSON as it will be saved (NaN → null, no functions), and safe to send to the client. */
export function toJsonValue(value: unknown): OutputItem['data'] {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

export function inspectValue(value: unknown): string {
  return inspect(value, { depth: 4, colors: false, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

interface TensorLike {
  shape: number[];
  dtype: string;
  isDisposed: boolean;
  toString(verbose?: boolean): string;
}

/** Duck-typed, so tensors from another copy of TensorFlow.js show the same way. */
function isTensor(value: unknown): value is TensorLike {
  const v = value as Partial<TensorLike> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.shape) && typeof v.dtype === 'string' && typeof (v as { dataSync?: unknown }).dataSync === 'function';
}

function describeTensor(tensor: TensorLike): string {
  const header = `Tensor ${tensor.dtype} [${tensor.shape.join(', ')}]`;
  if (tensor.isDisposed) return `${header} (disposed)`;
  try {
    // tfjs prints "Tensor\n    [[1, 2], ...]" and elides the middle of large tensors.
    const body = tensor.toString().replace(/^Tensor\s*\n?/, '');
    return `${header}\n${body.replace(/^ {4}/gm, '')}`;
  } catch (error) {
    return `${header} (values unavailable: ${error instanceof Error ? error.message : String(error)})`;
  }
}

function isVegaLiteSpec(value: unknown): boolean {
  const schema = (value as { $schema?: unknown } | null)?.$schema;
  return typeof value === 'object' && value !== null && typeof schema === 'string' && schema.includes('vega-lite');
}
