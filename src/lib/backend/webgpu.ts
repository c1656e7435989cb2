/**
 * The webgpu backend in Node: @tensorflow/tfjs-backend-webgpu on Dawn, the
 * WebGPU implementation of Chromium, through its Node binding (the `webgpu`
 * npm package, which ships a prebuilt `dawn.node` per platform). It needs no
 * CUDA, no download and no build step: Dawn talks to the GPU driver the
 * machine already has (Vulkan on Linux, Metal on macOS, D3D12 on Windows).
 *
 * Bridged here, and only here, because the backend was written for browsers:
 *   - Node has no `navigator.gpu`; the backend checks for it when it is
 *     constructed, so this file installs Dawn's GPU object there (and Dawn's
 *     WebGPU globals such as GPUBufferUsage, which the backend uses by name);
 *   - the backend's own factory asks for whatever adapter comes first; ibnb
 *     asks for the adapter itself, so that a software one (SwiftShader,
 *     lavapipe, WARP: slower than wasm) is never picked unless forced, and so
 *     that the adapter's name reaches the user;
 *   - `dawn.node` is loaded directly (from the `webgpu` package, or from beside
 *     the packaged kernel in the vsix) rather than through the package's ES
 *     module entry, which a CommonJS bundle cannot import synchronously. That
 *     entry also patches GPUDevice.destroy to unmap buffers; ibnb destroys a
 *     device only once it is lost, when its buffers are gone anyway;
 *   - a synchronous read (dataSync, arraySync, print) of a tensor whose values
 *     are on the GPU goes through an OffscreenCanvas, which Node lacks; it
 *     fails with a BackendError naming the asynchronous call instead of a
 *     ReferenceError (values already read once are cached and read fine).
 * A GPU fails in ways a CPU does not: the device can be lost (driver reset,
 * another process, sleep) and allocations can fail without an exception
 * (WebGPU reports them as "uncaptured errors", and tfjs would go on computing
 * with invalid buffers, i.e. silently wrong numbers). Both are recorded here
 * and turned into a BackendError when the training loop reads a batch back
 * (`readBatchValues`).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BackendError } from '../errors';
import { tf } from '../tf';

/** The adapter the webgpu backend runs on, as the user sees it. */
export interface GpuAdapter {
  /** The adapter's name, e.g. "NVIDIA H200" or "SwiftShader Device (Subzero)". */
  name: string;
  vendor: string;
  architecture: string;
  /** The native API Dawn drives on this platform. */
  api: 'vulkan' | 'metal' | 'd3d12';
  /** A CPU emulation of a GPU (SwiftShader, lavapipe/llvmpipe, WARP), not a GPU. */
  software: boolean;
}

/** Starting the webgpu backend: why it cannot run, or the adapter it runs on. */
export interface WebGpuActivation {
  failure?: string;
  adapter?: GpuAdapter;
}

const DAWN_PLATFORM = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
const NATIVE_API: GpuAdapter['api'] = process.platform === 'darwin' ? 'metal' : process.platform === 'win32' ? 'd3d12' : 'vulkan';
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/** Where to get a driver for the native API, for the error a user sees without an adapter. */
const DRIVER_HINT: Record<GpuAdapter['api'], string> = {
  vulkan:
    "install your GPU's Vulkan driver (NVIDIA's proprietary driver; Mesa's RADV or ANV for AMD and Intel, Debian/Ubuntu package mesa-vulkan-drivers) and the Vulkan loader (package libvulkan1), " +
    'then check that `vulkaninfo --summary` lists the GPU; inside a container, pass the GPU through (e.g. docker --gpus all with NVIDIA_DRIVER_CAPABILITIES including graphics)',
  metal: 'use a Mac with Metal support (every Mac since 2012); Dawn finds it without any install',
  d3d12: 'update the GPU driver; Dawn needs Direct3D 12 (Windows 10 or newer)',
};

interface DawnModule {
  create(options: string[]): GPU;
  globals: Record<string, unknown>;
}

/** The device in use, and what went wrong with it since the last check. */
interface DeviceState {
  device: GPUDevice;
  adapter: GpuAdapter;
  lost?: string;
  errors: string[];
}

let dawn: DawnModule | undefined;
let state: DeviceState | undefined;

