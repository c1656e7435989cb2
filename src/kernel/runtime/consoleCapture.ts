/**
 * Routes console.* and process.stdout/stderr writes of cells into their
 * outputs, in call order. The kernel's own channel to the client is IPC, so
 * nothing else needs the real streams; text written when no cell runs still
 * reaches them (the client shows it as the kernel's log).
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';

export type StreamName = 'stdout' | 'stderr';
/** Returns false when no cell takes the text, so it goes to the real stream. */
export type StreamSink = (name: StreamName, text: string) => boolean;

type WriteCallback = (error?: Error | null) => void;

export function captureConsole(sink: StreamSink): void {
  const original = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  const deliver = (name: StreamName, text: string) => {
    if (!sink(name, text)) original[name](text);
  };
  const writable = (name: StreamName) =>
    new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, callback) {
        deliver(name, typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        callback();
      },
    });
  globalThis.console = new Console({ stdout: writable('stdout'), stderr: writable('stderr'), colorMode: false });
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
      deliver(name, text);
      (typeof encoding === 'function' ? encoding : callback)?.();
      return true;
    }) as typeof process.stdout.write;
  }
}
