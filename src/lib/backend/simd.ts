/**
 * Two memory-bound loops of the training step as a tiny hand-assembled
 * WebAssembly SIMD module that shares the wasm backend's memory, so it works
 * on tensors in place, without copies:
 *   - transpose4(src, dst, rows, cols): the 4-aligned part of a row-major
 *     float32 matrix transpose, 4×4 tiles through i8x16.shuffle;
 *   - momentum(w, a, g, w2, a2, n4, m, c): a2 = m·a + g, w2 = c·a2 + w over
 *     the first n4 (a multiple of 4) floats, rounded after every operation
 *     as the stock element-wise kernels do.
 * Pointers are byte offsets into the shared memory. Callers do the few
 * leftover elements in JS. Plain JS loops on the same heap views ran 1.5–3×
 * slower here (see bench/profile.ts).
 */

/** WebAssembly's JS API, as far as used here (the library builds without the DOM typings). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A WebAssembly.Memory. */
export type WasmMemory = { readonly buffer: ArrayBuffer | SharedArrayBuffer };

/** The parts of tfjs-backend-wasm's BackendWasm that ibnb's wasm kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32' | 'int32' | 'bool' | 'complex64' | 'string'): { dataId: object; shape: number[]; dtype: 'float32' | 'int32' | 'bool' | 'complex64' | 'string' };
  typedArrayFromHeap(info: { dataId: object; shape: number[]; dtype: string }): Float32Array;
  incRef(dataId: object): void;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  /** The single-threaded build exports its memory; the threaded one creates it in JS (shared) and imports it. */
  wasm: { asm?: { memory?: WasmMemory }; wasmMemory?: WasmMemory };
}

/** The SIMD helpers bound to the backend's memory (null without SIMD). */
export function simdFor(backend: WasmBackend): SimdKernels | null {
  return simdKernels(backend.wasm.asm?.memory ?? backend.wasm.wasmMemory);
}

export interface SimdKernels {
  transpose4(src: number, dst: number, rows: number, cols: number): void;
  momentum(w: number, a: number, g: number, w2: number, a2: number, n4: number, m: number, c: number): void;
}

const cache = new WeakMap<WasmMemory, SimdKernels | null>();

/** The kernels bound to `memory`, or null where WebAssembly SIMD is unavailable. */
export function simdKernels(memory: WasmMemory | undefined): SimdKernels | null {
  if (!memory || !WebAssemblyApi) return null;
  if (cache.has(memory)) return cache.get(memory)!;
  let kernels: SimdKernels | null = null;
  try {
    const module = moduleBytes(typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer);
    if (WebAssemblyApi.validate(module)) {
      const instance = new WebAssemblyApi.Instance(new WebAssemblyApi.Module(module), { env: { memory } });
      kernels = instance.exports as unknown as SimdKernels;
    }
  } catch {
    kernels = null;
  }
  cache.set(memory, kernels);
  return kernels;
}

// ---- a minimal WebAssembly encoder ----

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