/** Makes webgpu the active tfjs backend on the best adapter; a software adapter only when `allowSoftware`. */
export async function activateWebGpu(allowSoftware: boolean): Promise<WebGpuActivation> {
  const loaded = loadDawn();
  if (typeof loaded === 'string') return { failure: loaded };
  if (state && !state.lost && tf.findBackend('webgpu')) {
    return (await setWebGpu()) ? { adapter: state.adapter } : { failure: 'the webgpu backend failed to initialize' };
  }
  const gpu = installNavigatorGpu(loaded);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { failure: noAdapterReason() };
  const described = describeGpuAdapter(adapter);
  if (described.software && !allowSoftware) {
    return {
      failure: `only a software adapter is available (${described.name}, ${described.api}: the GPU emulated on the CPU, slower than wasm); force it with IBNB_BACKEND=webgpu to use it anyway`,
    };
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice(deviceDescriptor(adapter));
  } catch (error) {
    return { failure: `the adapter ${described.name} refused to create a device (${firstLine(error)})` };
  }
  watch(device, described);
  // The backend module registers its kernels (and, finding navigator.gpu, its own adapter-picking
  // factory, replaced below by one that uses this device).
  require('@tensorflow/tfjs-backend-webgpu');
  const { WebGPUBackend } = require('@tensorflow/tfjs-backend-webgpu') as typeof import('@tensorflow/tfjs-backend-webgpu');
  explainSynchronousReads(WebGPUBackend.prototype);
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info as unknown as ConstructorParameters<typeof WebGPUBackend>[1]), 0);
  return (await setWebGpu()) ? { adapter: described } : { failure: `the webgpu backend failed to initialize on ${described.name}` };
}

/** Whether the device was lost, so the backend must be started again on a fresh one. */
export function webGpuDeviceLost(): boolean {
  return state?.lost !== undefined;
}

/**
 * Throws a BackendError if the device was lost or reported an error (out of
 * memory, a buffer over its limit) since the last call, so that no result
 * computed with invalid buffers is used. Cheap: it reads two fields.
 */
export function throwIfWebGpuFailed(): void {
  if (!state || (state.lost === undefined && state.errors.length === 0) || tf.getBackend() !== 'webgpu') return;
  const { adapter, lost, errors } = state;
  state.errors = [];
  if (lost !== undefined) {
    throw new BackendError(
      `The GPU device (${adapter.name}) was lost: ${lost}. Its tensors, this model's weights among them, are gone with it. ` +
        'Run the cells that build and train the model again: the next one starts a fresh device (or, with the GPU gone, the best CPU backend). ' +
        'If this repeats, check the driver (dmesg, nvidia-smi), or train on the CPU with IBNB_BACKEND=wasm.',
    );
  }
  const outOfMemory = errors.some((e) => /out of memory|exceeds the max|too large|allocation/i.test(e));
  throw new BackendError(
    `The GPU (${adapter.name}) reported an error, so this batch's numbers cannot be trusted and the weights were not updated with it: ${errors[0]}` +
      (errors.length > 1 ? ` (and ${errors.length - 1} more)` : '') +
      '. ' +
      (outOfMemory
        ? 'The model or batch does not fit in GPU memory: use a smaller batchSize or fewer units, or train on the CPU with IBNB_BACKEND=wasm.'
        : 'Train on the CPU with IBNB_BACKEND=wasm, and report the error with the model that caused it.'),
  );
}

/**
 * A batch's read-back (`t.data()`) with the device's health checked: a lost
 * device rejects the read with a bare AbortError, and an error (out of memory)
 * leaves the values wrong; both become the BackendError of throwIfWebGpuFailed.
 */
export async function readBatchValues(t: tf.Tensor): Promise<Float32Array> {
  let values: Float32Array;
  try {
    values = (await t.data()) as Float32Array;
  } catch (error) {
    if (state && tf.getBackend() === 'webgpu') {
      // The read fails as soon as the device goes; its `lost` promise settles a moment later.
      await Promise.race([state.device.lost, new Promise((resolve) => setTimeout(resolve, LOST_GRACE_MS))]);
      throwIfWebGpuFailed();
    }
    throw error;
  }
  throwIfWebGpuFailed();
  return values;
}

const LOST_GRACE_MS = 500;

/** Whether tensors of the active backend can be read synchronously (not so for webgpu in Node). */
export function readsSynchronously(): boolean {
  return tf.getBackend() !== 'webgpu' || typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined';
}

/** For tests: loses the device as a driver reset would. */
export function destroyWebGpuDevice(): void {
  state?.device.destroy();
}

