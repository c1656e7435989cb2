/**
 * The entry file of each pthread of the wasm backend's threaded build, run by
 * Emscripten's glue as a Node worker thread (see wasmThreads.ts). The build
 * puts it in dist/wasm-threads/pthread.js beside two files of
 * @tensorflow/tfjs-backend-wasm's wasm-out folder: the standalone glue
 * script and the pthread script's source.
 *
 * The main thread posts the glue as a Blob, which a Node worker cannot
 * import; the copy beside this file is the same script (same package
 * version), so URL.createObjectURL hands out its path.
 */
import { join } from 'node:path';

const glue = join(__dirname, 'tfjs-backend-wasm-threaded-simd.js');
const url = URL as unknown as { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
url.createObjectURL = () => glue;
url.revokeObjectURL = () => undefined;

// A variable specifier keeps esbuild from bundling the package's file.
const load: NodeJS.Require = require;
const { wasmWorkerContents } = load(join(__dirname, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
// The source is meant for a Blob: its string literals hold raw newlines, which tfjs escapes the same way.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
new Function('require', '__filename', wasmWorkerContents.replace(/\n/g, '\\n'))(load, glue);
