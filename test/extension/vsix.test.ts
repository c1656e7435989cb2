/**
 * The vsix check (zip reading, manifest and file rules) on hand-made zips,
 * then `npm run package` for real into a temp folder and the check of what it
 * made: the "done when" of packaging, on every test run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import { checkVsix, REQUIRED_FILES, summarizeEntries } from '../../scripts/packaging/vsixCheck';
import { listZip, readZipEntry } from '../../scripts/packaging/zip';

const root = join(__dirname, '../..');

/** A zip with the given files (deflated when `deflate`), as vsce writes them. */
function makeZip(files: Record<string, string | Uint8Array>, deflate = true): Uint8Array {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const stored = deflate ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(deflate ? 8 : 0, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(stored.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, stored);
    directory.push(entry, nameBytes);
    offset += 30 + nameBytes.length + stored.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe('vsix check', () => {
  it('reads stored and deflated zip entries', () => {
    for (const deflate of [false, true]) {
      const zip = makeZip({ 'a.txt': 'hello', 'dir/b.bin': new Uint8Array([0, 1, 2, 255]) }, deflate);
      const entries = listZip(zip);
      assert.deepEqual(entries.map((e) => [e.name, e.size]), [['a.txt', 5], ['dir/b.bin', 4]]);
      assert.equal(Buffer.from(readZipEntry(zip, entries[0])).toString(), 'hello');
      assert.deepEqual([...readZipEntry(zip, entries[1])], [0, 1, 2, 255]);
    }
    assert.throws(() => listZip(new Uint8Array(100)), /Not a zip/);
  });

  it('lists what is missing or should not ship', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const files: Record<string, string> = { 'extension/package.json': JSON.stringify(manifest) };
    for (const file of REQUIRED_FILES) files[file] ??= 'x';
    files['extension/media/icon.png'] = 'png';
    files['extension/dist/kernel/dawn/linux-x64/dawn.node'] = 'elf';
    assert.deepEqual(checkVsix(makeZip(files)).problems, []);

    const broken = { ...files, 'extension/node_modules/tar/index.js': 'x', 'extension/dist/kernel/main.js.map': '{}' };
    delete (broken as Record<string, string>)['extension/dist/data/mnist-embedded.bin.gz'];
    delete (broken as Record<string, string>)['extension/dist/renderer/index.js'];
    delete (broken as Record<string, string>)['extension/dist/kernel/dawn/linux-x64/dawn.node'];
    const problems = checkVsix(makeZip(broken)).problems.join('\n');
    assert.match(problems, /mnist-embedded\.bin\.gz is missing/);
    assert.match(problems, /node_modules must not ship/);
    assert.match(problems, /dawn\.node is missing: the webgpu backend could not start/);
    assert.match(problems, /source maps/);
    assert.match(problems, /renderer for application\/vnd\.ibnb\.dynamics\+json has entrypoint .* not in the package/);

    const noCommands = { ...files, 'extension/package.json': JSON.stringify({ ...manifest, contributes: { ...manifest.contributes, commands: [] }, activationEvents: [] }) };
    const listed = checkVsix(makeZip(noCommands)).problems.join('\n');
    assert.match(listed, /command ibnb\.attachEvaluator is not contributed/);
    assert.match(listed, /activationEvents lacks onNotebook:ibnb/);
  });

  it('npm run package makes a complete vsix (manifest, bundles, wasm, data; no node_modules)', { timeout: 180_000 }, () => {
    for (const built of ['dist/extension/extension.js', 'dist/renderer/index.js']) {
      assert.ok(existsSync(join(root, built)), `${built} is missing: run \`npm run build\` first (npm test does)`);
    }
    const folder = mkdtempSync(join(tmpdir(), 'ibnb-package-test-'));
    try {
      const out = join(folder, 'ibnb.vsix');
      // --skip-build: other test files read dist/ meanwhile; npm test built it already.
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package.mjs', '--skip-build', '--stage', join(folder, 'stage'), '--out', out], { cwd: root, encoding: 'utf8' });
      assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
      const report = checkVsix(readFileSync(out));
      assert.deepEqual(report.problems, []);
      // About 12 MiB without Dawn's binding, which adds ~7 MiB compressed for linux-x64.
      assert.ok(report.bytes > 8 * 1048576 && report.bytes < 25 * 1048576, `${(report.bytes / 1048576).toFixed(1)} MiB`);
      assert.ok(report.entries.some((e) => e.name === `extension/dist/kernel/dawn/${process.platform}-${process.arch}/dawn.node`), 'Dawn ships for this platform');
      assert.ok(summarizeEntries(report.entries).some((line) => line.startsWith('dist/kernel:')));
      const manifest = JSON.parse(Buffer.from(readZipEntry(readFileSync(out), report.entries.find((e) => e.name === 'extension/package.json')!)).toString());
      assert.equal(manifest.main, './dist/extension/extension.js');
      assert.equal(manifest.dependencies, undefined);
      assert.equal(manifest.scripts, undefined);
      assert.match(result.stdout, /smoke test of the packaged kernel/);
      // The packaged kernel runs the threaded wasm build, one thread per core (its pthreads load from dist/wasm-threads).
      assert.match(result.stdout, new RegExp(`backend wasm, ${Math.min(availableParallelism(), 8)} threads? \\(forced by IBNB_BACKEND\\), dynamics 1x4x1x2x2; embedded MNIST loads`));
      // And on webgpu with nothing installed but the driver (SwiftShader here), Dawn's binding loading from beside the kernel.
      assert.match(result.stdout, /backend webgpu, SwiftShader .*\(vulkan, software\) \(forced by IBNB_BACKEND\), dynamics 1x4x1x2x2; embedded MNIST loads/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
