/**
 * Chooses the compute backend once per process, best first:
 * tensorflow-gpu → webgpu → tensorflow → wasm → cpu, and remembers why each
 * better one was skipped so the user can see it (the kernel shows it in VS
 * Code). webgpu is chosen automatically on a hardware adapter only (webgpu.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { tf } from '../tf';
import { BackendError, ConfigError } from '../errors';
import { registerWasmKernels } from './wasmKernels';
import { activeWasmThreads, prepareWasmThreads, wasmThreadCount } from './wasmThreads';
import { activateWebGpu, formatGpuAdapter, webGpuDeviceLost, type GpuAdapter } from './webgpu';

/** The compute backends `ibnb` knows, best first. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Which backend is in use, and why the better ones are not. */
export interface BackendChoice {
  /** The backend that runs every tensor operation from now on. */
  name: BackendName;
  /** True when it computes on a GPU. */
  isGpu: boolean;
  /** Each better backend that was passed over, with the reason. */
  skipped: { name: BackendName; reason: string }[];
  /** How the choice was made: forced by an option, by IBNB_BACKEND, or automatic. */
  via: 'option' | 'env' | 'auto';
  /** wasm only: the threads its products run on, and why only one where more were asked for. */
  threads?: { count: number; note?: string };
  /** webgpu only: the adapter it runs on. */
  adapter?: GpuAdapter;
}

export interface BackendOptions {
  /** Force a backend ('auto' or absent: the best available; IBNB_BACKEND is read next). */
  backend?: BackendName | 'auto';
  /** Prefer a GPU; without one, warn once and go on on the best CPU backend. */
  gpu?: boolean;
}

const NPM_PACKAGE: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

const INSTALL_HINT: Record<BackendName, string> = {
  'tensorflow-gpu':
    'install it with `npm install @tensorflow/tfjs-node-gpu@4.22.0` on a machine with CUDA 11.2 and cuDNN 8.1 ' +
    '(its install script downloads libtensorflow, so it needs network access and `npm install-scripts approve @tensorflow/tfjs-node-gpu` on npm 11)',
  webgpu: 'follow the hint above (webgpu itself ships with ibnb: nothing to install from npm)',
  tensorflow:
    'install it with `npm install @tensorflow/tfjs-node@4.22.0` ' +
    '(its install script downloads libtensorflow, so it needs network access and `npm install-scripts approve @tensorflow/tfjs-node` on npm 11)',
  wasm: 'reinstall the dependencies with `npm install` (@tensorflow/tfjs-backend-wasm ships its .wasm files)',
  cpu: 'reinstall the dependencies with `npm install`',
};

let chosen: BackendChoice | undefined;
let choosing: Promise<BackendChoice> | undefined;
let gpuWarningShown = false;

/** The backend chosen so far, or undefined before the first `initBackend`. */
export function currentBackend(): BackendChoice | undefined {
  return chosen;
}

export function parseBackendName(value: string, source: string): BackendName | 'auto' {
  if (value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value)) {
    return value as BackendName | 'auto';
  }
  throw new ConfigError(
    `${source} is '${value}', which is not a backend. Use one of: auto, ${BACKEND_NAMES.join(', ')}.`,
  );
}

