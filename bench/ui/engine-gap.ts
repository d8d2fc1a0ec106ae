/**
 * `npm run bench:engine-gap`: how fast Chromium's JavaScript engine runs an interpreter's inner loop against
 * Node's, with no hartscope code at all, so that the page's speed goal (issue 5: the page at 0.9x of the
 * headless runner) can be read against what the two engines do with the same JavaScript.
 *
 * The kernel is the shape of hartscope's interpreter loop (emulator/hart/decoded-cache.ts): an array of
 * closures, one per "instruction", each made by `new Function` as the interpreter's op factories are, called
 * indirectly in a loop (a megamorphic call per step); each reads and writes a pc field on a hart-like object
 * and a register in an Int32Array. It runs in four variants:
 *   - low: pc near 0x1000;
 *   - high: pc near 0x8000_0000 (as an int32: -2^31), where hartscope's RAM is. Chromium compresses pointers,
 *     so its small integers are 31-bit and such a pc is stored as a boxed double; Node's are 32-bit;
 *   - offset: pc near 0x8000_0000, kept as pc + 0x6000_0000 behind an accessor (what the hart once did),
 *     after one hart of the class held pc 0 (a guest that jumped to 0): 0x6000_0000 is no small integer;
 *   - halved: the same, with pc kept halved (pc >> 1) as the hart keeps it (emulator/hart/address-halving.ts).
 * Each variant runs in a fresh isolate (a Node worker_thread; a Chromium dedicated worker), alternating between
 * the two engines, ROUNDS times; each figure is the best of its rounds (the machine's noise only ever slows
 * a run down). Nothing is asserted: the bench prints ms per 30 M steps and Chromium/Node ratios.
 * Usage: npm run bench:engine-gap [-- --rounds N]
 */
import { Worker as NodeWorker } from 'node:worker_threads';
import { chromium } from 'playwright-core';

const STEPS = 30_000_000;
const VARIANTS = ['low', 'high', 'offset', 'halved'] as const;
type Variant = (typeof VARIANTS)[number];

/** The kernel, as the source of a worker: reads its variant, answers with ms of its best of 3 loops. */
const kernel = (variant: Variant): string => `
const base = ${variant !== 'low' ? '0x80000000' : '0x1000'} | 0;
const ops = [];
for (let k = 0; k < 16; k++)
  ops.push(new Function('h', 'x',
    '// ${variant}\\nconst a = (h.pcLo + ' + k * 4 + ') | 0; x[' + k + '] = (x[' + k + '] + a) | 0; h.pcLo = (h.pcLo + 4) | 0;'));
class Plain { constructor() { this.pcLo = base; this.pcHi = 0; this.steps = 0; } }
class Offset { constructor() { this.pcS = (base + 0x60000000) | 0; this.pcHi = 0; this.steps = 0; } get pcLo() { return (this.pcS - 0x60000000) | 0; } set pcLo(v) { this.pcS = (v + 0x60000000) | 0; } }
class Halved { constructor() { this.pcS = base >> 1; this.pcHi = 0; this.steps = 0; } get pcLo() { return this.pcS << 1; } set pcLo(v) { this.pcS = v >> 1; } }
const Hart = ${variant === 'offset' ? 'Offset' : variant === 'halved' ? 'Halved' : 'Plain'};
// A guest that jumped to 0 once, on some hart of the class.
if (Hart !== Plain) new Hart().pcLo = 0;
function loop() {
  const h = new Hart(), x = new Int32Array(32);
  const t = performance.now();
  for (let i = 0; i < ${STEPS}; i++) {
    if ((i & 1023) === 0) h.pcLo = base;
    ops[i & 15](h, x);
    h.steps++;
  }
  return performance.now() - t;
}
let best = Infinity;
for (let r = 0; r < 3; r++) best = Math.min(best, loop());
`;

function inNode(variant: Variant): Promise<number> {
  const source = `${kernel(variant)}\nrequire('node:worker_threads').parentPort.postMessage(best);`;
  return new Promise((resolve, reject) => {
    const w = new NodeWorker(source, { eval: true });
    w.once('message', (ms: number) => void w.terminate().then(() => resolve(ms)));
    w.once('error', reject);
  });
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--rounds');
  const rounds = at >= 0 ? Math.max(1, Number(process.argv[at + 1])) : 5;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const inChromium = (variant: Variant): Promise<number> =>
      page.evaluate(
        (source) =>
          new Promise<number>((resolve, reject) => {
            const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
            const w = new Worker(url);
            w.onmessage = (e: MessageEvent<number>) => {
              w.terminate();
              URL.revokeObjectURL(url);
              resolve(e.data);
            };
            w.onerror = (e) => reject(new Error(e.message));
          }),
        `${kernel(variant)}\npostMessage(best);`,
      );
    const none = (): Record<Variant, number> => ({
      low: Infinity,
      high: Infinity,
      offset: Infinity,
      halved: Infinity,
    });
    const best = { node: none(), chromium: none() };
    for (let r = 0; r < rounds; r++) {
      for (const variant of VARIANTS) {
        best.node[variant] = Math.min(best.node[variant], await inNode(variant));
        best.chromium[variant] = Math.min(best.chromium[variant], await inChromium(variant));
      }
    }
    const f = (ms: number) => `${ms.toFixed(0)} ms`.padStart(8);
    console.log(
      `engine gap: an interpreter's dispatch loop, ${STEPS / 1e6} M steps, best of ${rounds} rounds ` +
        `(Node ${process.versions.node}, V8 ${process.versions.v8}; ${await browser.version()})`,
    );
    console.log('variant     Node  Chromium  Chromium speed / Node speed');
    for (const variant of VARIANTS) {
      const { node, chromium: chr } = { node: best.node[variant], chromium: best.chromium[variant] };
      console.log(`${variant.padEnd(6)} ${f(node)} ${f(chr)}  ${(node / chr).toFixed(2)}x`);
    }
  } finally {
    await browser.close();
  }
}

await main();
