/** Settings → how a notebook's kernel starts (backend, Node, data folder, where native backends are found). */
import assert from 'node:assert/strict';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, kernelClientOptions, normalizeSettings } from '../../src/extension/kernelOptions';

describe('kernel options from settings', () => {
  it('replaces bad setting values by the defaults', () => {
    assert.deepEqual(normalizeSettings({}), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings({ backend: 'cuda', nodePath: 3, dataDir: ' /data ', updateIntervalMs: 1 }), { ...DEFAULT_SETTINGS, dataDir: '/data', updateIntervalMs: 50 });
    assert.equal(normalizeSettings({ backend: 'tensorflow-gpu' }).backend, 'tensorflow-gpu');
    assert.equal(normalizeSettings({ updateIntervalMs: Number.NaN }).updateIntervalMs, 250);
  });

  it('starts the kernel in the notebook folder with the backend, data folder and module paths', () => {
    const options = kernelClientOptions(
      { ...DEFAULT_SETTINGS, backend: 'wasm', dataDir: '/data/sets', nodePath: '/opt/node/bin/node' },
      { notebookDir: '/work/nb', workspaceDirs: ['/work', '/work/nb'] },
      { PATH: '/usr/bin', NODE_PATH: '/global/node_modules' },
      '/ext/dist/kernel/main.js',
    );
    assert.equal(options.backend, 'wasm');
    assert.equal(options.cwd, '/work/nb');
    assert.equal(options.nodePath, '/opt/node/bin/node');
    assert.equal(options.kernelPath, '/ext/dist/kernel/main.js');
    assert.equal(options.env?.IBNB_DATA_DIR, '/data/sets');
    assert.equal(options.env?.PATH, '/usr/bin');
    assert.deepEqual(options.env?.NODE_PATH?.split(delimiter), [join('/work/nb', 'node_modules'), join('/work', 'node_modules'), '/global/node_modules']);
  });

  it('leaves the Node.js and the data folder to the defaults when the settings are empty', () => {
    const options = kernelClientOptions(DEFAULT_SETTINGS, { notebookDir: '/nb', workspaceDirs: [] }, { IBNB_DATA_DIR: '/from/env' });
    assert.equal(options.nodePath, undefined);
    assert.equal(options.kernelPath, undefined);
    assert.equal(options.backend, 'auto');
    assert.equal(options.env?.IBNB_DATA_DIR, '/from/env');
  });
});
