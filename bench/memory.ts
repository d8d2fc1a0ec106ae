/**
 * `npm run bench:memory`: what a 128 MiB guest costs the worker that runs it, against issue 7's goal (at most
 * 160 MiB of worker memory, translator caches included). A Node worker_thread stands in for the page's Web
 * Worker (the closest we can measure headless). The guest writes every doubleword of its RAM above its code,
 * so every page of RAM is touched, and runs long enough under the translator for its blocks to be compiled.
 *
 * Two workers, one after the other:
 * - machine: the emulator core alone (Machine, translator engine);
 * - session: EmulatorSession, what emulator.worker.ts serves the page (buffers, time-travel history).
 *
 * For each: the process's RSS grown since before the worker started (the worker's whole cost: its isolate,
 * heap, RAM and caches), and the worker's own V8 heap plus ArrayBuffer memory after a full collection.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { assemble } from '../emulator/asm/assembler';
import { Machine } from '../emulator/machine';
import { EmulatorSession } from '../src/worker/emulator-session';

const MiB = 1024 * 1024;
const RAM = 128 * MiB;
const GOAL = 160 * MiB;
type Variant = 'machine' | 'session';

/** Every doubleword from `buf` (after the code) to the end of RAM, then the SiFive test finisher's pass. */
const TOUCH_ALL = `
  .globl _start
_start:
  li s1, 0x80000000 + ${RAM}
  la t0, buf
  li t3, 1
1:
  sd t3, 0(t0)
  addi t3, t3, 1
  addi t0, t0, 8
  bltu t0, s1, 1b
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
  j .
  .balign 4096
buf:
`;

interface Report {
  variant: Variant;
  /** The process's RSS (all threads), taken in the worker once the guest has run. */
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  external: number;
  blocks: number;
  instructions: number;
  seconds: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const collect = (): void => {
  gc();
  gc();
};

async function inWorker(variant: Variant): Promise<Report> {
  const start = performance.now();
  let blocks = 0;
  let instructions: number;
  if (variant === 'machine') {
    const built = assemble(TOUCH_ALL, { file: 'touch.S' });
    if (built.image === undefined) throw new Error(built.errors.map((e) => e.message).join('\n'));
    const m = new Machine({ engine: 'translator', ramSize: RAM });
    m.load(built.image);
    const stop = m.run(200_000_000);
    if (stop.kind !== 'exit') throw new Error(`the guest stopped with ${JSON.stringify(stop)}`);
    blocks = m.blocksCompiled;
    instructions = Number(m.instructionsRetired);
    (globalThis as { keep?: unknown }).keep = m;
  } else {
    const s = new EmulatorSession({ ramSize: RAM, engine: 'translator' });
    const r = await s.assembleAndLoad({ text: TOUCH_ALL, file: 'touch.S' });
    if (!r.ok) throw new Error(r.error);
    // The session yields between slices in a way that does not hold Node's event loop open: this does.
    const alive = setInterval(() => {}, 1000);
    const stop = await s.run();
    clearInterval(alive);
    if (stop.kind !== 'exit') throw new Error(`the guest stopped with ${JSON.stringify(stop)}`);
    const view = await s.getState();
    instructions = Number(view.instructionsRetired);
    (globalThis as { keep?: unknown }).keep = s;
  }
  const seconds = (performance.now() - start) / 1000;
  collect();
  // The kernel folds a thread's page counts into the process's RSS lazily: give it a moment.
  await new Promise((r) => setTimeout(r, 500));
  const mu = process.memoryUsage();
  return {
    rss: mu.rss,
    variant,
    heapUsed: mu.heapUsed,
    arrayBuffers: mu.arrayBuffers,
    external: mu.external,
    blocks,
    instructions,
    seconds,
  };
}

/** Run one variant in a worker; its report and the process RSS it added while alive. */
function measure(variant: Variant): Promise<{ report: Report; rssGrowth: number }> {
  // launch.mjs runs this file as one bundle; the worker loads that bundle too.
  const bundle = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    'node_modules/.cache/hartscope/memory.mjs',
  );
  collect();
  const before = process.memoryUsage().rss;
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(`file://${bundle}`), { workerData: { variant } });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the ${variant} worker exited (${code}) without a report`)));
    w.once('message', (report: Report) => {
      w.removeAllListeners('exit');
      void w.terminate().then(() => resolve({ report, rssGrowth: report.rss - before }));
    });
  });
}

const mib = (n: number): string => `${(n / MiB).toFixed(1)} MiB`;

async function main(): Promise<void> {
  console.log(`hartscope memory bench: a ${RAM / MiB} MiB guest touching all its RAM, translator engine`);
  console.log(`goal: at most ${mib(GOAL)} of worker memory\n`);
  for (const variant of ['machine', 'session'] as const) {
    const { report: r, rssGrowth } = await measure(variant);
    const own = r.heapUsed + r.arrayBuffers;
    const verdict = rssGrowth <= GOAL ? 'meets the goal' : 'OVER the goal';
    console.log(
      `${variant.padEnd(8)} process RSS +${mib(rssGrowth)} (${verdict}); worker heap ${mib(r.heapUsed)} + ` +
        `ArrayBuffers ${mib(r.arrayBuffers)} = ${mib(own)}; ${r.instructions.toLocaleString('en-US')} ` +
        `instructions in ${r.seconds.toFixed(2)} s` +
        (variant === 'machine' ? `, ${r.blocks} blocks compiled` : ''),
    );
  }
}

if (isMainThread) await main();
else parentPort!.postMessage(await inWorker((workerData as { variant: Variant }).variant));
