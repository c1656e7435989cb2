/**
 * Turns a cell's notifications into the outputs a notebook stores: console
 * text of one stream joins the stream output it continues, rich outputs are
 * appended or replaced by id, and live dynamics updates (deltas) are merged
 * into their output's whole payload. Shared by the CLI and the extension so
 * both save the same outputs.
 */
import { randomUUID } from 'node:crypto';
import { mergeDynamics } from '../charts/merge';
import { STDERR_MIME, STDOUT_MIME } from '../format/mime';
import { DYNAMICS_MIME, type DynamicsDelta, type DynamicsPayload } from '../contract/dynamicsPayload';
import type { CellOutput, OutputItem } from '../format/types';
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
    if (message.mode === 'merge') return this.merge(existing, message);
    const items = ownDynamics(message.items);
    if (existing && message.mode === 'replace') {
      existing.items = items;
      return existing;
    }
    const output: CellOutput = { id: message.outputId, items };
    this.list.push(output);
    this.openStream = undefined;
    return output;
  }

  /** A delta for an output that is not there, or of another run, is a kernel bug: it fails loudly rather than saving a wrong chart. */
  private merge(existing: CellOutput | undefined, message: OutputParams): CellOutput {
    const held = existing?.items.find((i) => i.mime === DYNAMICS_MIME);
    const delta = message.items.find((i) => i.mime === DYNAMICS_MIME);
    if (!existing || !held || !delta) throw new Error(`A live dynamics update for output ${message.outputId} arrived before its chart; the kernel and the client disagree (reinstall IB Notebooks).`);
    const merged = mergeDynamics(held.data as unknown as DynamicsPayload, delta.data as unknown as DynamicsDelta);
    if (!merged.ok) throw new Error(`A live dynamics update could not be merged: ${merged.reason}.`);
    return existing;
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

/** Merges change a dynamics payload in place: it must be this model's own, not the notification's that other listeners also hold. */
function ownDynamics(items: OutputItem[]): OutputItem[] {
  return items.map((item) => (item.mime === DYNAMICS_MIME ? { ...item, data: structuredClone(item.data) } : item));
}

function truncate(text: string): string {
  if (text.length <= MAX_STREAM_CHARS) return text;
  return `[… earlier output cut …]\n${text.slice(text.length - MAX_STREAM_CHARS)}`;
}
