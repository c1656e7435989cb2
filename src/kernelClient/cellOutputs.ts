/**
 * Turns a cell's notifications into the outputs a notebook stores: console
 * text of one stream joins the stream output it continues, rich outputs are
 * appended or replaced by id. Shared by the CLI and the extension so both
 * save the same outputs.
 */
import { randomUUID } from 'node:crypto';
import { STDERR_MIME, STDOUT_MIME } from '../format/mime';
import type { CellOutput } from '../format/types';
import type { OutputParams, StreamParams } from '../protocol/kernelProtocol';

/** Console text beyond this (per stream output) is cut, keeping the end, so a runaway loop cannot exhaust memory. */
const MAX_STREAM_CHARS = 1_000_000;

export class CellOutputs {
  private readonly list: CellOutput[] = [];
  /** The stream output that the next text of the same stream continues. */
  private openStream: { name: 'stdout' | 'stderr'; output: CellOutput } | undefined;

  /** Applies one notification; returns the output it created or changed. */
  apply(message: OutputParams | StreamParams): CellOutput {
    return 'outputId' in message ? this.applyOutput(message) : this.applyStream(message);
  }

  get outputs(): CellOutput[] {
    return this.list;
  }

  clear(): void {
    this.list.length = 0;
    this.openStream = undefined;
  }

  private applyOutput(message: OutputParams): CellOutput {
    const existing = this.list.find((o) => o.id === message.outputId);
    if (existing && message.mode === 'replace') {
      existing.items = message.items;
      return existing;
    }
    const output: CellOutput = { id: message.outputId, items: message.items };
    this.list.push(output);
    this.openStream = undefined;
    return output;
  }

  private applyStream(message: StreamParams): CellOutput {
    const mime = message.name === 'stdout' ? STDOUT_MIME : STDERR_MIME;
    if (this.openStream?.name === message.name && this.list.at(-1) === this.openStream.output) {
      const item = this.openStream.output.items[0];
      item.data = truncate(String(item.data) + message.text);
      return this.openStream.output;
    }
    const output: CellOutput = { id: randomUUID(), items: [{ mime, data: truncate(message.text) }] };
    this.list.push(output);
    this.openStream = { name: message.name, output };
    return output;
  }
}

function truncate(text: string): string {
  if (text.length <= MAX_STREAM_CHARS) return text;
  return `[… earlier output cut …]\n${text.slice(text.length - MAX_STREAM_CHARS)}`;
}
