/**
 * Issue 8: the single-file build works when opened straight from disk in Firefox too (offline-builds.test.ts
 * does Chromium). The build is made here with Vite's API, as for Chromium, then opened from file:// in
 * Debian's firefox-esr (driven over WebDriver BiDi by puppeteer-core; firefox-harness.ts) with the network
 * cut. In Firefox:
 * - the bundled hello example assembles and runs (the assembler and the machine run in the blob: worker)
 *   and its two lines appear in the console;
 * - nothing leaves the page, the Content-Security-Policy blocks nothing, no service worker is involved;
 * - the Share button packs the program with Firefox's CompressionStream into a link that Node reads back
 *   to the very text of firmware/examples/hello.S, and a link made in Node opens (DecompressionStream) with
 *   nothing run until Run is pressed.
 * Skipped, with a message saying how to install it, when firefox-esr is missing.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../../src/share/base64url';
import { decodeShareLink, encodeShareLink } from '../../src/share/share-link';
import { hasTool } from '../helpers/tools';
import {
  assembleAndRun,
  button,
  consoleText,
  FIREFOX_MISSING,
  firefoxPath,
  instrument,
  launchFirefox,
  machineStatus,
  offlinePage,
} from './firefox-harness';
import { buildApp, HELLO_M, HELLO_U, removeDir, ROOT } from './harness';

const path = firefoxPath();
const haveFirefox = path !== undefined && hasTool(path);
if (!haveFirefox) console.warn(FIREFOX_MISSING);

/** Where the test leaves its screenshot of the page in Firefox, to look at. */
const FIREFOX_SCREENSHOT = join(tmpdir(), 'hartscope-firefox-single-file.png');

const HELLO_SOURCE = readFileSync(join(ROOT, 'firmware/examples/hello.S'), 'utf8');

describe.skipIf(!haveFirefox)('the single-file build in Firefox, from file://, offline', () => {
  let browser: Browser;
  let dir: string | undefined;
  let file: string;

  beforeAll(async () => {
    [dir, browser] = await Promise.all([buildApp('single'), launchFirefox(path!)]);
    file = pathToFileURL(join(dir, 'hartscope.html')).href;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    removeDir(dir);
  });

  /** What the page reported: errors, CSP violations, requests that tried to leave. */
  async function problems(page: Page, requests: string[], errors: string[]) {
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    return { requests, errors, csp };
  }

  it('the network really is cut: a request to another host is caught and refused', async () => {
    const { page, requests } = await offlinePage(browser);
    const outcome = await page.evaluate(() =>
      fetch('http://192.0.2.1/probe').then(
        () => 'answered',
        () => 'refused',
      ),
    );
    expect(outcome).toBe('refused');
    expect(requests).toEqual(['http://192.0.2.1/probe']);
    await page.close();
  }, 90_000);

  it('runs the hello example (no service worker, nothing leaves the page); Share packs it with CompressionStream', async () => {
    const { page, requests } = await offlinePage(browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await instrument(page);
    await page.goto(file);
    const shown = await assembleAndRun(page, HELLO_U);
    expect(shown).toContain(HELLO_M);
    expect(shown.indexOf(HELLO_M)).toBeLessThan(shown.indexOf(HELLO_U));
    await page.screenshot({ path: FIREFOX_SCREENSHOT });

    const apis = await page.evaluate(async () => ({
      origin: location.protocol,
      controller: navigator.serviceWorker?.controller ?? null,
      registrations: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
      compression: typeof CompressionStream === 'function' && typeof DecompressionStream === 'function',
    }));
    expect(apis).toEqual({ origin: 'file:', controller: null, registrations: 0, compression: true });

    // The Share button: Firefox packs the editor's program (hello.S) into a link; Node reads it back.
    await (await button(page, /^Share$/)).click();
    await page.waitForFunction(() => (window as unknown as { __copied: string[] }).__copied.length > 0);
    const [link] = await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);
    expect(link.startsWith(`${file}#v1/`)).toBe(true);
    const packed = decodeBase64Url(link.slice(link.indexOf('#v1/') + 4));
    expect(packed.ok && packed.bytes[0]).toBe(1); // packing method 1: raw DEFLATE, made by Firefox
    const decoded = await decodeShareLink(new URL(link).hash);
    expect(decoded).toEqual({ ok: true, state: { file: 'hello.S', firmware: 'bare', text: HELLO_SOURCE } });
    expect(await problems(page, requests, errors)).toEqual({ requests: [], errors: [], csp: [] });
    await page.close();
  }, 90_000);

  it('a share link made in Node opens with DecompressionStream, and runs only when Run is pressed', async () => {
    const greeting = 'Hello from a link opened in Firefox!';
    const text = HELLO_SOURCE.replace(HELLO_M.replace(/ This is M-mode\.$/, ''), greeting);
    expect(text).not.toBe(HELLO_SOURCE);
    const link = await encodeShareLink({ file: 'greeting.S', text, firmware: 'bare' }, file);
    const { page, requests } = await offlinePage(browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await instrument(page);
    await page.goto(link);
    await page.waitForFunction(() => document.body.textContent?.includes('greeting.S'));
    expect(await machineStatus(page, /./)).toBe('no program loaded');
    expect(await consoleText(page)).toBe('');
    const shown = await assembleAndRun(page, `${greeting} This is M-mode.`);
    expect(shown).toContain(HELLO_U);
    expect(shown).not.toContain(HELLO_M);
    expect(await problems(page, requests, errors)).toEqual({ requests: [], errors: [], csp: [] });
    await page.close();
  }, 90_000);
});
