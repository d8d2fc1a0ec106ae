/**
 * `npm run bench:ui`: the page's speed, measured (issue 5, Performance; nothing is asserted). Builds the app
 * (Vite, into a cache directory), serves it with node:http, drives Debian's chromium with playwright-core,
 * opens a bench workload ELF (bench/workloads/) in the page and runs it at full speed with the UI open. Prints:
 *   - the page's MIPS (instructions retired / time from clicking Run to the exit showing; a first run warms
 *     the JIT up), against Machine.run in this Node process on the same ELF and engine (the page's engine is
 *     switched in its Emulation view, as a user would);
 *   - the page's steady rate: instructions shown on the page between the first and the last frame of the
 *     run, over the time between them (without the click-to-first-frame and last-frame-to-exit latency);
 *   - with --profile, where the worker's and the page main thread's time went in the last run: CPU profiles taken over the
 *     Chrome DevTools Protocol (Profiler domain, flat session attached to the worker target), summarised
 *     as idle time (between slices: waiting for messages) and the functions with the most self time;
 *   - one step, click to the updated pc on the page: median and worst of 20;
 *   - Machine.run in a bare Chromium worker (bench/ui/bare-worker.ts, no page around it) on the same ELF:
 *     page/bare is what the page costs, bare/Node what Chromium's JavaScript engine costs against Node's;
 *   - CPU time (Linux: /proc/PID/task/TID/schedstat) of the browser's threads during each page run: the
 *     page's worker, the page's main thread (renders) and the rest of Chromium (compositor, GPU, browser),
 *     and MIPS by CPU time (instructions per second of the thread's own CPU time) for the page's worker,
 *     the bare worker and Node. Wall-clock figures swing with the machine's load; CPU time far less.
 * Each figure is the median of RUNS runs (page and headless interleaved, so both see the same machine load),
 * and page/Node also round by round (each page run against the Node run right after it: the machine's speed
 * drifts over minutes, so this is the steadier ratio).
 * Usage: npm run bench:ui [-- WORKLOAD... [--runs N] [--engine interpreter|translator|both] [--profile]]
 *   WORKLOAD: a name in bench/workloads (alu, mix, ...; alu-long and mix-long run 2 to 5 s, where the
 *   click-to-first-slice and exit-to-screen latency of a 0.3 s run no longer count) or a path to an ELF.
 *   (default: alu-long mix-long, 3 runs, the interpreter; the page's engine is chosen in its Emulation view)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
import { build as esbuild } from 'esbuild';
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

/** CPU time of a thread in ns (the first field of its schedstat: time on a CPU); 0 where unreadable. */
function threadNs(path: string): number {
  try {
    return Number(readFileSync(`${path}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** Machine.run on the ELF to its exit: guest instructions, seconds, and this thread's CPU seconds. */
function headless(elf: string, engine: Engine): { instructions: number; seconds: number; cpu: number } {
  const m = new Machine({ engine });
  m.load(loadElf(readFileSync(elf)));
  const cpu0 = threadNs('/proc/thread-self');
  const start = process.hrtime.bigint();
  const stop = m.run(1_000_000_000);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = (threadNs('/proc/thread-self') - cpu0) / 1e9;
  if (stop.kind !== 'exit') throw new Error(`${elf}: stopped with ${stop.kind}`);
  return { instructions: Number(m.instructionsRetired), seconds, cpu };
}

/** Which of the browser's threads a CPU time belongs to. */
type ThreadGroup = 'worker' | 'main' | 'other';

interface ThreadTime {
  group: ThreadGroup;
  /** The thread's name (comm: 15 characters), with its process type for the rest of Chromium. */
  name: string;
  ns: number;
}

/**
 * CPU time (ns) of every thread of this process's descendants (the browser Playwright launched), keyed by
 * pid/tid: Chromium names a Web Worker's thread "DedicatedWorker thread" (comm keeps 15 characters), and a
 * renderer's main thread is the thread of its process's own id. Empty where /proc is not Linux's.
 */
function browserThreads(): Map<string, ThreadTime> {
  const out = new Map<string, ThreadTime>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  const children = new Map<string, string[]>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone meanwhile
    }
  }
  const todo = [...(children.get(String(process.pid)) ?? [])];
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    todo.push(...(children.get(pid) ?? []));
    let tids: string[];
    let type: string;
    try {
      tids = readdirSync(`/proc/${pid}/task`);
      type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
    } catch {
      continue;
    }
    for (const tid of tids) {
      const path = `/proc/${pid}/task/${tid}`;
      let comm: string;
      try {
        comm = readFileSync(`${path}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      const group: ThreadGroup = comm.startsWith('DedicatedWorker')
        ? 'worker'
        : type === 'renderer' && tid === pid
          ? 'main'
          : 'other';
      out.set(`${pid}/${tid}`, { group, name: `${type}:${comm}`, ns: threadNs(path) });
    }
  }
  return out;
}

/** CPU seconds each group of the browser's threads spent between two readings, and by thread name. */
function cpuBetween(
  before: Map<string, ThreadTime>,
  after: Map<string, ThreadTime>,
): Record<ThreadGroup, number> & { byName: Map<string, number> } {
  const sums = { worker: 0, main: 0, other: 0, byName: new Map<string, number>() };
  for (const [key, t] of after) {
    const s = (t.ns - (before.get(key)?.ns ?? 0)) / 1e9;
    sums[t.group] += s;
    if (t.group === 'other') sums.byName.set(t.name, (sums.byName.get(t.name) ?? 0) + s);
  }
  return sums;
}

/** Machine.run in a bare Chromium worker (bare-worker.ts), `runs` fresh machines: instructions, wall and CPU s. */
async function bareWorker(
  page: Page,
  elf: string,
  engine: Engine,
  runs: number,
): Promise<{ instructions: number; seconds: number; cpu: number }> {
  const ask = <T>(message: unknown) =>
    page.evaluate(
      (message) =>
        new Promise<T>((resolve, reject) => {
          const g = globalThis as { bareWorker?: Worker };
          const w = (g.bareWorker ??= new Worker('./bare-worker.js', { type: 'module' }));
          w.onmessage = (e: MessageEvent<T>) => resolve(e.data);
          w.onerror = (e) => reject(new Error(e.message));
          w.postMessage(message);
        }),
      message,
    );
  await ask<null>({ elf: [...readFileSync(elf)], engine, runs });
  const before = browserThreads();
  const results = await ask<{ instructions: number; ms: number }[]>({ go: true });
  const cpu = cpuBetween(before, browserThreads()).worker;
  const instructions = results.reduce((a, r) => a + r.instructions, 0);
  return { instructions, seconds: results.reduce((a, r) => a + r.ms, 0) / 1000, cpu };
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

/** A workload's ELF: bench/workloads/NAME.elf, or the path given when the name ends in .elf. */
const workloadElf = (name: string): string =>
  name.endsWith('.elf') ? name : join(ROOT, 'bench/workloads', `${name}.elf`);

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
    // The page's emulator worker (not the bench's bare worker).
    const worker = targetInfos.find((t) => t.type === 'worker' && /emulator\.worker/.test(t.url));
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

/** Choose the page's engine in its Emulation view (taken live by the worker, and kept for later loads). */
async function setPageEngine(page: Page, engine: Engine): Promise<void> {
  await page.getByRole('tab', { name: 'Emulation' }).click();
  const label = engine === 'interpreter' ? /^interpreter: one instruction/ : /^translator: whole blocks/;
  await page.getByRole('radio', { name: label }).check();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1])) : 3;
  const profile = args.includes('--profile');
  const engineAt = args.indexOf('--engine');
  const engineArg = engineAt >= 0 ? args[engineAt + 1] : 'interpreter';
  const engines: Engine[] =
    engineArg === 'both'
      ? ['interpreter', 'translator']
      : [engineArg === 'translator' ? 'translator' : 'interpreter'];
  const names = args.filter(
    (a, i) =>
      !a.startsWith('-') && !(runsAt >= 0 && i === runsAt + 1) && !(engineAt >= 0 && i === engineAt + 1),
  );
  const workloads = names.length > 0 ? names : ['alu-long', 'mix-long'];
  // Not minified, so that the profile names functions (V8 compiles the same code either way).
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, minify: !profile } });
  await esbuild({
    entryPoints: [join(HERE, 'bare-worker.ts')],
    outfile: join(OUT, 'bare-worker.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: !profile,
    logLevel: 'warning',
  });
  const server = await serve(OUT);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  let profiler: WorkerProfiler | null = null;
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    // The page's main thread: its work per run (Performance domain), and with --profile its CPU profile too
    // (its renders compete with the worker for the CPUs).
    const mainCdp = await page.context().newCDPSession(page);
    await mainCdp.send('Performance.enable');
    if (profile) {
      await mainCdp.send('Profiler.enable');
      await mainCdp.send('Profiler.setSamplingInterval', { interval: 250 });
    }
    const mainMetrics = async (): Promise<Map<string, number>> =>
      new Map((await mainCdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    await page.getByRole('button', { name: /assemble/i }).waitFor();
    console.log(
      `hartscope UI bench: ${await browser.version()} (headless), page at full speed with the UI open; ` +
        `median of ${runs} runs`,
    );
    console.log(
      'workload engine        insns  page s  page MIPS  steady  bare MIPS  Node MIPS  page/Node  page/bare  bare/Node',
    );
    for (const engine of engines) {
      await setPageEngine(page, engine);
      for (const name of workloads) {
        const elf = workloadElf(name);
        // The first run also warms the worker's and Node's JITs up; not reported.
        await openElf(page, elf);
        await runInPage(page);
        headless(elf, engine);
        await bareWorker(page, elf, engine, 1);
        const page_: {
          ms: number;
          steady: number;
          cpu: ReturnType<typeof cpuBetween>;
          main: Record<'tasks' | 'script' | 'layout' | 'style' | 'layouts' | 'frames', number>;
        }[] = [];
        const node: { mips: number; cpuMips: number }[] = [];
        const bare: { mips: number; cpuMips: number }[] = [];
        let instructions = 0;
        let profiled: CpuProfile | null = null;
        let mainProfiled: CpuProfile | null = null;
        for (let r = 0; r < runs; r++) {
          await openElf(page, elf);
          // The worker is the same for the page's life (unless it was restarted): attach once.
          const profiling = profile && r === runs - 1;
          if (profiling) {
            await (profiler ??= await WorkerProfiler.attach(browser)).start();
            await mainCdp.send('Profiler.start');
          }
          const metrics0 = await mainMetrics();
          const before = browserThreads();
          const run = await runInPage(page);
          const cpu = cpuBetween(before, browserThreads());
          const metrics1 = await mainMetrics();
          const delta = (k: string) => (metrics1.get(k) ?? 0) - (metrics0.get(k) ?? 0);
          if (profiling) {
            profiled = await profiler!.stop();
            mainProfiled = (await mainCdp.send('Profiler.stop')).profile as CpuProfile;
          }
          instructions = Number((await text(page, 'instret'))?.replace(/[^\d]/g, ''));
          page_.push({
            ms: run.ms,
            steady: steadyMips(run, instructions),
            cpu,
            main: {
              tasks: delta('TaskDuration') * 1000,
              script: delta('ScriptDuration') * 1000,
              layout: delta('LayoutDuration') * 1000,
              style: delta('RecalcStyleDuration') * 1000,
              layouts: delta('LayoutCount'),
              frames: delta('Frames'),
            },
          });
          const h = headless(elf, engine);
          node.push({ mips: h.instructions / h.seconds / 1e6, cpuMips: h.instructions / h.cpu / 1e6 });
          const b = await bareWorker(page, elf, engine, 1);
          bare.push({ mips: b.instructions / b.seconds / 1e6, cpuMips: b.instructions / b.cpu / 1e6 });
        }
        const ms = median(page_.map((p) => p.ms));
        const pageMips = instructions / ms / 1000;
        const steady = median(page_.map((p) => p.steady));
        const nodeMips = median(node.map((n) => n.mips));
        const bareMips = median(bare.map((b) => b.mips));
        const x = (v: number) => `${v.toFixed(2)}x`;
        // The machine's speed drifts from one minute to the next: each round's page run against the Node run
        // right after it is steadier than a ratio of medians taken over all rounds.
        const roundRatios = page_.map((p, i) => instructions / p.ms / 1000 / node[i].mips);
        console.log(
          `${name.padEnd(8)} ${engine.padEnd(11)} ${pad(instructions.toLocaleString('en-US'), 11)}` +
            ` ${pad((ms / 1000).toFixed(3), 7)} ${pad(pageMips.toFixed(1), 10)} ${pad(steady.toFixed(1), 7)}` +
            ` ${pad(bareMips.toFixed(1), 10)} ${pad(nodeMips.toFixed(1), 10)} ${pad(x(pageMips / nodeMips), 10)}` +
            ` ${pad(x(pageMips / bareMips), 10)} ${pad(x(bareMips / nodeMips), 10)}`,
        );
        const cpuMs = (g: ThreadGroup) => (1000 * median(page_.map((p) => p.cpu[g]))).toFixed(0);
        const workerCpuMips = median(page_.map((p) => instructions / p.cpu.worker / 1e6));
        const range = page_.map((p) => instructions / p.ms / 1000);
        console.log(
          `  page/Node round by round (each page run against the Node run after it): median ` +
            `${x(median(roundRatios))}, ${roundRatios.map((r) => r.toFixed(2)).join(' ')}`,
        );
        console.log(
          `  page runs ${Math.min(...range).toFixed(1)}..${Math.max(...range).toFixed(1)} MIPS; CPU during a ` +
            `page run (median): worker ${cpuMs('worker')} ms, page main thread ${cpuMs('main')} ms, rest of ` +
            `Chromium ${cpuMs('other')} ms, in ${ms.toFixed(0)} ms; MIPS by CPU time: page's worker ` +
            `${workerCpuMips.toFixed(1)}, bare worker ${median(bare.map((b) => b.cpuMips)).toFixed(1)}, ` +
            `Node ${median(node.map((n) => n.cpuMips)).toFixed(1)}`,
        );
        const perSecond = (k: keyof (typeof page_)[number]['main']) =>
          median(page_.map((p) => (1000 * p.main[k]) / p.ms)).toFixed(0);
        console.log(
          `  page main thread per second of run (median): tasks ${perSecond('tasks')} ms, script ` +
            `${perSecond('script')} ms, style ${perSecond('style')} ms, layout ${perSecond('layout')} ms, ` +
            `${perSecond('layouts')} layouts, ${perSecond('frames')} frames`,
        );
        const others = new Map<string, number>();
        for (const p of page_)
          for (const [n, v] of p.cpu.byName) others.set(n, (others.get(n) ?? 0) + v / runs);
        const top = [...others].sort((a, b) => b[1] - a[1]).slice(0, 4);
        console.log(
          `  rest of Chromium (mean): ${top.map(([n, v]) => `${n} ${(1000 * v).toFixed(0)} ms`).join(', ')}`,
        );
        for (const [thread, p] of [
          ['worker', profiled],
          ['main', mainProfiled],
        ] as const) {
          if (!p) continue;
          const { total, rows } = selfTimes(p);
          const share = (v: number) => `${v.toFixed(0)} ms (${((100 * v) / total).toFixed(0)}%)`;
          const file = join(dirname(OUT), `ui-bench-${thread}-${name}-${engine}.cpuprofile`);
          writeFileSync(file, JSON.stringify(p));
          console.log(
            `  ${thread} thread's CPU profile of the last run (${file}), ${total.toFixed(0)} ms; self time:`,
          );
          for (const [fn, v] of rows.slice(0, 8)) console.log(`    ${share(v).padStart(16)}  ${fn}`);
        }
      }
    }
    await openElf(page, workloadElf(workloads[0]));
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
