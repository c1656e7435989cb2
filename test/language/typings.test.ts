import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { TypingsFolder } from '../../src/language/typings';
import { TYPINGS } from './helpers';

test('the compiler\'s node_modules paths map to the shipped packages/ folders, nested ones too', () => {
  const typings = new TypingsFolder(TYPINGS);
  const nested = join(TYPINGS, 'node_modules', '@tensorflow', 'tfjs-core', 'node_modules', '@webgpu', 'types', 'dist', 'index.d.ts');
  assert.equal(typings.realPath(nested), join(TYPINGS, 'packages', '@tensorflow', 'tfjs-core', 'packages', '@webgpu', 'types', 'dist', 'index.d.ts'));
  assert.ok(existsSync(typings.realPath(nested)));
  assert.ok(existsSync(typings.realPath(typings.nodeTypesFile)));
  // Paths outside the typings folder are the notebook's own: unchanged.
  assert.equal(typings.realPath('/somewhere/node_modules/x/index.d.ts'), '/somewhere/node_modules/x/index.d.ts');
});

test('dist/typings holds no folder named node_modules (the vsix refuses one), and only declarations and package.json files', () => {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const files = walk(TYPINGS).map((f) => relative(TYPINGS, f));
  assert.ok(files.length > 100);
  assert.deepEqual(files.filter((f) => f.split(/[\\/]/).includes('node_modules')), []);
  assert.deepEqual(files.filter((f) => !/\.d\.[cm]?ts$/.test(f) && !f.endsWith('package.json')), []);
});
