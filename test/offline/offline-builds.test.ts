/**
 * The two offline builds, built here with Vite's API and driven in Debian's Chromium through
 * playwright-core (the browser project cannot open file:// pages or cut the network):
 * - the single-file build, opened from file:// with every network request refused, runs the example;
 * - the folder build, served from a subfolder of a local server, installs its service worker; with the
 *   network off and the server stopped, a reload still shows the page and runs the example.
 * Both check that no request leaves the page and that the Content-Security-Policy blocks nothing the app
 * needs (a violation is reported by the browser, and would show here).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, toolMissingMessage } from '../helpers/tools';
import { ALLOW_EVAL } from '../../src/offline/csp';
import {
  buildApp,
  chromiumPath,
  launchChromium,
  recordCspViolations,
  removeDir,
  runHelloExample,
  serveStatic,
} from './harness';

const path = chromiumPath();
const haveChromium = path !== undefined && hasTool(path);
if (!haveChromium) console.warn(toolMissingMessage('chromium'));

describe.skipIf(!haveChromium)('offline builds in Chromium', () => {
  let browser: Browser;
  let singleDir: string | undefined;
  let distDir: string | undefined;

  beforeAll(async () => {
    [singleDir, distDir] = [await buildApp('single'), await buildApp()];
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    removeDir(singleDir);
    removeDir(distDir);
  });

  it('the single-file build is one HTML file whose only script is allowed by its hash', () => {
    expect(readdirSync(singleDir!)).toEqual(['hartscope.html']);
    const html = readFileSync(join(singleDir!, 'hartscope.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0][1]).not.toMatch(/\ssrc=/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(scripts[0][2]).digest('base64');
    expect(csp).toMatch(new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/=]/g, '\\$&')}'( |;|$)`));
    const scriptSrc = /script-src [^;]*/.exec(csp)?.[0] ?? '';
    expect(scriptSrc).not.toMatch(/unsafe-inline/);
    // 'unsafe-eval' only for the block translator's `new Function`, and only while csp.ts allows it.
    expect(scriptSrc.includes("'unsafe-eval'")).toBe(ALLOW_EVAL);
    expect(csp).not.toMatch(/https?:|\*/); // no remote origin at all, in any directive
  });

  it('runs the example from file:// with every network request refused', async () => {
    const file = pathToFileURL(join(singleDir!, 'hartscope.html')).href;
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // The page itself is the one file:// request; anything else would be a request leaving the page.
    await context.route('**/*', (route) =>
      route.request().url() === file ? route.continue() : route.abort('internetdisconnected'),
    );
    await context.setOffline(true);
    const violations = await recordCspViolations(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(file);
    await runHelloExample(page);

    const outside = requests.filter((u) => u !== file && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(outside).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the folder build installs a service worker, then works after a reload with the network off', async () => {
    const server = await serveStatic(distDir!, '/any/folder/');
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await recordCspViolations(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      await page.goto(server.url);
      // The worker has installed (every file precached) and controls the page once `controller` is set.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done));
        }
      });
      const cached = await page.evaluate(async () => {
        const names = await caches.keys();
        const cache = await caches.open(names[0]);
        return { names, keys: (await cache.keys()).map((r) => new URL(r.url).pathname) };
      });
      expect(cached.names).toHaveLength(1);
      expect(cached.names[0]).toMatch(/^hartscope-[0-9a-f]{16}$/);
      expect(cached.keys).toEqual(expect.arrayContaining(['/any/folder/', '/any/folder/index.html']));

      await server.close();
      await context.setOffline(true);
      const served = server.requests.length;
      const response = await page.reload();
      expect(response?.fromServiceWorker()).toBe(true);
      await runHelloExample(page);
      expect(server.requests.length).toBe(served);
      expect(await violations()).toEqual([]);
    } finally {
      await server.close();
      await context.close();
    }
    const origin = new URL(server.url).origin;
    expect(requests.filter((u) => !u.startsWith(origin + '/') && !/^(data|blob):/.test(u))).toEqual([]);
  });
});