/**
 * Picks (once) and activates the compute backend. Later calls return the same
 * choice unless they force a different backend by name, which switches to it,
 * or the GPU device was lost, which chooses again (a fresh device, or the
 * best CPU backend if the GPU is gone).
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  const forced = options.backend && options.backend !== 'auto' ? options.backend : undefined;
  const lostGpu = chosen?.name === 'webgpu' && webGpuDeviceLost();
  if ((forced && chosen && chosen.name !== forced) || lostGpu) {
    chosen = undefined;
    choosing = undefined;
  }
  if (!choosing) {
    choosing = choose(options).then(
      (choice) => {
        if (lostGpu) console.warn(`ibnb: the GPU device was lost; from now on, tensors live on ${describeBackend(choice)}.`);
        return (chosen = choice);
      },
      (error: unknown) => {
        choosing = undefined;
        throw error;
      },
    );
  }
  const choice = await choosing;
  if (options.gpu) warnIfNoGpu();
  return choice;
}

async function choose(options: BackendOptions): Promise<BackendChoice> {
  let via: BackendChoice['via'] = 'auto';
  let forced: BackendName | undefined;
  if (options.backend && options.backend !== 'auto') {
    const parsed = parseBackendName(options.backend, 'The backend option');
    if (parsed !== 'auto') forced = parsed;
    via = 'option';
  } else if (process.env.IBNB_BACKEND) {
    const fromEnv = parseBackendName(process.env.IBNB_BACKEND, 'IBNB_BACKEND');
    if (fromEnv !== 'auto') {
      forced = fromEnv;
      via = 'env';
    }
  }
  if (forced) {
    const { failure, ...activation } = await activate(forced, true);
    if (failure) {
      throw new BackendError(
        `The '${forced}' backend was asked for (${via === 'env' ? 'IBNB_BACKEND' : 'backend option'}) but is not available: ${failure}. ` +
          `To use it, ${INSTALL_HINT[forced]}; or remove the setting to pick the best available backend.`,
      );
    }
    return chosenBackend(forced, [], via, activation);
  }
  const skipped: BackendChoice['skipped'] = [];
  for (const name of BACKEND_NAMES) {
    const { failure, ...activation } = await activate(name, false);
    if (!failure) return chosenBackend(name, skipped, via, activation);
    skipped.push({ name, reason: failure });
  }
  throw new BackendError(
    `No TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}. Reinstall with \`npm install\`.`,
  );
}

function chosenBackend(name: BackendName, skipped: BackendChoice['skipped'], via: BackendChoice['via'], activation: Omit<Activation, 'failure'>): BackendChoice {
  // A software adapter (forced) runs webgpu on the CPU: not a GPU for `gpu: true` or the UI.
  const isGpu = name === 'tensorflow-gpu' || (name === 'webgpu' && activation.adapter?.software === false);
  return { name, isGpu, skipped, via, ...activation };
}

/** Starting a backend: why it cannot run, or (wasm) the threads it runs on, or (webgpu) the adapter. */
interface Activation {
  failure?: string;
  threads?: BackendChoice['threads'];
  adapter?: GpuAdapter;
}

/** Makes `name` the active tfjs backend; `forced`: a software GPU adapter is accepted. */
async function activate(name: BackendName, forced: boolean): Promise<Activation> {
  if (name === 'wasm') return activateWasm();
  if (name === 'webgpu') {
    // Without a GPU device node there is no hardware adapter to find: Dawn is not even loaded (it would
    // only find a software one, and log to stderr about drivers it refuses). VK_ICD_FILENAMES names one.
    if (!forced && !mayHaveGpuAdapter() && !process.env.VK_ICD_FILENAMES) return { failure: `no GPU device node (${GPU_DEVICE_NODES})` };
    return activateWebGpu(forced);
  }
  const failure = await activateOther(name);
  return failure ? { failure } : {};
}

/** The native backends and cpu: returns why `name` cannot run, or undefined on success. */
async function activateOther(name: Exclude<BackendName, 'wasm' | 'webgpu'>): Promise<string | undefined> {
  if (name === 'tensorflow-gpu' && !hasCudaDevice()) {
    if (!isResolvable(NPM_PACKAGE[name])) return `${NPM_PACKAGE[name]} not installed`;
    return 'no CUDA device';
  }
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    const loadFailure = loadNative(NPM_PACKAGE[name]);
    if (loadFailure) return loadFailure;
    return (await setTfBackend('tensorflow')) ? undefined : `${NPM_PACKAGE[name]} loaded but its backend failed to initialize`;
  }
  return (await setTfBackend('cpu')) ? undefined : 'the cpu backend failed to initialize';
}

/** The wasm backend, threaded where it can be (wasmThreads.ts), else single-threaded. */
async function activateWasm(): Promise<Activation> {
  registerWasmKernels();
  const asked = wasmThreadCount();
  const threaded = prepareWasmThreads(asked);
  let ok = await startWasm(() => (typeof threaded === 'string' ? undefined : threaded.finish()));
  let note = typeof threaded === 'string' && asked > 1 ? threaded : undefined;
  if (!ok && typeof threaded !== 'string') {
    // The threaded build would not start: the single-threaded one still may.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    ok = await startWasm(() => undefined);
    note = 'the threaded build failed to start';
  }
  if (!ok) return { failure: 'the wasm backend failed to initialize' };
  return { threads: { count: activeWasmThreads() ?? 1, ...(note ? { note } : {}) } };
}

async function startWasm(afterInit: () => void): Promise<boolean> {
  // Emscripten's glue installs process-wide handlers that rethrow every
  // uncaught exception and unhandled rejection; they would turn one failed
  // notebook cell into a dead kernel, so they are removed again.
  const before = processHandlers();
  try {
    return await setTfBackend('wasm');
  } finally {
    afterInit();
    removeHandlersAddedSince(before);
  }
}

async function setTfBackend(tfName: string): Promise<boolean> {
  try {
    return await tf.setBackend(tfName);
  } catch {
    return false;
  }
}

