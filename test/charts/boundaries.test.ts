import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import test from 'node:test';

const ROOT = join(__dirname, '..', '..');

/** Every import/export-from of a folder's .ts files: [file, statement, specifier]. */
function imports(folder: string): [string, string, string][] {
  const dir = join(ROOT, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .flatMap((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)';/gms)].map((m) => [file, m[0], m[1]] as [string, string, string]);
    });
}

test('src/charts imports only the contract (src/contract) and the pure helpers (src/common) of ours, and no runtime (not even Node)', () => {
  for (const [file, statement, from] of imports('src/charts')) {
    assert.ok(!from.startsWith('../lib/'), `${file} must not import the library: ${statement}`);
    if (from.startsWith('../contract/') || from.startsWith('../common/')) continue;
    if (!from.startsWith('./')) {
      assert.ok(from === 'vega-lite' && /^import type /.test(statement), `${file}: ${statement}`);
    }
  }
});

test('renderer/ imports only src/charts and vega-embed (vega types)', () => {
  for (const [file, statement, from] of imports('renderer')) {
    if (from.startsWith('./') || from === '../src/charts/index' || from.startsWith('../src/contract/') || from === 'vega-embed') continue;
    assert.ok(from === 'vega' && /^import type /.test(statement), `${file}: ${statement}`);
  }
});

test('src/language (run by the CLI and the extension host) imports no vscode and no other runtime of ours', () => {
  for (const [file, statement, from] of imports('src/language')) {
    if (from.startsWith('./')) continue;
    assert.ok(from === 'typescript' || from.startsWith('node:'), `${file}: ${statement}`);
  }
});

test('src/extension takes only types from src/language: the compiler is a bundle of its own, loaded on first use', () => {
  for (const folder of ['src/extension', 'src/extension/language', 'src/extension/commands']) {
    for (const [file, statement, from] of imports(folder)) {
      if (from === 'typescript') assert.fail(`${folder}/${file} imports the compiler: ${statement}`);
      const target = resolve(ROOT, folder, from);
      if (target.startsWith(join(ROOT, 'src', 'language') + sep)) assert.match(statement, /^import type /, `${folder}/${file}: ${statement}`);
    }
  }
});
