/**
 * Runs the wasm backend on every core: tfjs-backend-wasm ships a threaded
 * build (XNNPACK over a pthread pool in shared memory), but its loader only
 * works in browsers, so in Node it runs on one thread. Three things stand in
 * the way, each bridged here for the length of the backend's initialization
 * and then put back:
 *   - the pthread script is handed to `new Worker()` as a Blob URL, which
 *     Node's workers cannot load: URL.createObjectURL returns our pthread
 *     entry file instead (dist/wasm-threads/pthread.js, see wasmThreadWorker.ts);
 *   - the pool size is capped at half of `os.cpus().length` (the backend
 *     assumes two hyper-threads per core), so `os.cpus` reports twice the
 *     threads asked for;
 *   - the pool's threads keep the process alive; they are unref'd, so a
 *     script or `ibnb run` exits when its work is done.
 * IBNB_WASM_THREADS sets the count (default one per core, at most 8); 1
 * loads the single-threaded build.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors';
import { tf, tfWasm } from '../tf';

// The module object itself (not an import namespace, whose bindings are read-only): its cpus is swapped below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const os = require('node:os') as typeof import('node:os');

/** The pthread pool of the threaded build holds 8 workers. */
export const MAX_WASM_THREADS = 8;

/** The files the pthreads load, built by `npm run build` (scripts/build.mjs). */
export const PTHREAD_ENTRY = 'pthread.js';
const PTHREAD_FILES = [PTHREAD_ENTRY, 'tfjs-backend-wasm-threaded-simd.js', 'tfjs-backend-wasm-threaded-simd.worker.js'];

/** How many threads the wasm backend should use: IBNB_WASM_THREADS, else one per core (at most 8). */
export function wasmThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.IBNB_WASM_THREADS;
  if (raw === undefined || raw.trim() === '') return Math.min(os.availableParallelism(), MAX_WASM_THREADS);
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > MAX_WASM_THREADS) {
    throw new ConfigError(`IBNB_WASM_THREADS must be a whole number from 1 to ${MAX_WASM_THREADS} (got '${raw}'); unset it to use one thread per core.`);
  }
  return count;
}

/** The folder holding the pthread files: dist/wasm-threads beside the bundle, or in the repository when run from source. */
export function pthreadFolder(): string | undefined {
  const candidates = [resolve(__dirname, '../wasm-threads'), resolve(__dirname, '../../../dist/wasm-threads')];
  return candidates.find((dir) => PTHREAD_FILES.every((file) => existsSync(join(dir, file))));
}

interface PThreadWorker {
  unref(): void;
  /** Set by the glue once the worker has loaded the backend. */
  loaded?: boolean;
}

interface ThreadedModule {
  PThread?: {
    runningWorkers: PThreadWorker[];
    unusedWorkers: PThreadWorker[];
    allocateUnusedWorker(): void;
    loadWasmModuleToWorker(worker: PThreadWorker, onLoaded: () => void): void;
  };
  tfjs?: { initWithThreadsCount(count: number): void; getThreadsCount(): number };
}

let pthreadEntry: string | undefined;

/** Runs `make` with URL.createObjectURL answering the pthread entry file (the backend asks for it when it makes a worker). */
function withPthreadEntry<T>(make: () => T): T {
  const url = URL as unknown as { createObjectURL(blob: unknown): string };
  const saved = url.createObjectURL;
  url.createObjectURL = () => pthreadEntry!;
  try {
    return make();
  } finally {
    url.createObjectURL = saved;
  }
}

function threadedModule(): ThreadedModule | undefined {
  return (tf.findBackend('wasm') as unknown as { wasm?: ThreadedModule } | null)?.wasm;
}

/**
 * Gives XNNPACK a fresh thread pool. SIGINT can end a cell's synchronous code
 * in the middle of a product whose work the pool's threads share; the pool's
 * counters then wait for work that never comes, and the next product would
 * hang. The old pool's thread is left idle. The new pool's threads come from
 * workers the backend loaded in advance (a worker still loading would leave
 * this thread waiting for a load that needs this thread), and as many are
 * loaded again to take their place, which the returned promise waits for.
 * Does nothing unless the wasm backend runs threaded.
 */
export async function resetWasmThreadPool(): Promise<void> {
  const module = threadedModule();
  const count = activeWasmThreads();
  if (!module?.PThread || !module.tfjs || !pthreadEntry || !count || count < 2) return;
  const { PThread } = module;
  const needed = count - 1;
  if (PThread.unusedWorkers.filter((worker) => worker.loaded).length < needed) return;
  // The pool takes workers from the end of the list: the loaded ones go there.
  PThread.unusedWorkers.sort((a, b) => Number(a.loaded === true) - Number(b.loaded === true));
  module.tfjs.initWithThreadsCount(count);
  for (const worker of PThread.runningWorkers) worker.unref();
  const loads = Array.from({ length: needed }, () => {
    withPthreadEntry(() => PThread.allocateUnusedWorker());
    const worker = PThread.unusedWorkers.pop()!;
    PThread.unusedWorkers.unshift(worker);
    // The glue unrefs a worker once it has loaded.
    return new Promise<void>((resolve) => PThread.loadWasmModuleToWorker(worker, resolve));
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(loads), new Promise((resolve) => (timer = setTimeout(resolve, WORKER_LOAD_TIMEOUT_MS).unref()))]);
  clearTimeout(timer);
}

/** How long a reset waits for its replacement workers to load. */
const WORKER_LOAD_TIMEOUT_MS = 10_000;

/**
 * Prepares the threaded build for `count` threads; call `finish` once
 * `tf.setBackend('wasm')` has settled. Returns why it cannot be used instead
 * (the single-threaded build then loads as usual).
 */
export function prepareWasmThreads(count: number): { finish(): void } | string {
  if (count < 2) return 'one thread asked for';
  if (typeof SharedArrayBuffer === 'undefined') return 'this JavaScript runtime has no SharedArrayBuffer';
  const folder = pthreadFolder();
  if (!folder) return 'the pthread files are missing (run `npm run build`)';
  pthreadEntry = join(folder, PTHREAD_ENTRY);

  // Swapped until `finish`, across the asynchronous initialization (withPthreadEntry is for synchronous calls).
  const url = URL as unknown as { createObjectURL(blob: unknown): string };
  const saved = { createObjectURL: url.createObjectURL, cpus: os.cpus };
  // The backend asks for one URL on this thread, the pthread script's; the
  // pthreads resolve the backend's own script themselves (pthread.js).
  url.createObjectURL = () => pthreadEntry!;
  const realCpus = saved.cpus;
  os.cpus = () => Array.from({ length: 2 * count }, (_, i) => realCpus()[i % realCpus().length]);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  tfWasm.setThreadsCount(count);
  return {
    finish() {
      url.createObjectURL = saved.createObjectURL;
      os.cpus = saved.cpus;
      for (const worker of threadedModule()?.PThread?.runningWorkers ?? []) worker.unref();
    },
  };
}

/** The thread count the wasm backend runs with (1 for the single-threaded build); undefined before it starts. */
export function activeWasmThreads(): number | undefined {
  try {
    return tfWasm.getThreadsCount();
  } catch {
    return undefined;
  }
}
