// Bundles each runtime with esbuild. Usage: node scripts/build.mjs [--watch]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');

/** One entry per runtime folder; each bundle is what that runtime loads. */
const targets = [
  {
    // The `ibnb` library (package exports "."): dependencies stay external so
    // the wasm binaries and the optional native backends resolve from node_modules.
    entryPoints: { 'lib/index': 'src/lib/index.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  },
  {
    // The entry of each pthread of the wasm backend's threaded build (src/lib/backend/wasmThreads.ts),
    // beside the two package files it loads (copied below).
    entryPoints: { 'wasm-threads/pthread': 'src/lib/backend/wasmThreadWorker.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  },
  {
    // The notebook renderer: an ES module VS Code imports into the output
    // webview, with vega, vega-lite and vega-embed bundled in (no network there).
    entryPoints: { 'renderer/index': 'renderer/index.ts' },
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
  },
  {
    // The same charts as one classic script (global IbnbCharts) that the CLI's
    // HTML report inlines (src/cli/reportCharts.ts); no source map, since an inlined
    // script's map URL would point next to the report.
    entryPoints: { 'renderer/report-charts': 'renderer/report.ts' },
    platform: 'browser',
    format: 'iife',
    globalName: 'IbnbCharts',
    target: 'es2022',
    minify: true,
    sourcemap: false,
  },
  {
    // The notebook kernel, a child process: it bundles the library from source, so
    // `import 'ibnb'` in a cell gets the very module instance the kernel hooks into.
    entryPoints: { 'kernel/main': 'src/kernel/main.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  },
  {
    // The language service for notebook cells (src/language) with the TypeScript compiler inside,
    // as a worker thread the extension starts when a notebook first asks (src/extension/language/
    // services.ts): type-checking never stalls the extension host. The CLI bundles src/language itself.
    entryPoints: { 'language/worker': 'src/language/worker.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
  },
  {
    // `ibnb run`, the headless runner (package.json "bin"); it starts dist/kernel/main.js.
    entryPoints: { 'cli/main': 'src/cli/main.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    // npm marks "bin" files executable when it installs a package, but not for `npx ibnb` in this repository.
    plugins: [{ name: 'executable', setup: (build) => build.onEnd(async () => (await import('node:fs')).chmodSync('dist/cli/main.js', 0o755)) }],
  },
  {
    // The VS Code extension (package.json "main"): `vscode` is provided by the editor; the
    // kernel client and the format module are bundled in. It starts dist/kernel/main.js.
    entryPoints: { 'extension/extension': 'src/extension/extension.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
];

const common = { bundle: true, sourcemap: true, outdir: 'dist', logLevel: 'warning' };

for (const target of targets) {
  const options = { ...common, ...target };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    await esbuild.build(options);
  }
}
// The threaded wasm build's standalone glue and pthread source, which the pthreads load from dist/wasm-threads.
const wasmOut = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
mkdirSync('dist/wasm-threads', { recursive: true });
for (const file of ['tfjs-backend-wasm-threaded-simd.js', 'tfjs-backend-wasm-threaded-simd.worker.js']) {
  copyFileSync(join(wasmOut, file), join('dist/wasm-threads', file));
}
if (!watch) console.log(`built ${targets.length} bundle(s) into dist/`);
// The declarations cells are type-checked against (dist/typings): ibnb's own, emitted by tsc, and
// those of the packages they use. Also in watch mode, once: they change with the library's API only.
const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-b', 'src/lib'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const typings = spawnSync(process.execPath, ['scripts/typings.mjs'], { stdio: 'inherit' });
if (typings.status !== 0) process.exit(typings.status ?? 1);
