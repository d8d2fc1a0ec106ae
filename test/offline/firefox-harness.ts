/**
 * Firefox for the offline tests: Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi
 * (playwright-core drives only its own patched Firefox builds, which are never downloaded here; puppeteer-core
 * never downloads a browser either). The page's network is cut three ways: Firefox's proxy points at a
 * closed port, the page is put in offline mode, and every request that is not file:, data: or blob: is
 * intercepted, recorded and aborted.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';

/** $FIREFOX_PATH, else `firefox-esr` (Debian's package; .ci/run installs it), else `firefox`, on PATH. */
export function firefoxPath(): string | undefined {
  if (process.env.FIREFOX_PATH) return process.env.FIREFOX_PATH;
  for (const name of ['firefox-esr', 'firefox']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // not on PATH: try the next name
    }
  }
  return undefined;
}

export const FIREFOX_MISSING =
  'SKIPPED: firefox-esr is not installed (Debian package firefox-esr; .ci/run installs it), so the ' +
  'single-file build was not tested in Firefox.';

export async function launchFirefox(executablePath: string): Promise<Browser> {
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: {
      // Any request that got past the interception below would go to a proxy that is not there.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
}

/** A local page: a request to anything but file:, data: and blob: URLs is recorded in `requests` and refused. */
export async function offlinePage(browser: Browser): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  // Tall enough that the console panel is on screen: xterm.js draws nothing while it is scrolled out of view.
  await page.setViewport({ width: 1280, height: 1000 });
  const requests: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (/^(file|data|blob):/.test(r.url())) return void r.continue();
    requests.push(r.url());
    void r.abort('internetdisconnected');
  });
  await page.setOfflineMode(true);
  return { page, requests };
}

/**
 * Before the page's own scripts (a preload script is not subject to the page's CSP): record CSP violations
 * in `window.__csp`, and what the page copies to the clipboard in `window.__copied`.
 */
export async function instrument(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __csp: string[]; __copied: string[] };
    w.__csp = [];
    w.__copied = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
    const clipboard = navigator.clipboard;
    if (clipboard) {
      const write = clipboard.writeText.bind(clipboard);
      clipboard.writeText = (text: string) => {
        w.__copied.push(text);
        return write(text);
      };
    }
  });
}

/** The enabled button whose text matches, once the page shows one. */
export async function button(page: Page, name: RegExp, timeout = 30_000): Promise<ElementHandle> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const b of await page.$$('button')) {
      const [text, disabled] = await b.evaluate((el) => [el.textContent ?? '', el.disabled] as const);
      if (name.test(text.trim()) && !disabled) return b;
    }
    if (Date.now() > deadline) throw new Error(`no enabled button named ${name} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The machine's status as the status bar shows it, once it matches `expected`. */
export async function machineStatus(page: Page, expected: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    (source) => {
      const text = document.querySelector('[data-testid="status"]')?.textContent ?? null;
      return text !== null && new RegExp(source).test(text) ? text : null;
    },
    { timeout: 30_000 },
    expected.source,
  );
  return (await handle.jsonValue()) as string;
}

/** The text the console (xterm.js) shows, line by line, without trailing blanks. */
export async function consoleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const rows = document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div');
    return [...rows]
      .map((r) => (r.textContent ?? '').replace(/\s+$/, ''))
      .join('\n')
      .replace(/\s+$/, '');
  });
}

/** Load the editor's program with "Assemble & load", run it, and wait until the console shows `expected`. */
export async function assembleAndRun(page: Page, expected: string): Promise<string> {
  await machineStatus(page, /./); // the worker has answered: a click now is not lost
  await (await button(page, /^Assemble & load$/)).click();
  await machineStatus(page, /^ready$/);
  await (await button(page, /Run$/)).click();
  await page.waitForFunction(
    (text) => {
      const rows = document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div');
      return [...rows].some((r) => (r.textContent ?? '').includes(text));
    },
    { timeout: 30_000 },
    expected,
  );
  return consoleText(page);
}
