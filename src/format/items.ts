/**
 * Output data ↔ bytes, for hosts that hold outputs as bytes (VS Code's
 * NotebookCellOutputItem): text as UTF-8, JSON as UTF-8 JSON, binary as is.
 */
import type { JsonValue, OutputData } from './types';
import { isBinaryMime, isJsonMime } from './mime';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function outputDataToBytes(mime: string, data: OutputData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string' && !isJsonMime(mime)) return encoder.encode(data);
  return encoder.encode(JSON.stringify(data));
}

/** The inverse of outputDataToBytes; JSON that does not parse stays a string, so nothing is lost. */
export function outputDataFromBytes(mime: string, bytes: Uint8Array): OutputData {
  if (isBinaryMime(mime)) return bytes;
  const text = decoder.decode(bytes);
  if (!isJsonMime(mime)) return text;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
