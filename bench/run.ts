/**
 * `npm run bench [-- --runs N]`: runs each guest workload (bench/workloads/*.elf, built from the sources by
 * bench/build-workloads.sh) on hartscope with each engine (interpreter, translator), its plain-JavaScript
 * twin (bench/native.ts) in the same process, and, where qemu-system-riscv64 is installed, the same ELF on
 * QEMU. Every guest result is checked against the native one. Prints guest instructions, seconds (median of
 * the runs) and MIPS per engine, the emulated/native time ratios and the hartscope/QEMU time ratio, with the
 * machine it ran on.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadElf } from '../emulator/loader/elf';
import { type Engine, Machine } from '../emulator/machine';
import { WORKLOADS, type Workload } from './native';
import { hasQemu, timeQemuOnce } from './qemu';

const HERE = dirname(fileURLToPath(import.meta.url));
/** No workload needs more; a guest that runs past this is broken, and the bench says so instead of hanging. */
const GUEST_BUDGET = 1_000_000_000;
/** Native runs are milliseconds long: repeat each timing until it covers this long, then divide. */
const NATIVE_MIN_SECONDS = 0.2;
const ENGINES: Engine[] = ['interpreter', 'translator'];
/**
 * QEMU runs each workload in tens of milliseconds, about as long as it takes to start: its times are medians
 * of this many runs (whatever --runs says), its start-up's of twice as many.
 */
const QEMU_RUNS = 11;

interface Row {
  name: string;
  description: string;
  instructions: bigint;
  /** Median seconds per engine. */
  seconds: Record<Engine, number>;
  nativeSeconds: number;
  /**
   * Median seconds on QEMU with its start-up subtracted; null without QEMU, 0 when the difference is within
   * the start-up's own spread (QEMU ran the workload too fast to tell from noise).
   */
  qemuSeconds: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const hex32 = (n: number): string => n.toString(16).padStart(8, '0');

const elfPath = (name: string): string => join(HERE, 'workloads', `${name}.elf`);

function runGuest(w: Workload, expected: string, engine: Engine): { seconds: number; instructions: bigint } {
  const image = loadElf(readFileSync(elfPath(w.name)));
  const machine = new Machine({ engine });
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

interface QemuBaseline {
  seconds: number;
  /** Spread of the start-up times (interquartile range): differences below it are noise. */
  noise: number;
}

function measure(w: Workload, runs: number, qemuBaseline: QemuBaseline | null): Row {
  const expected = hex32(w.native());
  const seconds = {} as Record<Engine, number>;
  let instructions = 0n;
  for (const engine of ENGINES) {
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const g = runGuest(w, expected, engine);
      times.push(g.seconds);
      if (instructions !== 0n && g.instructions !== instructions) {
        throw new Error(
          `${w.name}: ${g.instructions} instructions with the ${engine}, ${instructions} before`,
        );
      }
      instructions = g.instructions;
    }
    seconds[engine] = median(times);
  }
  let qemuSeconds: number | null = null;
  if (qemuBaseline !== null) {
    const times = Array.from({ length: QEMU_RUNS }, () => timeQemuOnce(elfPath(w.name), expected));
    const d = median(times) - qemuBaseline.seconds;
    qemuSeconds = d > qemuBaseline.noise ? d : 0;
  }
  return {
    name: w.name,
    description: w.description,
    instructions,
    seconds,
    nativeSeconds: timeNative(w, runs),
    qemuSeconds,
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
    `each time is the median of ${runs} run${runs === 1 ? '' : 's'}; guest results are checked against the native ones`,
  );
  let qemuBaseline: QemuBaseline | null = null;
  if (hasQemu()) {
    const t = Array.from({ length: 2 * QEMU_RUNS }, () => timeQemuOnce(elfPath('empty'), '00000000'));
    t.sort((a, b) => a - b);
    qemuBaseline = {
      seconds: median(t),
      noise: t[Math.floor(t.length * 0.75)] - t[Math.floor(t.length * 0.25)],
    };
    console.log(
      `QEMU: qemu-system-riscv64 -machine virt -bios none (TCG); start-up ${qemuBaseline.seconds.toFixed(3)} s ` +
        `subtracted; "<x" = the rest is below the start-up's spread of x s`,
    );
  } else {
    console.log(
      'QEMU: qemu-system-riscv64 not installed (Debian package qemu-system-misc), its columns are empty',
    );
  }
  console.log('int = interpreter, tr = translator; x/native and x/QEMU are time ratios\n');
  const header = ['workload', 'guest insns', 'int s', 'int MIPS', 'tr s', 'tr MIPS', 'native s'];
  header.push('int x/native', 'tr x/native', 'QEMU s', 'QEMU MIPS', 'tr x/QEMU');
  const widths = [9, 13, 7, 9, 7, 8, 9, 13, 12, 8, 10, 10];
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');
  console.log(line(header));
  const rows: Row[] = [];
  for (const w of WORKLOADS) {
    const row = measure(w, runs, qemuBaseline);
    rows.push(row);
    const n = Number(row.instructions);
    const mips = (s: number): string => (n / s / 1e6).toFixed(1);
    const q = row.qemuSeconds;
    const noise = qemuBaseline?.noise ?? 0;
    console.log(
      line([
        row.name,
        row.instructions.toLocaleString('en-US'),
        row.seconds.interpreter.toFixed(3),
        mips(row.seconds.interpreter),
        row.seconds.translator.toFixed(3),
        mips(row.seconds.translator),
        row.nativeSeconds.toFixed(5),
        `${(row.seconds.interpreter / row.nativeSeconds).toFixed(0)}x`,
        `${(row.seconds.translator / row.nativeSeconds).toFixed(0)}x`,
        q === null ? '-' : q === 0 ? `<${noise.toFixed(3)}` : q.toFixed(3),
        q === null ? '-' : q === 0 ? `>${mips(noise)}` : mips(q),
        q === null
          ? '-'
          : q === 0
            ? `>${(row.seconds.translator / noise).toFixed(0)}x`
            : `${(row.seconds.translator / q).toFixed(1)}x`,
      ]),
    );
  }
  const insns = rows.reduce((n, r) => n + Number(r.instructions), 0);
  for (const engine of ENGINES) {
    const secs = rows.reduce((n, r) => n + r.seconds[engine], 0);
    console.log(`\noverall, ${engine}: ${(insns / secs / 1e6).toFixed(1)} guest MIPS`);
  }
  for (const r of rows) console.log(`  ${r.name.padEnd(8)} ${r.description}`);
}

main();
