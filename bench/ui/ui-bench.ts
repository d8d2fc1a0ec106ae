/**
 * `npm run bench:ui`: the page's speed, measured (issue 5, Performance; nothing is asserted). Builds the app
 * (Vite, into a cache directory), serves it with node:http, drives Debian's chromium with playwright-core,
 * opens a bench workload ELF (bench/workloads/) in the page and runs it at full speed with the UI open. Prints:
 *   - the page's MIPS (instructions retired / time from clicking Run to the exit showing; the second of two
 *     runs, the first warms the JIT up), against Machine.run in this Node process on the same ELF, both
 *     engines, also the second of two runs (the page's worker uses the interpreter);
 *   - the page's steady rate: instructions shown on the page between the first and the last frame of the
 *     run, over the time between them (without the click-to-first-frame and last-frame-to-exit latency);
 *   - where the worker's time went during the reported run: a CPU profile of the worker taken over the
 *     Chrome DevTools Protocol (Profiler domain, flat session attached to the worker target), summarised
 *     as idle time (between slices: waiting for messages) and the functions with the most self time;
 *   - one step, click to the updated pc on the page: median and worst of 20.
 * Each figure is the median of RUNS runs (page and headless interleaved, so both see the same machine load).
 * Usage: npm run bench:ui [-- WORKLOAD... [--runs N] [--profile]]   (default: alu mix, 3 runs)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
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

/** Open the ELF and wait for it to be ready, then a second more, as a user would before clicking Run. */
async function openElf(page: Page, elf: string): Promise<void> {
  await page.getByTestId('open-elf').setInputFiles(elf);
  await page.waitForFunction(
    () => document.querySelector('[data-testid=status]')?.textContent === 'ready',
    null,
    { timeout: 120_000 },
  );
  await page.waitForTimeout(1000);
}

interface PageRun {
  /** Click to the exit showing, ms. */
  ms: number;
  /** (ms since the click, instructions shown) at each DOM change while it ran. */
  samples: [number, number][];
}

/** Click Run and wait (in the page, on every DOM change) for the exit to show. */
async function runInPage(page: Page): Promise<PageRun> {
  return page.evaluate(
    () =>
      new Promise<PageRun>((resolve) => {
        const status = () => document.querySelector('[data-testid=status]')?.textContent ?? '';
        const shown = () =>
          Number(document.querySelector('[data-testid=instret]')?.textContent?.replace(/[^\d]/g, ''));
        const run = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === '▶ Run');
        if (!run) throw new Error('no Run button');
        const samples: [number, number][] = [];
        const observer = new MutationObserver(() => {
          const n = shown();
          if (samples.length === 0 || samples[samples.length - 1][1] !== n)
            samples.push([performance.now() - t0, n]);
          if (!/exited/.test(status())) return;
          observer.disconnect();
          resolve({ ms: performance.now() - t0, samples });
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

/** Instructions per microsecond between the first and the last frame that showed a running count. */
function steadyMips(run: PageRun, total: number): number {
  const running = run.samples.filter(([, n]) => n > 0 && n < total);
  if (running.length < 2) return NaN;
  const [t0, n0] = running[0];
  const [t1, n1] = running[running.length - 1];
  return (n1 - n0) / (t1 - t0) / 1000;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The page's worker over the DevTools Protocol: a browser-wide session (playwright's), attached to the
 * worker target, messages passed through Target.sendMessageToTarget.
 */
class WorkerProfiler {
  private next = 0;
  private readonly pending = new Map<number, (m: { result?: unknown; error?: unknown }) => void>();
  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
      if (m.id !== undefined) this.pending.get(m.id)?.(m);
    });
  }
  static async attach(browser: Browser): Promise<WorkerProfiler> {
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'worker');
    if (!worker) throw new Error('no worker target to profile');
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    });
    const profiler = new WorkerProfiler(cdp, sessionId);
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 250 });
    return profiler;
  }
  private send<T>(method: string, params: object = {}): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (m) => {
        this.pending.delete(id);
        if (m.error) reject(new Error(`${method}: ${JSON.stringify(m.error)}`));
        else resolve(m.result as T);
      });
      void this.cdp.send('Target.sendMessageToTarget', {
        sessionId: this.sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  }
  start = (): Promise<unknown> => this.send('Profiler.start');
  stop = async (): Promise<CpuProfile> => (await this.send<{ profile: CpuProfile }>('Profiler.stop')).profile;
  detach = (): Promise<void> => this.cdp.detach();
}

