/**
 * bench:ui's bare worker: Machine.run in a Chromium Web Worker with no page around it, so the bench can tell
 * what the browser's JavaScript engine costs (this worker against Node) from what the page costs (the page's
 * worker against this one). Two messages, so that the bench can read the thread's CPU time around the runs
 * alone: {elf, engine, runs} makes and loads `runs` fresh machines and answers null; then {go: true} runs
 * each to its exit and answers {instructions, ms}[] (timed around Machine.run alone).
 */
import { loadElf } from '../../emulator/loader/elf';
import { type Engine, Machine } from '../../emulator/machine';

type Request = { elf: ArrayLike<number>; engine: Engine; runs: number } | { go: true };

let machines: Machine[] = [];

self.onmessage = (e: MessageEvent<Request>) => {
  const r = e.data;
  if (!('go' in r)) {
    machines = [];
    for (let i = 0; i < r.runs; i++) {
      const m = new Machine({ engine: r.engine });
      m.load(loadElf(Uint8Array.from(r.elf)));
      machines.push(m);
    }
    postMessage(null);
    return;
  }
  const out: { instructions: number; ms: number }[] = [];
  for (const m of machines) {
    const start = performance.now();
    const stop = m.run(1_000_000_000);
    const ms = performance.now() - start;
    if (stop.kind !== 'exit') throw new Error(`stopped with ${stop.kind}`);
    out.push({ instructions: Number(m.instructionsRetired), ms });
  }
  machines = [];
  postMessage(out);
};
