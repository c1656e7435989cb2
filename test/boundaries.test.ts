/**
 * The folder says what runs where (README, "Repository layout"): each
 * runtime folder imports only the folders its runtime may load. In
 * particular the extension host's code (src/extension, and the kernel client
 * and protocol it uses) never reaches the library or TensorFlow.js, so the
 * extension bundle cannot pull them in; the built bundle is checked too.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import test from 'node:test';

const ROOT = resolve(__dirname, '..');

/** Every import/export-from specifier of a folder's .ts files, recursively, resolved to a repository path when relative. */
function importsOf(folder: string): { file: string; target: string }[] {
  const dir = join(ROOT, folder);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return importsOf(relative(ROOT, path));
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) return [];
    const text = readFileSync(path, 'utf8');
    return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)';/gms)].map((m) => ({
      file: relative(ROOT, path),
      target: m[1].startsWith('.') ? relative(ROOT, resolve(dir, m[1])) : m[1],
    }));
  });
}

/** What each runtime folder may import of ours (its own folder always); packages are checked separately. */
const ALLOWED: Record<string, string[]> = {
  'src/contract': [],
  'src/common': [],
  'src/protocol': ['src/format', 'src/contract'],
  // src/charts is pure (no runtime, no TensorFlow.js): the client merges live dynamics with it.
  'src/kernelClient': ['src/format', 'src/protocol', 'src/contract', 'src/charts'],
  // src/language: types only (test/charts/boundaries.test.ts); its code runs in a worker bundle of its own.
  'src/extension': ['src/format', 'src/protocol', 'src/kernelClient', 'src/contract', 'src/charts', 'src/language'],
};

for (const [folder, allowed] of Object.entries(ALLOWED)) {
  test(`${folder} imports only ${allowed.join(', ') || 'itself'} of ours, and no TensorFlow.js`, () => {
    for (const { file, target } of importsOf(folder)) {
      assert.ok(!target.startsWith('@tensorflow/'), `${file} imports ${target}`);
      if (!target.startsWith('src/') && !target.startsWith('renderer') && !target.startsWith('scripts')) continue;
      assert.ok(target.startsWith(`${folder}/`) || allowed.some((a) => target.startsWith(`${a}/`)), `${file} imports ${target}`);
    }
  });
}

test('src/common imports nothing, not even a package or Node: the library and the charts (the browser too) both load it', () => {
  const outside = importsOf('src/common').filter(({ target }) => !target.startsWith('src/common/'));
  assert.deepEqual(outside, [], 'src/common must stay pure: move code that needs an import to the folder that uses it');
});

test('the built extension bundle holds no TensorFlow.js and no library code', () => {
  const bundle = join(ROOT, 'dist/extension/extension.js');
  assert.ok(existsSync(bundle), 'dist/extension/extension.js is missing: run `npm run build` first (npm test does).');
  const text = readFileSync(bundle, 'utf8');
  // esbuild heads every bundled module with a comment naming its path, and keeps externals as require() calls.
  assert.doesNotMatch(text, /require\("@tensorflow\//, 'TensorFlow.js is not required');
  assert.doesNotMatch(text, /^\/\/ node_modules\/@tensorflow\//m, 'TensorFlow.js is not bundled');
  assert.doesNotMatch(text, /^\/\/ src\/(lib|kernel)\//m, 'no module of the library or the kernel process is bundled');
  assert.match(text, /^\/\/ src\/kernelClient\/client\.ts$/m, 'the bundle does list its modules (the check above can see them)');
});