/** Self time by function (ms), idle included, largest first. */
function selfTimes(profile: CpuProfile): { total: number; rows: [string, number][] } {
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    // The interpreter's functions of one instruction each (made with new Function) are summed up.
    const key = /^(semantics|op)_/.test(name)
      ? 'op_* (one guest instruction each)'
      : `${name} ${f.url.replace(/^.*\//, '')}`;
    byName.set(key.trim(), (byName.get(key.trim()) ?? 0) + (byNode.get(n.id) ?? 0) / 1000);
  }
  const rows = [...byName].sort((a, b) => b[1] - a[1]);
  return { total: rows.reduce((a, [, v]) => a + v, 0), rows };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1])) : 3;
  const profile = args.includes('--profile');
  const names = args.filter((a, i) => !a.startsWith('-') && !(runsAt >= 0 && i === runsAt + 1));
  const workloads = names.length > 0 ? names : ['alu', 'mix'];
  // Not minified, so that the profile names functions (V8 compiles the same code either way).
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, minify: !profile } });
  const server = await serve(OUT);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  let profiler: WorkerProfiler | null = null;
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.getByRole('button', { name: /assemble/i }).waitFor();
    console.log(
      `hartscope UI bench: ${await browser.version()} (headless), page at full speed with the UI open; ` +
        `median of ${runs} runs`,
    );
    console.log('workload   guest insns   page s  page MIPS  steady MIPS   int MIPS   tr MIPS   page/int');
    for (const name of workloads) {
      const elf = join(ROOT, 'bench/workloads', `${name}.elf`);
      // The first run also warms the worker's and Node's JITs up; not reported.
      await openElf(page, elf);
      await runInPage(page);
      headless(elf, 'interpreter');
      headless(elf, 'translator');
      const page_: { ms: number; steady: number }[] = [];
      const int: number[] = [];
      const tr: number[] = [];
      let instructions = 0;
      let profiled: CpuProfile | null = null;
      for (let r = 0; r < runs; r++) {
        await openElf(page, elf);
        // The worker is the same for the page's life (unless it was restarted): attach once.
        if (profile && r === runs - 1) await (profiler ??= await WorkerProfiler.attach(browser)).start();
        const run = await runInPage(page);
        if (profile && r === runs - 1) profiled = await profiler!.stop();
        instructions = Number((await text(page, 'instret'))?.replace(/[^\d]/g, ''));
        page_.push({ ms: run.ms, steady: steadyMips(run, instructions) });
        const i = headless(elf, 'interpreter');
        int.push(i.instructions / i.seconds / 1e6);
        const t = headless(elf, 'translator');
        tr.push(t.instructions / t.seconds / 1e6);
      }
      const ms = median(page_.map((p) => p.ms));
      const pageMips = instructions / ms / 1000;
      const steady = median(page_.map((p) => p.steady));
      const intMips = median(int);
      console.log(
        `${name.padEnd(8)} ${pad(instructions.toLocaleString('en-US'), 13)} ${pad((ms / 1000).toFixed(3), 8)}` +
          ` ${pad(pageMips.toFixed(1), 10)} ${pad(steady.toFixed(1), 12)} ${pad(intMips.toFixed(1), 10)}` +
          ` ${pad(median(tr).toFixed(1), 9)} ${pad(`${(pageMips / intMips).toFixed(2)}x`, 10)}`,
      );
      if (profiled) {
        const { total, rows } = selfTimes(profiled);
        const share = (v: number) => `${v.toFixed(0)} ms (${((100 * v) / total).toFixed(0)}%)`;
        const file = join(dirname(OUT), `ui-bench-worker-${name}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profiled));
        console.log(`  worker CPU profile of the last run (${file}), ${total.toFixed(0)} ms; self time:`);
        for (const [fn, v] of rows.slice(0, 8)) console.log(`    ${share(v).padStart(16)}  ${fn}`);
      }
    }
    await openElf(page, join(ROOT, 'bench/workloads', `${workloads[0]}.elf`));
    const steps: number[] = [];
    for (let i = 0; i < STEPS; i++) steps.push(await stepInPage(page));
    console.log(
      `one step, click to updated pc: median ${median(steps).toFixed(1)} ms, worst ${Math.max(...steps).toFixed(1)} ms (${STEPS} steps)`,
    );
  } finally {
    await profiler?.detach();
    await browser.close();
    server.close();
  }
}

await main();
