/**
 * What a packaged .vsix must hold for IB Notebooks to install and work
 * offline: a manifest that declares the notebook type, the activation
 * events, the renderer, every command and setting; the bundles and the files
 * they load at run time; and nothing that should not ship (node_modules,
 * source maps). Used by scripts/package.mjs after packaging and by the tests.
 */
import { COMMANDS, NOTEBOOK_TYPE, SETTINGS } from '../../src/extension/constants';
import { listZip, readZipEntry, type ZipEntry } from './zip';
import { RENDERER_MIME_TYPES } from '../../src/contract/mime';

/** Files the extension loads at run time, inside the vsix's extension/ folder. */
export const REQUIRED_FILES = [
  'extension/package.json',
  'extension/readme.md',
  'extension/dist/extension/extension.js',
  'extension/dist/kernel/main.js',
  'extension/dist/kernel/esbuild.wasm',
  'extension/dist/kernel/tfjs-backend-wasm.wasm',
  'extension/dist/kernel/tfjs-backend-wasm-simd.wasm',
  'extension/dist/kernel/tfjs-backend-wasm-threaded-simd.wasm',
  'extension/dist/wasm-threads/pthread.js',
  'extension/dist/wasm-threads/tfjs-backend-wasm-threaded-simd.js',
  'extension/dist/wasm-threads/tfjs-backend-wasm-threaded-simd.worker.js',
  'extension/dist/renderer/index.js',
  // The language service of code cells and the declarations it checks them against (src/language).
  'extension/dist/language/worker.js',
  'extension/dist/typings/package.json',
  'extension/dist/typings/lib/lib.es2022.d.ts',
  'extension/dist/typings/packages/ibnb/index.d.ts',
  'extension/dist/typings/packages/@tensorflow/tfjs/dist/index.d.ts',
  'extension/dist/typings/packages/@types/node/index.d.ts',
  'extension/dist/data/mnist-embedded.bin.gz',
  'extension/media/templates/starter.ibnb',
  'extension.vsixmanifest',
];

export { RENDERER_MIME_TYPES };
export const SETTING_KEYS = [SETTINGS.backend, SETTINGS.nodePath, SETTINGS.dataDir, SETTINGS.updateIntervalMs].map((key) => `${SETTINGS.section}.${key}`);
/** ~12 MiB of extension, kernel and data, and Dawn's binding for one platform (~7 MiB compressed on linux-x64, ~14 on win32). */
export const MAX_VSIX_BYTES = 30 * 1024 * 1024;
/** Dawn's binding for the vsix's platform (webgpu), beside the kernel (src/lib/backend/webgpu.ts). */
export const DAWN_BINDING = /^extension\/dist\/kernel\/dawn\/[a-z0-9]+-[a-z0-9]+\/dawn\.node$/;

export interface VsixReport {
  bytes: number;
  entries: ZipEntry[];
  /** Empty when the package is complete. */
  problems: string[];
}

