import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

test('src/charts imports only the contract (src/contract) of ours, and no runtime (not even Node)', () => {
  for (const [file, statement, from] of imports('src/charts')) {
    assert.ok(!from.startsWith('../lib/'), `${file} must not import the library: ${statement}`);
    if (from.startsWith('../contract/')) continue;
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
