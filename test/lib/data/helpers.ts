/** Fixtures shared by the data tests: temp folders, tiny IDX files, a local HTTP server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CIFAR_RECORD_BYTES } from '../../../src/lib/data/cifarBinary';

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-data-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** IDX bytes: ubyte values with the given dimensions (magic 0x0000 08 rank). */
export function idxBytes(dims: number[], values: Uint8Array, magicOverride?: number): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magicOverride ?? (0x0800 | dims.length), 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

/** `count` 28×28 images whose pixels all equal a value derived from the image index, and labels i % 10. */
export function mnistFixture(count: number, offset = 0): { images: Buffer; labels: Buffer } {
  const pixels = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    pixels.fill(pixelValue(i + offset), i * 784, (i + 1) * 784);
    labels[i] = (i + offset) % 10;
  }
  // Extremes so the normalization range can be checked end to end.
  if (count > 1) {
    pixels[0] = 0;
    pixels[784] = 255;
  }
  return { images: idxBytes([count, 28, 28], pixels), labels: idxBytes([count], labels) };
}

/** The grey value of fixture image i (pixels other than the two extremes). */
export function pixelValue(i: number): number {
  return (i * 13) % 256;
}

export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes);
}

/** A local HTTP server answering with `handler`; resolves with its base URL and a close function. */
export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens (a port just freed), so connecting is refused. */
export async function refusedUrl(): Promise<string> {
  const { url, close } = await serve((_req, res) => res.end());
  await close();
  return url;
}

/** A record whose red plane is all r, green g, blue b, except pixel (row 1, col 2) of red = 77. */
export function cifarRecord(label: number, r: number, g: number, b: number): Uint8Array {
  const rec = new Uint8Array(CIFAR_RECORD_BYTES);
  rec[0] = label;
  rec.fill(r, 1, 1 + 1024);
  rec.fill(g, 1 + 1024, 1 + 2048);
  rec.fill(b, 1 + 2048, 1 + 3072);
  rec[1 + 1 * 32 + 2] = 77;
  return rec;
}

