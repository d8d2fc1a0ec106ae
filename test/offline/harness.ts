/**
 * What the offline tests share: building the app with Vite's API into a temporary folder, a Chromium driven
 * by playwright-core (Debian's chromium, never a downloaded one), a tiny static file server, and the steps
 * a user takes in the page (load the example, run it), found by role and name rather than by CSS.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { expect } from 'vitest';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '../..');

/** $CHROMIUM_PATH, else `chromium` on PATH (as vitest.config.ts finds it for the browser tests). */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // not on PATH: try the next name
    }
  }
  return undefined;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * `vite build` (mode undefined) or `vite build --mode single` into a fresh temporary folder: the production
 * build a user serves. Vitest sets NODE_ENV=test, and Vite builds with the NODE_ENV it finds, which would
 * give React's development build (several times slower to render, jsxDEV and prop checks): the tests would
 * time a page nobody ships.
 */
export async function buildApp(mode?: 'single'): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `hartscope-${mode ?? 'dist'}-`));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      mode,
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serve `dir` under the URL path `prefix` (a folder that is not the server's root, to show that the build
 * works from any folder). Every request is recorded.
 */
export async function serveStatic(
  dir: string,
  prefix: string,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (!path.startsWith(prefix)) return void res.writeHead(404).end();
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The first line the example (firmware/examples/hello.S) prints from M-mode, and the one from U-mode. */
export const HELLO_M = 'Hello from hartscope! This is M-mode.';
export const HELLO_U = 'And this is U-mode, printing through an ecall.';

/**
 * Load the bundled hello example and run it, as a user would: the example button (or an example picker),
 * then Run; then wait for what the program prints.
 */
export async function runHelloExample(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /hello/i });
  const picker = page.getByRole('combobox', { name: /example|program/i });
  await expect
    .poll(async () => (await button.count()) + (await picker.count()), { timeout: 15_000 })
    .toBeGreaterThan(0);
  if ((await button.count()) > 0) await button.first().click();
  else {
    const labels = await picker.first().locator('option').allTextContents();
    await picker.first().selectOption({ label: labels.find((l) => /hello/i.test(l)) });
  }
  const run = page.getByRole('button', { name: /^run$/i });
  await expect.poll(() => run.isEnabled(), { timeout: 45_000 }).toBe(true);
  await run.click();
  await page.getByText(HELLO_U).first().waitFor({ timeout: 30_000 });
  await page.getByText(HELLO_M).first().waitFor({ timeout: 5_000 });
}

/** Collects the page's CSP violations (an init script runs before the page's own and is not subject to CSP). */
export async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = list;
    document.addEventListener('securitypolicyviolation', (e) => {
      list.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}
