/**
 * Downloads one file safely: the destination appears only once the whole
 * file arrived and matched its checksum, so an interrupted or corrupted
 * download never leaves a file that later looks cached.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { basename, dirname, join } from 'node:path';
import { ConfigError, DatasetError } from '../errors';

/** Where a download stands; sent once when the response starts, per chunk, and once when done. */
export interface DownloadProgress {
  /** Name of the file being written. */
  file: string;
  /** The URL asked for (before redirects). */
  url: string;
  /** Bytes received so far. */
  received: number;
  /** Bytes expected, when the server said (Content-Length). */
  total: number | undefined;
  /** True once the file is verified and in place. */
  done: boolean;
}

/** Called with download progress. */
export type ProgressCallback = (progress: DownloadProgress) => void;

/** Options of download. */
export interface DownloadArgs {
  /** http(s) URL of the file; redirects are followed. */
  url: string;
  /** Path the file ends up at; its folder is created if needed. */
  dest: string;
  /** Expected MD5 (hex); a mismatch discards the file. */
  md5?: string;
  /** Progress reports (default: none). */
  onProgress?: ProgressCallback;
  /** Give up when no data arrives for this long, in ms (default 30,000). */
  timeoutMs?: number;
  /** Redirects to follow at most (default 5). */
  maxRedirects?: number;
}

/** A download failed; `reason` says why in a few words, for callers that list several files. */
export class DownloadError extends DatasetError {
  constructor(
    readonly url: string,
    readonly reason: string,
    advice = 'Check the network connection (and proxy settings) and try again.',
  ) {
    super(`Could not download ${url}: ${reason}. ${advice}`);
  }
}

/** Fetches `url` into `dest` via a temporary file in the same folder, removed on any failure. */
export async function download(args: DownloadArgs): Promise<void> {
  const { url, dest, md5, onProgress, timeoutMs = 30_000, maxRedirects = 5 } = args;
  checkUrl(url);
  const folder = dirname(dest);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(dest)}.${process.pid}-${randomBytes(4).toString('hex')}.part`);
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  let handle: FileHandle | undefined;
  let received = 0;
  try {
    arm();
    const response = await get(url, controller.signal, maxRedirects);
    const length = Number(response.headers['content-length']);
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const report = (received: number, done: boolean): void => onProgress?.({ file: basename(dest), url, received, total, done });
    handle = await open(temp, 'wx');
    const hash = createHash('md5');
    report(0, false);
    for await (const chunk of response as AsyncIterable<Buffer>) {
      arm();
      hash.update(chunk);
      await handle.write(chunk);
      received += chunk.length;
      report(received, false);
    }
    await handle.close();
    handle = undefined;
    if (total !== undefined && received !== total) {
      throw new DownloadError(url, `the connection closed after ${received} of ${total} bytes`);
    }
    const digest = hash.digest('hex');
    if (md5 !== undefined && digest !== md5.toLowerCase()) {
      throw new DownloadError(
        url,
        `checksum mismatch (MD5 ${digest}, expected ${md5})`,
        'The file is corrupt or the server sent something else (a proxy or captive portal page?); nothing was saved. Try again, or fetch the file by hand.',
      );
    }
    await rename(temp, dest);
    report(received, true);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    if (error instanceof DatasetError || error instanceof ConfigError) throw error;
    if (timedOut) throw new DownloadError(url, `no data arrived for ${timeoutMs / 1000} s`);
    if (error instanceof HttpStatusError) {
      throw new DownloadError(url, error.message, 'The file may have moved or the server is down; try again later or fetch the file by hand.');
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new DownloadError(url, received > 0 ? `the connection broke after ${received} bytes (${message})` : message);
  } finally {
    clearTimeout(timer);
  }
}

/** The default progress report: one line on stderr as each file starts. */
export function stderrProgress(progress: DownloadProgress): void {
  if (progress.received !== 0 || progress.done) return;
  const size = progress.total === undefined ? '' : ` (${(progress.total / 1e6).toFixed(1)} MB)`;
  process.stderr.write(`ibnb: downloading ${progress.url}${size}\n`);
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new ConfigError(`'${url}' is not a valid URL. Use an http:// or https:// address.`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new ConfigError(`'${url}' is not an http(s) URL. Use an http:// or https:// address.`);
  }
}

class HttpStatusError extends Error {}

/** GETs `url` (following redirects) and resolves with a 200 response. */
function get(url: string, signal: AbortSignal, redirectsLeft: number): Promise<http.IncomingMessage> {
  checkUrl(url);
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    // identity: the bytes must arrive exactly as stored, or the MD5 cannot match.
    const request = client.get(url, { signal, headers: { 'accept-encoding': 'identity', 'user-agent': 'ibnb' } }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (redirectsLeft <= 0) {
          reject(new DownloadError(url, 'too many redirects'));
          return;
        }
        get(new URL(location, url).href, signal, redirectsLeft - 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(new HttpStatusError(`the server answered HTTP ${status} ${response.statusMessage ?? ''}`.trim()));
        return;
      }
      resolve(response);
    });
    request.on('error', reject);
  });
}