/** Problems of a manifest (package.json as the vsix has it); `files` are the vsix's paths, to check that the files it names exist. */
export function checkManifest(manifest: Record<string, unknown>, files?: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const contributes = (manifest.contributes ?? {}) as Record<string, unknown>;
  const has = (path: string) => !files || files.has(`extension/${path.replace(/^\.\//, '')}`);

  const engines = (manifest.engines ?? {}) as Record<string, unknown>;
  if (engines.vscode !== '^1.90.0') problems.push(`engines.vscode is ${JSON.stringify(engines.vscode)}, expected "^1.90.0"`);
  if (typeof manifest.publisher !== 'string' || manifest.publisher === '') problems.push('no publisher');
  if (typeof manifest.main !== 'string' || !has(manifest.main)) problems.push(`main ${JSON.stringify(manifest.main)} is not in the package`);
  if (typeof manifest.icon === 'string' && !has(manifest.icon)) problems.push(`icon ${manifest.icon} is not in the package`);

  const events = Array.isArray(manifest.activationEvents) ? manifest.activationEvents : [];
  for (const event of [`onNotebook:${NOTEBOOK_TYPE}`, `onNotebookSerializer:${NOTEBOOK_TYPE}`]) {
    if (!events.includes(event)) problems.push(`activationEvents lacks ${event}`);
  }

  const notebooks = asArray(contributes.notebooks);
  const notebook = notebooks.find((n) => n.type === NOTEBOOK_TYPE);
  if (!notebook) problems.push(`contributes.notebooks has no type "${NOTEBOOK_TYPE}"`);
  else if (!asArray(notebook.selector).some((s) => s.filenamePattern === '*.ibnb')) problems.push('the notebook type does not select *.ibnb files');

  const renderers = asArray(contributes.notebookRenderer);
  for (const mime of RENDERER_MIME_TYPES) {
    const renderer = renderers.find((r) => Array.isArray(r.mimeTypes) && r.mimeTypes.includes(mime));
    if (!renderer) problems.push(`no notebook renderer for ${mime}`);
    else if (typeof renderer.entrypoint !== 'string' || !has(renderer.entrypoint)) problems.push(`the renderer for ${mime} has entrypoint ${JSON.stringify(renderer.entrypoint)}, which is not in the package`);
  }

  const commands = new Set(asArray(contributes.commands).map((c) => c.command));
  for (const command of Object.values(COMMANDS)) if (!commands.has(command)) problems.push(`command ${command} is not contributed`);

  const configuration = (contributes.configuration ?? {}) as { properties?: Record<string, unknown> };
  for (const key of SETTING_KEYS) if (!configuration.properties?.[key]) problems.push(`setting ${key} is not contributed`);
  return problems;
}

export function checkVsix(vsix: Uint8Array): VsixReport {
  const entries = listZip(vsix);
  const names = new Set(entries.map((e) => e.name));
  const problems: string[] = [];
  for (const file of REQUIRED_FILES) if (!names.has(file)) problems.push(`${file} is missing`);
  if (!entries.some((e) => DAWN_BINDING.test(e.name))) problems.push('extension/dist/kernel/dawn/<platform>/dawn.node is missing: the webgpu backend could not start');
  for (const entry of entries) {
    if (/(^|\/)node_modules\//.test(entry.name)) problems.push(`${entry.name}: node_modules must not ship (everything is bundled)`);
    if (entry.name.endsWith('.map')) problems.push(`${entry.name}: source maps are left out of the package`);
    if (/tfjs-node/.test(entry.name)) problems.push(`${entry.name}: the native TensorFlow packages are not bundled`);
  }
  if (vsix.length > MAX_VSIX_BYTES) problems.push(`the package is ${(vsix.length / 1048576).toFixed(1)} MiB, over the ${MAX_VSIX_BYTES / 1048576} MiB budget`);
  const manifestEntry = entries.find((e) => e.name === 'extension/package.json');
  if (manifestEntry) {
    const manifest = JSON.parse(new TextDecoder().decode(readZipEntry(vsix, manifestEntry))) as Record<string, unknown>;
    problems.push(...checkManifest(manifest, names));
  }
  return { bytes: vsix.length, entries, problems };
}

/** "dist/kernel: 5 files, 6.1 MiB" lines, largest folders first. */
export function summarizeEntries(entries: readonly ZipEntry[]): string[] {
  const folders = new Map<string, { files: number; size: number; compressed: number }>();
  for (const entry of entries) {
    const parts = entry.name.replace(/^extension\//, '').split('/');
    const folder = parts.length > 1 ? parts.slice(0, Math.min(2, parts.length - 1)).join('/') : '.';
    const stats = folders.get(folder) ?? { files: 0, size: 0, compressed: 0 };
    stats.files++;
    stats.size += entry.size;
    stats.compressed += entry.compressedSize;
    folders.set(folder, stats);
  }
  return [...folders.entries()]
    .sort((a, b) => b[1].compressed - a[1].compressed)
    .map(([folder, s]) => `${folder}: ${s.files} file${s.files === 1 ? '' : 's'}, ${mib(s.size)} (${mib(s.compressed)} compressed)`);
}

function mib(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}
