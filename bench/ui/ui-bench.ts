/**
 * `npm run bench:ui`: the page's speed, measured (issue 5, Performance; nothing is asserted). Builds the app
 * (Vite, into a cache directory), serves it with node:http, drives Debian's chromium with playwright-core,
 * opens a bench workload ELF (bench/workloads/) in the page and runs it at full speed with the UI open. Prints:
 *   - the page's MIPS (instructions retired / time from clicking Run to the exit showing; the second of two
 *     runs, the first warms the JIT up), against Machine.run in this Node process on the same ELF, both
 *     engines, also the second of two runs (the page's worker uses the interpreter);
 *   - one step, click to the updated pc on the page: median and worst of 20.
 * Usage: npm run bench:ui [-- WORKLOAD...]   (default: alu mix)
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { loadElf } from '../../emulator/loader/elf';
import { type Engine, Machine } from '../../emulator/machine';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
const OUT = join(ROOT, 'node_modules/.cache/hartscope/ui-bench-dist');
const STEPS = 20;

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Machine.run on the ELF to its exit: guest instructions and seconds. */
function headless(elf: string, engine: Engine): { instructions: number; seconds: number } {
  const m = new Machine({ engine });
  m.load(loadElf(readFileSync(elf)));
  const start = process.hrtime.bigint();
  const stop = m.run(1_000_000_000);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (stop.kind !== 'exit') throw new Error(`${elf}: stopped with ${stop.kind}`);
  return { instructions: Number(m.instructionsRetired), seconds };
}

const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();

async function openElf(page: Page, elf: string): Promise<void> {
  await page.getByTestId('open-elf').setInputFiles(elf);
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'ready');
}

/** Click Run and wait (in the page, on every DOM change) for the exit to show; milliseconds. */
async function runInPage(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const status = () => document.querySelector('[data-testid=status]')?.textContent ?? '';
        const run = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === '▶ Run');
        if (!run) throw new Error('no Run button');
        const observer = new MutationObserver(() => {
          if (!/exited/.test(status())) return;
          observer.disconnect();
          resolve(performance.now() - t0);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const t0 = performance.now();
        run.click();
      }),
  );
}

/** Click Step and time until the shown pc changes; milliseconds. */
async function stepInPage(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const pc = () => document.querySelector('[data-testid=pc]')?.textContent ?? '';
        const before = pc();
        const step = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Step');
        if (!step) throw new Error('no Step button');
        const observer = new MutationObserver(() => {
          if (pc() === before) return;
          observer.disconnect();
          resolve(performance.now() - t0);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const t0 = performance.now();
        step.click();
      }),
  );
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pad = (s: string, n: number) => s.padStart(n);

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const workloads = names.length > 0 ? names : ['alu', 'mix'];
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
  const server = await serve(OUT);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.getByRole('button', { name: /assemble/i }).waitFor();
    console.log(
      `hartscope UI bench: ${await browser.version()} (headless), page at full speed with the UI open`,
    );
    console.log('workload   guest insns   page s  page MIPS   int MIPS   tr MIPS   page/int');
    for (const name of workloads) {
      const elf = join(ROOT, 'bench/workloads', `${name}.elf`);
      // Twice: the first run also warms the worker's JIT up; the second is reported.
      await openElf(page, elf);
      await runInPage(page);
      await openElf(page, elf);
      const ms = await runInPage(page);
      const instructions = Number((await text(page, 'instret'))?.replace(/[^\d]/g, ''));
      const pageMips = instructions / ms / 1000;
      headless(elf, 'interpreter');
      const int = headless(elf, 'interpreter');
      headless(elf, 'translator');
      const tr = headless(elf, 'translator');
      const intMips = int.instructions / int.seconds / 1e6;
      const trMips = tr.instructions / tr.seconds / 1e6;
      console.log(
        `${name.padEnd(8)} ${pad(instructions.toLocaleString('en-US'), 13)} ${pad((ms / 1000).toFixed(3), 8)}` +
          ` ${pad(pageMips.toFixed(1), 10)} ${pad(intMips.toFixed(1), 10)} ${pad(trMips.toFixed(1), 9)}` +
          ` ${pad(`${(pageMips / intMips).toFixed(2)}x`, 10)}`,
      );
    }
    await openElf(page, join(ROOT, 'bench/workloads', `${workloads[0]}.elf`));
    const steps: number[] = [];
    for (let i = 0; i < STEPS; i++) steps.push(await stepInPage(page));
    console.log(
      `one step, click to updated pc: median ${median(steps).toFixed(1)} ms, worst ${Math.max(...steps).toFixed(1)} ms (${STEPS} steps)`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