// Instructions.
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const add = [0x6a];
const mul = [0x6c];
const geU = [0x4f];
const ltU = [0x49];
const select = [0x1b];
const brIf = (d: number) => [0x0d, ...uleb(d)];
const br = (d: number) => [0x0c, ...uleb(d)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const load = [...simd(0x00), 0, 0]; // v128.load align=1 offset=0
const store = [...simd(0x0b), 0, 0]; // v128.store
const shuffle = (lanes: number[]) => [...simd(0x0d), ...lanes];
const splat = simd(0x13); // f32x4.splat
const fadd = simd(0xe4); // f32x4.add
const fmul = simd(0xe6); // f32x4.mul
/** for (; local < limit; local += step) body — limit and step as instruction lists. */
const loopWhile = (local: number, limit: number[], step: number, body: number[]) => [
  0x02, 0x40, 0x03, 0x40,
  ...get(local), ...limit, ...geU, ...brIf(1),
  ...body,
  ...get(local), ...i32c(step), ...add, ...set(local),
  ...br(0), 0x0b, 0x0b,
];

function transposeBody(): number[] {
  // params: 0 src, 1 dst, 2 rows, 3 cols; locals: 4 i, 5 j, 6 p, 7 q, 8 rowBytes, 9 colBytes, 10 rows4, 11 cols4 (i32),
  // 12–15 r0–r3, 16–19 t0–t3 (v128), 20 jb, 21 jEnd (i32)
  const lo = [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23];
  const hi = [8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31];
  const first = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const second = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
  const rowAt = (k: number) => [...get(6), ...(k ? [...get(8), ...i32c(k), ...mul, ...add] : []), ...load, ...set(12 + k)];
  const storeAt = (k: number, value: number[]) => [...get(7), ...(k ? [...get(9), ...i32c(k), ...mul, ...add] : []), ...value, ...store];
  const inner = [
    // p = src + (i·cols + j)·4; q = dst + (j·rows + i)·4
    ...get(0), ...get(4), ...get(3), ...mul, ...get(5), ...add, ...i32c(4), ...mul, ...add, ...set(6),
    ...get(1), ...get(5), ...get(2), ...mul, ...get(4), ...add, ...i32c(4), ...mul, ...add, ...set(7),
    ...rowAt(0), ...rowAt(1), ...rowAt(2), ...rowAt(3),
    ...get(12), ...get(13), ...shuffle(lo), ...set(16), // a0 b0 a1 b1
    ...get(12), ...get(13), ...shuffle(hi), ...set(17), // a2 b2 a3 b3
    ...get(14), ...get(15), ...shuffle(lo), ...set(18), // c0 d0 c1 d1
    ...get(14), ...get(15), ...shuffle(hi), ...set(19), // c2 d2 c3 d3
    ...storeAt(0, [...get(16), ...get(18), ...shuffle(first)]),
    ...storeAt(1, [...get(16), ...get(18), ...shuffle(second)]),
    ...storeAt(2, [...get(17), ...get(19), ...shuffle(first)]),
    ...storeAt(3, [...get(17), ...get(19), ...shuffle(second)]),
  ];
  return [
    ...get(3), ...i32c(4), ...mul, ...set(8),
    ...get(2), ...i32c(4), ...mul, ...set(9),
    ...get(2), ...i32c(-4), 0x71, ...set(10),
    ...get(3), ...i32c(-4), 0x71, ...set(11),
    // Strips of 16 columns (one 64-byte line of each source row), each swept down all rows: every
    // source and destination line is then read or written once, whatever the shape (row by row, a
    // tall matrix's destination lines were each written 4 times, far apart).
    ...i32c(0), ...set(20),
    ...loopWhile(20, get(11), STRIP, [
      // jEnd = min(jb + STRIP, cols4)
      ...get(20), ...i32c(STRIP), ...add, ...get(11), ...get(20), ...i32c(STRIP), ...add, ...get(11), ...ltU, ...select, ...set(21),
      ...i32c(0), ...set(4),
      ...loopWhile(4, get(10), 4, [...get(20), ...set(5), ...loopWhile(5, get(21), 4, inner)]),
    ]),
    0x0b,
  ];
}

/** Columns per strip of transpose4. */
const STRIP = 16;

function momentumBody(): number[] {
  // params: 0 w, 1 a, 2 g, 3 w2, 4 a2, 5 n4, 6 m, 7 c; locals: 8 i, 9 end (i32), 10 mv, 11 cv, 12 next (v128)
  const at = (base: number) => [...get(base), ...get(8), ...add];
  return [
    ...get(6), ...splat, ...set(10),
    ...get(7), ...splat, ...set(11),
    ...get(5), ...i32c(4), ...mul, ...set(9),
    ...i32c(0), ...set(8),
    ...loopWhile(8, get(9), 16, [
      ...get(10), ...at(1), ...load, ...fmul, ...at(2), ...load, ...fadd, ...set(12),
      ...at(4), ...get(12), ...store,
      ...at(3), ...get(11), ...get(12), ...fmul, ...at(0), ...load, ...fadd, ...store,
    ]),
    0x0b,
  ];
}

const bytes = new Map<boolean, Uint8Array>();

/** The module, importing a plain memory or (for the threaded build) a shared one. */
function moduleBytes(shared: boolean): Uint8Array {
  const cached = bytes.get(shared);
  if (cached) return cached;
  const func = (params: number[], results: number[]) => [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
  const types = section(1, vec([func([I32, I32, I32, I32], []), func([I32, I32, I32, I32, I32, I32, F32, F32], [])]));
  // A memory of min 1 page: unbounded, or shared with the most pages a 32-bit memory can have (a shared memory needs a max).
  const limits = shared ? [0x03, 0x01, ...uleb(65536)] : [0x00, 0x01];
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits]]));
  const functions = section(3, vec([[0], [1]]));
  const exports = section(7, vec([[...name('transpose4'), 0x00, 0], [...name('momentum'), 0x00, 1]]));
  const code = (locals: [number, number][], body: number[]) => {
    const fn = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...body];
    return [...uleb(fn.length), ...fn];
  };
  const codes = section(10, vec([code([[8, I32], [8, V128], [2, I32]], transposeBody()), code([[2, I32], [3, V128]], momentumBody())]));
  const module = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...codes]);
  bytes.set(shared, module);
  return module;
}
