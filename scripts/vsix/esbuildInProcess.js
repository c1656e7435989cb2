// Stands in for the `esbuild` package in the packaged kernel: the kernel only needs
// `transform` (TypeScript cells → JavaScript). esbuild's native binary is per platform and
// esbuild-wasm's Node API spawns `node`, which VS Code users may not have; esbuild-wasm's
// browser API runs the same compiler in this process, from esbuild.wasm beside the bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild-wasm/lib/browser.js';

let ready;

function initialize() {
  ready ??= Promise.resolve().then(() => {
    const wasmModule = new WebAssembly.Module(readFileSync(join(__dirname, 'esbuild.wasm')));
    return esbuild.initialize({ wasmModule, worker: false });
  });
  return ready;
}

export async function transform(input, options) {
  await initialize();
  return esbuild.transform(input, options);
}

export const version = esbuild.version;
