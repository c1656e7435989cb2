/**
 * Routes console.* and process.stdout/stderr writes of cells into their
 * outputs, in call order. The kernel's own channel to the client is IPC, so
 * nothing else needs the real streams; text written when no cell runs still
 * reaches them (the client shows it as the kernel's log).
 */
import { Console } from 'node:console';

export type StreamName = 'stdout' | 'stderr';
/** Returns false when no cell takes the text, so it goes to the real stream. */
export type StreamSink = (name: StreamName, text: string) => boolean;

type WriteCallback = (error?: Error | null) => void;

export function captureConsole(sink: StreamSink): void {
  const original = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  const deliver = (name: StreamName, text: string) => {
    if (!sink(name, text)) original[name](text);
  };
  // Console writes to these directly. They hold no state on purpose: SIGINT ends a synchronous loop
  // wherever it is, often inside console.log, and a stream.Writable cut off between its write and
  // its callback stays "writing" and buffers every later line forever.
  const consoleStream = (name: StreamName) => ({
    write(chunk: string | Uint8Array): boolean {
      deliver(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  });
  // ignoreErrors: false makes Console call write() alone, without error listeners (a plain object has none).
  globalThis.console = new Console({ stdout: consoleStream('stdout') as unknown as NodeJS.WritableStream, stderr: consoleStream('stderr') as unknown as NodeJS.WritableStream, colorMode: false, ignoreErrors: false });
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
      deliver(name, text);
      (typeof encoding === 'function' ? encoding : callback)?.();
      return true;
    }) as typeof process.stdout.write;
  }
}