function isResolvable(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

function loadNative(pkg: string): string | undefined {
  if (!isResolvable(pkg)) return `${pkg} not installed`;
  try {
    // A variable specifier keeps bundlers from inlining the native package.
    const load: (id: string) => unknown = require;
    load(pkg);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `${pkg} is installed but failed to load (${message}); run \`npm rebuild ${pkg}\``;
  }
}

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const PROCESS_EVENTS: ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];

function processHandlers(): Map<ProcessEvent, Set<unknown>> {
  return new Map(PROCESS_EVENTS.map((event) => [event, new Set<unknown>(process.listeners(event as 'uncaughtException'))]));
}

function removeHandlersAddedSince(before: Map<ProcessEvent, Set<unknown>>): void {
  for (const event of PROCESS_EVENTS) {
    for (const listener of process.listeners(event as 'uncaughtException')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event as 'uncaughtException', listener as NodeJS.UncaughtExceptionListener);
    }
  }
}

/**
 * Why no GPU backend can serve, decided without starting one (the model constructor is synchronous);
 * undefined while one still may: webgpu's adapter is known only once initBackend asks Dawn, which
 * warns then if it found none.
 */
export function gpuUnavailableReason(): string | undefined {
  if (chosen) return chosen.isGpu ? undefined : noGpuReason(chosen);
  const cuda = !isResolvable(NPM_PACKAGE['tensorflow-gpu']) ? `${NPM_PACKAGE['tensorflow-gpu']} not installed` : hasCudaDevice() ? undefined : 'no CUDA device';
  if (cuda === undefined || mayHaveGpuAdapter()) return undefined;
  return `tensorflow-gpu: ${cuda}; webgpu: no GPU device node (${GPU_DEVICE_NODES})`;
}

function noGpuReason(choice: BackendChoice): string {
  const gpuSkips = choice.skipped.filter((s) => s.name === 'tensorflow-gpu' || s.name === 'webgpu');
  if (gpuSkips.length > 0) return gpuSkips.map((s) => `${s.name}: ${s.reason}`).join('; ');
  if (choice.name === 'webgpu') return `webgpu runs on a software adapter (${choice.adapter?.name ?? 'unknown'}), not a GPU`;
  return `'${choice.name}' was forced`;
}

/** Prints the one warning for `gpu: true` without a GPU (once per process). */
export function warnIfNoGpu(): void {
  const reason = gpuUnavailableReason();
  if (reason === undefined || gpuWarningShown) return;
  gpuWarningShown = true;
  console.warn(
    `ibnb: gpu: true was asked, but no GPU backend is available (${reason}); training on the best CPU backend instead. ` +
      'Two ways to a GPU: a Vulkan, Metal or Direct3D 12 driver for the bundled webgpu backend (nothing to install from npm), ' +
      'or @tensorflow/tfjs-node-gpu with CUDA 11.2 and cuDNN 8.1 (see the README).',
  );
}

const GPU_DEVICE_NODES = '/dev/dri/renderD*, /dev/nvidia0, /dev/dxg';

/** Whether this machine may have a hardware GPU adapter for Dawn (Linux: a GPU device node, WSL's included; elsewhere: always). */
function mayHaveGpuAdapter(): boolean {
  if (process.platform !== 'linux') return true;
  if (existsSync('/dev/nvidia0') || existsSync('/dev/dxg')) return true;
  try {
    return readdirSync('/dev/dri').some((name) => name.startsWith('renderD'));
  } catch {
    return false;
  }
}

function hasCudaDevice(): boolean {
  if (process.env.CUDA_VISIBLE_DEVICES === '' || process.env.CUDA_VISIBLE_DEVICES === '-1') return false;
  return existsSync('/proc/driver/nvidia/version') || existsSync('/dev/nvidia0');
}

/**
 * A one-line description for logs and the UI, e.g. "webgpu, NVIDIA H200 (vulkan)" or
 * "wasm, 2 threads (skipped tensorflow-gpu: not installed; …)".
 */
export function describeBackend(choice: BackendChoice): string {
  const name = `${choice.name}${backendDetail(choice)}`;
  if (choice.skipped.length === 0) return `${name}${choice.via === 'auto' ? '' : ` (forced by ${choice.via === 'env' ? 'IBNB_BACKEND' : 'option'})`}`;
  return `${name} (skipped ${choice.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`;
}

/** What runs the backend: ", NVIDIA H200 (vulkan)", ", 2 threads", or nothing. */
function backendDetail(choice: BackendChoice): string {
  if (choice.adapter) return `, ${formatGpuAdapter(choice.adapter)}`;
  if (!choice.threads) return '';
  const { count, note } = choice.threads;
  return `, ${count} thread${count === 1 ? '' : 's'}${note ? ` (${note})` : ''}`;
}
