import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { download, DownloadError, type DownloadProgress } from '../../../src/lib/data/download';
import { refusedUrl, serve, tempDir } from './helpers';

const body = Buffer.from('IDX'.repeat(50_000));
const md5 = createHash('md5').update(body).digest('hex');
let server: Awaited<ReturnType<typeof serve>>;
const tmp = tempDir();

before(async () => {
  server = await serve((req, res) => {
    switch (req.url) {
      case '/ok':
        res.writeHead(200, { 'content-length': body.length });
        res.end(body);
        return;
      case '/hop':
        res.writeHead(302, { location: '/ok' });
        res.end();
        return;
      case '/short':
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 1000));
        setTimeout(() => res.destroy(), 20);
        return;
      case '/stall':
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 1000));
        return;
      default:
        res.writeHead(404);
        res.end('not here');
    }
  });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});

/** Files in a fresh folder after running `body` in it. */
async function folderAfter(run: (dir: string) => Promise<void>): Promise<string[]> {
  const dir = join(tmp.dir, Math.random().toString(36).slice(2));
  await run(dir);
  return existsSync(dir) ? readdirSync(dir) : [];
}

test('downloads, follows redirects, verifies the MD5 and reports progress', async () => {
  const events: DownloadProgress[] = [];
  const files = await folderAfter(async (dir) => {
    await download({ url: `${server.url}hop`, dest: join(dir, 'f.gz'), md5, onProgress: (p) => events.push(p) });
    assert.deepEqual(readFileSync(join(dir, 'f.gz')), body);
  });
  assert.deepEqual(files, ['f.gz']);
  assert.equal(events[0]!.received, 0);
  assert.equal(events.at(-1)!.done, true);
  assert.equal(events.at(-1)!.received, body.length);
  assert.ok(events.every((e) => e.total === body.length && e.file === 'f.gz'));
});

test('a checksum mismatch leaves nothing behind', async () => {
  const files = await folderAfter((dir) =>
    assert.rejects(
      download({ url: `${server.url}ok`, dest: join(dir, 'f.gz'), md5: '0'.repeat(32) }),
      (e: unknown) => e instanceof DownloadError && /checksum mismatch \(MD5 [0-9a-f]{32}, expected 0{32}\)/.test(e.message),
    ),
  );
  assert.deepEqual(files, []);
});

test('HTTP errors, cut connections, stalls and refused connections fail cleanly', async () => {
  const cases: [string, RegExp, number?][] = [
    [`${server.url}missing`, /HTTP 404/],
    [`${server.url}short`, /connection broke after 1000 bytes/],
    [`${server.url}stall`, /no data arrived for 0.2 s/, 200],
    [await refusedUrl(), /ECONNREFUSED/],
  ];
  for (const [url, reason, timeoutMs] of cases) {
    const files = await folderAfter((dir) =>
      assert.rejects(download({ url, dest: join(dir, 'f.gz'), timeoutMs }), (e: unknown) => {
        assert.ok(e instanceof DownloadError, String(e));
        assert.match(e.reason, reason);
        assert.ok(e.message.startsWith(`Could not download ${url}`), e.message);
        return true;
      }),
    );
    assert.deepEqual(files, [], `no file left after ${url}`);
  }
});

test('non-http URLs are refused up front', async () => {
  await assert.rejects(download({ url: 'ftp://example.com/x', dest: join(tmp.dir, 'x') }), /not an http\(s\) URL/);
});
