/** package.json's VS Code manifest agrees with the code: ids, commands, settings, files it names. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BACKEND_SETTING_VALUES, COMMANDS, CONTROLLER_LABEL, MEDIA_PATHS, NOTEBOOK_TYPE, RENDERER_ID } from '../../src/extension/constants';
import { DEFAULT_SETTINGS } from '../../src/extension/kernelOptions';
import { MIN_DYNAMICS_INTERVAL_MS } from '../../src/protocol/kernelProtocol';
import { checkManifest } from '../../scripts/packaging/vsixCheck';

const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, any>;
const source = (dir: string): string =>
  readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? source(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('\n');

describe('package.json manifest', () => {
  it('declares the notebook type, activation events, renderer, commands and settings', () => {
    assert.deepEqual(checkManifest(pkg), []);
    assert.equal(pkg.main, './dist/extension/extension.js');
    // The library for Node stays the package's export.
    assert.equal(pkg.exports['.'].default, './dist/lib/index.js');
  });

  it('names files that exist (the icon, the template) and a renderer the build makes', () => {
    assert.ok(existsSync(join(root, pkg.icon)), pkg.icon);
    assert.ok(existsSync(join(root, MEDIA_PATHS.starterTemplate)));
    assert.equal(pkg.contributes.notebookRenderer[0].entrypoint, './dist/renderer/index.js');
    // Live dynamics updates are posted to the renderer by its id; without messaging it still draws whole outputs.
    assert.equal(pkg.contributes.notebookRenderer[0].id, RENDERER_ID);
    assert.equal(pkg.contributes.notebookRenderer[0].requiresMessaging, 'optional');
    assert.match(readFileSync(join(root, 'scripts/build.mjs'), 'utf8'), /'renderer\/index': 'renderer\/index\.ts'/);
  });

  it('registers every contributed command in the code, and contributes every registered one', () => {
    const code = source(join(root, 'src/extension'));
    const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const [key, id] of Object.entries(COMMANDS)) {
      assert.ok(contributed.has(id), `${id} contributed`);
      assert.ok(code.includes(`registerCommand(COMMANDS.${key},`), `${id} registered`);
      const title = pkg.contributes.commands.find((c: { command: string }) => c.command === id);
      assert.equal(title.category, 'IB', `${id} shows as "IB: …"`);
    }
    assert.equal(contributed.size, Object.keys(COMMANDS).length);
    for (const menu of Object.values(pkg.contributes.menus) as { command: string }[][]) {
      for (const entry of menu) assert.ok(contributed.has(entry.command), `menu entry ${entry.command}`);
    }
  });

  it('offers the settings with the defaults the code assumes', () => {
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(props['ibnb.backend'].enum, [...BACKEND_SETTING_VALUES]);
    assert.equal(props['ibnb.backend'].default, DEFAULT_SETTINGS.backend);
    assert.equal(props['ibnb.nodePath'].default, DEFAULT_SETTINGS.nodePath);
    // A workspace must not choose which program runs its kernels.
    assert.equal(props['ibnb.nodePath'].scope, 'machine');
    assert.equal(props['ibnb.dataDir'].default, DEFAULT_SETTINGS.dataDir);
    assert.equal(props['ibnb.dynamics.updateIntervalMs'].default, DEFAULT_SETTINGS.updateIntervalMs);
    assert.equal(props['ibnb.dynamics.updateIntervalMs'].minimum, MIN_DYNAMICS_INTERVAL_MS, 'the setting offers what the kernel honours');
  });

  it('installs in VS Code 1.90 and later, with types of that version', () => {
    assert.equal(pkg.engines.vscode, '^1.90.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.90.0');
    assert.equal(NOTEBOOK_TYPE, pkg.contributes.notebooks[0].type);
    assert.ok(CONTROLLER_LABEL.includes('TypeScript'));
  });

  it('keeps vscode out of every other part of the project', () => {
    for (const dir of ['src/lib', 'src/kernel', 'src/format', 'src/cli', 'src/charts', 'renderer']) {
      if (!existsSync(join(root, dir))) continue;
      assert.doesNotMatch(source(join(root, dir)), /from 'vscode'|require\('vscode'\)/, dir);
    }
  });
});
