/**
 * Headless Chromium for the renderer tests: a local HTTP server on 127.0.0.1
 * serving the built renderer bundle and a test page that loads it as VS Code
 * does, and a record of every request the page makes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// dirname(__filename): tsx sets __filename but not __dirname when an ES module (the benchmark) imports this file.
const HERE = dirname(__filename);
export const ROOT = join(HERE, '..', '..');
export const BUNDLE = join(ROOT, 'dist', 'renderer', 'index.js');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const HARNESS = join(HERE, 'fixtures', 'harness.html');

export { DYNAMICS_MIME, VEGALITE_MIME } from '../../src/contract/mime';

/** Fails (never skips) when the renderer's prerequisites are missing. */
export function requirePrerequisites(): void {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium is not installed at ${CHROMIUM}; the renderer tests need it (CI installs it). Install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH.`,
  );
  assert.ok(existsSync(BUNDLE), `The renderer bundle ${BUNDLE} is missing: run \`npm run build\` first (npm test does).`);
}

export interface TestServer {
  origin: string;
  /** Paths the server was asked for, in order. */
  served: string[];
  close(): Promise<void>;
}

/** Serves the harness at / and dist/renderer/* at /*; anything else is a 404 (and recorded). */
export async function startServer(): Promise<TestServer> {
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    served.push(path);
    const file = path === '/' ? HARNESS : join(ROOT, 'dist', 'renderer', path.replace(/^\/+/, ''));
    if (!file.startsWith(join(ROOT, 'dist', 'renderer')) && file !== HARNESS) return void res.writeHead(404).end();
    if (!existsSync(file)) return void res.writeHead(404).end();
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface HarnessPage {
  page: Page;
  /** URLs of every request the page made. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

export async function openHarness(browser: Browser, server: TestServer, viewport = { width: 1000, height: 1400 }): Promise<HarnessPage> {
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction('window.harnessReady === true', undefined, { timeout: 15_000 });
  return { page, requests, errors };
}

/** What a renderer suite drives: the local server, headless Chromium, and the harness page on it. */
export interface RendererSession {
  server: TestServer;
  browser: Browser;
  h: HarnessPage;
}

/**
 * Opens the server, Chromium and the harness page before the enclosing
 * describe block's tests (failing, never skipping, without the
 * prerequisites) and closes them after; the fields are set once `before` ran.
 */
export function useHarness(): RendererSession {
  const session = {} as RendererSession;
  before(async () => {
    requirePrerequisites();
    mkdirSync(ARTIFACTS, { recursive: true });
    session.server = await startServer();
    session.browser = await launch();
    session.h = await openHarness(session.browser, session.server);
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
