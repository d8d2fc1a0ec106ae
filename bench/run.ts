/**
 * `npm run bench [-- --runs N]`: runs each guest workload (bench/workloads/*.elf, built from the .S sources
 * by bench/build-workloads.sh) on hartscope and its plain-JavaScript twin (bench/native.ts) in the same
 * process, checks that both give the same result, and prints guest instructions, seconds (median of the
 * runs), guest MIPS, native seconds and the emulated/native time ratio, with the machine it ran on.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadElf } from '../emulator/loader/elf';
import { Machine } from '../emulator/machine';
import { WORKLOADS, type Workload } from './native';

const HERE = dirname(fileURLToPath(import.meta.url));
/** No workload needs more; a guest that runs past this is broken, and the bench says so instead of hanging. */
const GUEST_BUDGET = 1_000_000_000;
/** Native runs are milliseconds long: repeat each timing until it covers this long, then divide. */
const NATIVE_MIN_SECONDS = 0.2;

interface Row {
  name: string;
  description: string;
  instructions: bigint;
  seconds: number;
  nativeSeconds: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const hex32 = (n: number): string => n.toString(16).padStart(8, '0');

function runGuest(w: Workload, expected: string): { seconds: number; instructions: bigint } {
  const image = loadElf(readFileSync(join(HERE, 'workloads', `${w.name}.elf`)));
  const machine = new Machine();
  machine.load(image);
  let printed = '';
  machine.onConsoleOutput = (b) => (printed += String.fromCharCode(b));
  const start = process.hrtime.bigint();
  const stop = machine.run(GUEST_BUDGET);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (stop.kind !== 'exit' || stop.code !== 0) {
    throw new Error(
      `${w.name}: the guest stopped with ${JSON.stringify(stop)}, console: ${JSON.stringify(printed)}`,
    );
  }
  if (printed.trim() !== expected) {
    throw new Error(
      `${w.name}: the guest printed ${JSON.stringify(printed)}, native JavaScript gives ${expected}`,
    );
  }
  return { seconds, instructions: machine.instructionsRetired };
}

/** Seconds per call of the native twin: warmed up once, then the median of `runs` timed batches. */
function timeNative(w: Workload, runs: number): number {
  w.native();
  const batches: number[] = [];
  for (let r = 0; r < runs; r++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed: number;
    do {
      w.native();
      calls++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed < NATIVE_MIN_SECONDS / runs);
    batches.push(elapsed / calls);
  }
  return median(batches);
}

function measure(w: Workload, runs: number): Row {
  const expected = hex32(w.native());
  const times: number[] = [];
  let instructions = 0n;
  for (let r = 0; r < runs; r++) {
    const g = runGuest(w, expected);
    times.push(g.seconds);
    instructions = g.instructions;
  }
  return {
    name: w.name,
    description: w.description,
    instructions,
    seconds: median(times),
    nativeSeconds: timeNative(w, runs),
  };
}

function parseRuns(argv: string[]): number {
  const i = argv.indexOf('--runs');
  if (i < 0) return 3;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error('--runs needs a whole number from 1 to 9');
  return n;
}

function main(): void {
  const runs = parseRuns(process.argv.slice(2));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `hartscope bench: ${cpu}, ${os.cpus().length} CPUs, Node ${process.version}, ${os.platform()} ${os.arch()}`,
  );
  console.log(
    `each time is the median of ${runs} run${runs === 1 ? '' : 's'}; guest results are checked against the native ones\n`,
  );
  const header = ['workload', 'guest insns', 'seconds', 'guest MIPS', 'native s', 'emulated/native'];
  const widths = [10, 13, 9, 11, 10, 16];
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');
  console.log(line(header));
  const rows: Row[] = [];
  for (const w of WORKLOADS) {
    const row = measure(w, runs);
    rows.push(row);
    const mips = Number(row.instructions) / row.seconds / 1e6;
    console.log(
      line([
        row.name,
        row.instructions.toLocaleString('en-US'),
        row.seconds.toFixed(3),
        mips.toFixed(1),
        row.nativeSeconds.toFixed(5),
        `${(row.seconds / row.nativeSeconds).toFixed(0)}x`,
      ]),
    );
  }
  const insns = rows.reduce((n, r) => n + Number(r.instructions), 0);
  const secs = rows.reduce((n, r) => n + r.seconds, 0);
  console.log(`\noverall: ${(insns / secs / 1e6).toFixed(1)} guest MIPS`);
  for (const r of rows) console.log(`  ${r.name.padEnd(8)} ${r.description}`);
}

main();
