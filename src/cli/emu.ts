/**
 * The headless runner: `npm run emu -- [--firmware monitor|host|FW.elf] FILE.elf|FILE.S [options]`.
 * Thin glue (DESIGN.md): it loads the ELF (with firmware below it: src/cli/firmware.ts), connects the UART
 * to stdin/stdout and runs the machine in slices, yielding to the event loop between slices so that stdin is
 * read while the guest runs. USAGE in args.ts documents the options, the exit status and the trace format.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assemble } from '../../emulator/asm/assembler';
import { formatError } from '../../emulator/asm/diagnostics';
import { MIP_MEIP, MIP_SEIP } from '../../emulator/hart/causes';
import type { TrapRecord } from '../../emulator/hart/trap';
import { disassemble } from '../../emulator/isa/disasm';
import { ElfError, loadElf } from '../../emulator/loader/elf';
import type { ProgramImage } from '../../emulator/image';
import { LoadError, Machine, type StopReason } from '../../emulator/machine';
import { BootTimer, formatBootTimes } from '../../emulator/snapshot/boot-timer';
import { PAYLOAD_BASE } from '../../emulator/board/memory-map';
import { EXIT_BUDGET, EXIT_USAGE, EXIT_WFI, type EmuOptions, USAGE, parseArgs } from './args';
import { ConsoleInput } from './console-input';
import { formatMigration, migrateToFreshMachine } from './migrate';
import { restoreFromFile, saveToFile } from './snapshot-file';
import { FirmwareError, checkPayload, withFirmware } from './firmware';
import { instructionLine, trapLine } from './trace';

/** Steps per slice: long enough that the slice overhead is nothing, short enough (~10 ms) to read stdin. */
const SLICE = 1_000_000;
const TRACE_FLUSH_LINES = 4096;

/** Collects the guest's console bytes and writes them to stdout once per slice (or per step when tracing). */
class ConsoleOutput {
  private buf = new Uint8Array(4096);
  private length = 0;
  /** Bytes pushed since the start. */
  total = 0;

  readonly push = (byte: number): void => {
    this.total++;
    if (this.length === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = byte;
  };

  get pending(): boolean {
    return this.length > 0;
  }

  flush(): void {
    if (this.length === 0) return;
    process.stdout.write(Buffer.from(this.buf.subarray(0, this.length)));
    this.length = 0;
  }
}

class Tracer {
  private lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length >= TRACE_FLUSH_LINES) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    process.stderr.write(this.lines.join('\n') + '\n');
    this.lines = [];
  }
}

const pcHex = (m: Machine): string => '0x' + m.hart.getPc().toString(16);

/** One step at a time, printing each retired instruction and each trap (see the trace format in USAGE). */
function runTraced(m: Machine, steps: number, tracer: Tracer, output: ConsoleOutput): StopReason {
  const hart = m.hart;
  let trapped: boolean;
  m.onTrap = (t: TrapRecord) => {
    trapped = true;
    tracer.add(trapLine(t));
  };
  for (let i = 0; i < steps; i++) {
    const wasWaiting = hart.waitingForInterrupt;
    const priv = hart.priv;
    const pc = hart.getPc();
    const insn = m.peekInstruction();
    trapped = false;
    const stop = m.step();
    // An instruction ran unless the step took a trap, or the hart slept through it in wfi.
    if (!trapped && !(wasWaiting && hart.waitingForInterrupt) && insn !== null) {
      tracer.add(instructionLine(priv, pc, insn.word, insn.length, disassemble(insn.word, pc)));
    }
    if (output.pending) {
      tracer.flush(); // so that the trace leads up to the console output it caused
      output.flush();
    }
    if (stop !== null) return stop;
  }
  return { kind: 'budget' };
}

/** Whether input on stdin could wake a hart sleeping in wfi: only through an enabled external interrupt. */
const inputCanWake = (m: Machine): boolean => (m.hart.csr.mie & (MIP_MEIP | MIP_SEIP)) !== 0;

/**
 * An assembly source (.S or .s) is assembled in memory with the default layout: text at 0x80000000, or at
 * 0x80200000 for a payload that firmware enters.
 */
const isAssembly = (file: string): boolean => /\.[sS]$/.test(file);