function describeGpuAdapter(adapter: GPUAdapter): GpuAdapter {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const name = info.description || info.device || [vendor, architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  const software =
    info.isFallbackAdapter === true ||
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    SOFTWARE_ADAPTER.test([vendor, architecture, info.device, info.description].join(' '));
  return { name, vendor, architecture, api: NATIVE_API, software };
}

/** "NVIDIA H200 (vulkan)", "SwiftShader driver 5.0.0 (vulkan, software)". */
export function formatGpuAdapter(adapter: GpuAdapter): string {
  return `${adapter.name} (${adapter.api}${adapter.software ? ', software' : ''})`;
}

/** Dawn's binding, from the `webgpu` package or from beside the packaged kernel; or why it cannot load. */
function loadDawn(): DawnModule | string {
  if (dawn) return dawn;
  const path = dawnNodePath();
  if (!path) {
    return `the webgpu package (Dawn) is not installed, or has no build for ${DAWN_PLATFORM}; reinstall the dependencies with \`npm install\``;
  }
  // The Vulkan loader warns on every start when XDG_RUNTIME_DIR is unset (services, CI, containers);
  // a private folder silences it. Read by the native code when it loads, so set before that.
  if (process.platform === 'linux' && !process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'ibnb-xdg-'));
  try {
    // A variable specifier keeps bundlers from trying to inline the native module.
    const load: (id: string) => unknown = require;
    dawn = load(path) as DawnModule;
    return dawn;
  } catch (error) {
    return `Dawn's ${DAWN_PLATFORM} binding (${path}) failed to load (${firstLine(error)})`;
  }
}

function dawnNodePath(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(join(dirname(require.resolve('webgpu/package.json')), 'dist', DAWN_PLATFORM, 'dawn.node'));
  } catch {
    // Not installed as a package: the packaged extension ships the binding beside its kernel.
  }
  candidates.push(join(__dirname, 'dawn', DAWN_PLATFORM, 'dawn.node'));
  return candidates.find((path) => existsSync(path));
}

function installNavigatorGpu(module: DawnModule): GPU {
  for (const [name, value] of Object.entries(module.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const gpu = module.create([]);
  const scope = globalThis as { navigator?: { gpu?: GPU } };
  if (scope.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else if (!scope.navigator.gpu) {
    // Node 21+ has a navigator of its own (without gpu).
    Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  }
  return scope.navigator!.gpu!;
}

/** The limits and features tfjs-backend-webgpu's own factory asks for: the adapter's maxima. */
function deviceDescriptor(adapter: GPUAdapter): GPUDeviceDescriptor {
  const limits = adapter.limits;
  return {
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  };
}

interface ReadableBackend {
  readSync(dataId: object): unknown;
  tensorMap: { get(dataId: object): { values?: unknown; dtype?: string } | undefined };
}

function explainSynchronousReads(prototype: object): void {
  const backend = prototype as ReadableBackend & { [PATCHED]?: true };
  if (backend[PATCHED]) return;
  const readSync = backend.readSync;
  backend.readSync = function (this: ReadableBackend, dataId: object) {
    const data = this.tensorMap.get(dataId);
    if (data && data.values == null && data.dtype !== 'string' && data.dtype !== 'complex64' && !readsSynchronously()) {
      throw new BackendError(
        'A tensor on the GPU (webgpu backend) cannot be read synchronously in Node: use `await t.data()` or `await t.array()` ' +
          'instead of dataSync(), arraySync() or print() (afterwards, dataSync() on the same tensor works), or train on the CPU with IBNB_BACKEND=wasm.',
      );
    }
    return readSync.call(this, dataId);
  };
  backend[PATCHED] = true;
}

const PATCHED = Symbol.for('ibnb.webgpuReadSync');

function watch(device: GPUDevice, adapter: GpuAdapter): void {
  const watched: DeviceState = { device, adapter, errors: [] };
  state = watched;
  void device.lost.then((info) => {
    watched.lost = info.message || info.reason || 'no reason given';
  });
  device.addEventListener('uncapturederror', (event) => {
    // Kept short: one bad allocation can repeat for every op of a batch.
    if (watched.errors.length < 20) watched.errors.push(firstLine((event as GPUUncapturedErrorEvent).error));
  });
}

async function setWebGpu(): Promise<boolean> {
  try {
    return await tf.setBackend('webgpu');
  } catch {
    return false;
  }
}

function noAdapterReason(): string {
  const api = NATIVE_API;
  const loaderMissing = api === 'vulkan' && !VULKAN_LOADER_PATHS.some((path) => existsSync(path));
  return (
    `Dawn found no ${api === 'vulkan' ? 'Vulkan' : api === 'metal' ? 'Metal' : 'Direct3D 12'} GPU adapter` +
    (loaderMissing ? ' (the Vulkan loader, libvulkan.so.1, is not installed)' : '') +
    `; to train on a GPU, ${DRIVER_HINT[api]}`
  );
}

/** Where distributions put the Vulkan loader; a hint only (Dawn itself searches the library path). */
const VULKAN_LOADER_PATHS = ['x86_64-linux-gnu', 'aarch64-linux-gnu', ''].flatMap((triple) =>
  ['/usr/lib', '/lib', '/usr/lib64'].map((dir) => join(dir, triple, 'libvulkan.so.1')),
);

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  return message.split('\n')[0].trim();
}