/** The program of a .S file, or its errors printed as FILE:LINE:COL: message (exit status 2). */
function assembleFile(
  file: string,
  text: string,
  script: string | null,
  textBase: number | undefined,
): ProgramImage | number {
  const include = (name: string, from: string): string | undefined => {
    const path = join(dirname(from), name);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  let linkerScript: { text: string; file: string } | undefined;
  if (script !== null) {
    if (!existsSync(script)) {
      process.stderr.write(`emu: cannot read ${script}: ENOENT\n`);
      return EXIT_USAGE;
    }
    linkerScript = { text: readFileSync(script, 'utf8'), file: script };
  }
  const result = assemble(text, { file, include, linkerScript, textBase });
  if (result.image) return result.image;
  for (const e of result.errors) process.stderr.write(`${formatError(e)}\n`);
  return EXIT_USAGE;
}

/** The machine to run: FILE loaded (with its firmware), or the one a snapshot holds; or an exit status. */
async function prepareMachine(
  options: EmuOptions,
  fail: (message: string) => number,
): Promise<Machine | number> {
  if (options.restoreSnapshot !== null) {
    const restored = await restoreFromFile(options.restoreSnapshot);
    return restored.ok ? restored.value : fail(restored.message);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(options.file);
  } catch (e) {
    return fail(`cannot read ${options.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const firmware = options.firmware;
  const machine = new Machine({
    ramSize: options.ramMiB * 1024 * 1024,
    misalignedAccess: options.misaligned,
    timeCsr: options.timeCsr,
    ...(firmware === 'host' ? { sbi: 'host' as const } : {}),
  });
  try {
    const program = isAssembly(options.file)
      ? assembleFile(
          options.file,
          bytes.toString('utf8'),
          options.linkerScript,
          firmware === null ? undefined : PAYLOAD_BASE,
        )
      : loadElf(bytes);
    if (typeof program === 'number') return program;
    if (firmware === 'host') checkPayload(program);
    machine.load(firmware === null || firmware === 'host' ? program : withFirmware(firmware, program));
  } catch (e) {
    if (e instanceof ElfError || e instanceof LoadError) return fail(`${options.file}: ${e.message}`);
    if (e instanceof FirmwareError) return fail(e.message);
    throw e;
  }
  return machine;
}

async function run(options: EmuOptions, fail: (message: string) => number): Promise<number> {
  const machine = await prepareMachine(options, fail);
  if (typeof machine === 'number') return machine;
  const { code: status, timer, machine: last } = await runToStop(machine, options);
  if (timer !== null) {
    for (const line of formatBootTimes(timer.times()).split('\n'))
      process.stderr.write(`emu: boot: ${line}\n`);
  }
  if (options.saveSnapshot !== null) {
    const saved = await saveToFile(last, options.saveSnapshot);
    if (!saved.ok) return fail(saved.message);
    process.stderr.write(`${saved.value}\n`);
  }
  return status;
}

/**
 * Run until the guest exits, sleeps for good, the budget ends or the user quits: the exit status, the
 * boot timer when --boot-time asked for one, and the machine that ran last (the target, after
 * --migrate-after).
 */
async function runToStop(
  first: Machine,
  options: EmuOptions,
): Promise<{ code: number; timer: BootTimer | null; machine: Machine }> {
  let machine = first;
  let bootTimer: BootTimer | null = null;
  const done = (code: number) => ({ code, timer: bootTimer, machine });
  const output = new ConsoleOutput();
  const tracer = options.trace ? new Tracer() : null;
  machine.onConsoleOutput = output.push;
  // After onConsoleOutput: the timer wraps it to see the first byte.
  if (options.bootTime) bootTimer = new BootTimer(machine);
  let quitRequested = false;
  const input = new ConsoleInput(
    process.stdin,
    (b) => machine.uart.receive(b),
    () => (quitRequested = true),
  );
  try {
    let remaining = options.maxInsns ?? Infinity;
    // --migrate-after: the step count to migrate at (steps already run, e.g. in a restored snapshot, count).
    let migrateAt = options.migrateAfter === null ? null : machine.hart.steps + options.migrateAfter;
    for (;;) {
      if (migrateAt !== null && machine.hart.steps >= migrateAt) {
        migrateAt = null;
        // The source runs on during the rounds, within the --max-insns budget.
        const { target, report } = migrateToFreshMachine(
          machine,
          (n) => {
            const steps = Math.min(n, remaining);
            if (steps <= 0) return;
            if (tracer) runTraced(machine, steps, tracer, output);
            else machine.run(steps);
            remaining -= steps;
            tracer?.flush();
            output.flush();
          },
          () => output.total,
        );
        machine = target;
        for (const line of formatMigration(report)) process.stderr.write(`${line}\n`);
      }
      const slice = Math.min(
        SLICE,
        remaining,
        migrateAt === null ? Infinity : migrateAt - machine.hart.steps,
      );
      const stop = tracer
        ? runTraced(machine, slice, tracer, output)
        : bootTimer
          ? bootTimer.run(slice)
          : machine.run(slice);
      tracer?.flush(); // the trace must come before any message about why the run stopped
      output.flush();
      if (stop.kind === 'exit') {
        if (migrateAt !== null)
          process.stderr.write(
            `emu: migrate: the guest exited at step ${machine.hart.steps}, before --migrate-after ` +
              `${options.migrateAfter}; no migration\n`,
          );
        return done(stop.code & 0xff);
      }
      if (stop.kind === 'budget') {
        remaining -= slice;
        if (remaining <= 0) {
          process.stderr.write(
            `emu: stopped after ${options.maxInsns} instructions (--max-insns); pc=${pcHex(machine)}\n`,
          );
          return done(EXIT_BUDGET);
        }
      }
      if (stop.kind === 'wfi') {
        if (input.ended || !inputCanWake(machine)) {
          process.stderr.write(
            `emu: the hart waits in wfi and nothing can wake it (no timer armed, ` +
              `${input.ended ? 'stdin closed' : 'no external interrupt enabled'}); pc=${pcHex(machine)}\n`,
          );
          return done(EXIT_WFI);
        }
        await input.waitForInput();
      } else {
        // Let stdin's 'data' events in between slices.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (quitRequested) {
        process.stderr.write(`\nemu: quit (Ctrl-A x); pc=${pcHex(machine)}\n`);
        return done(0);
      }
    }
  } finally {
    tracer?.flush();
    output.flush();
    input.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const fail = (message: string): number => {
    process.stderr.write(`emu: ${message}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') return fail(`${parsed.message}\n${USAGE.split('\n')[0]}\n(--help for more)`);
  return run(parsed.options, fail);
}

process.stdout.on('error', () => process.exit(1)); // e.g. EPIPE: nobody reads the console any more
main(process.argv.slice(2)).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(`emu: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
