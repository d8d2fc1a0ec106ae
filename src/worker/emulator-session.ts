/**
 * The EmulatorApi implemented on a Machine, with no knowledge of Workers or comlink, so the same code runs
 * in the worker and in a Node test. Running is cooperative: a slice of instructions, then a yield to the
 * event loop (where pause and getState messages are handled), then the next slice.
 */
import { ElfError, loadElf } from '../../emulator/loader/elf';
import type { ProgramImage } from '../../emulator/image';
import { LoadError, Machine, type MachineConfig } from '../../emulator/machine';
import type {
  EmulatorApi,
  LoadResult,
  MachineStateView,
  MachineStatus,
  PrivilegeLevel,
} from './emulator-api';

/** Instructions per slice by default: a few milliseconds of guest time, so pause answers within a frame. */
export const DEFAULT_SLICE = 100_000;

/** Lets other messages be handled between slices. */
export type Yield = () => Promise<void>;

/**
 * A message to ourselves: queued behind the messages already waiting (pause, getState), and unlike
 * setTimeout(0) not clamped to 4 ms when nested, which would idle the machine between slices.
 */
const yieldToEventLoop: Yield = () =>
  new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });

/** Grows as the guest writes; drained by getState. */
class ConsoleBuffer {
  private bytes = new Uint8Array(1024);
  private length = 0;

  push(byte: number): void {
    if (this.length === this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes[this.length++] = byte;
  }

  drain(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.length = 0;
    return out;
  }

  clear(): void {
    this.length = 0;
  }
}

export class EmulatorSession implements EmulatorApi {
  /** A fresh machine for every load and reset: power-cycling is building the board again. */
  private machine: Machine;
  private image: ProgramImage | null = null;
  private readonly console = new ConsoleBuffer();
  private program: string | null = null;
  private status: MachineStatus = { kind: 'empty' };
  private pauseRequested = false;
  /** Resolves when the current run loop ends (null when not running). */
  private running: Promise<MachineStatus> | null = null;

  constructor(
    private readonly config: MachineConfig = {},
    private readonly yieldNow: Yield = yieldToEventLoop,
  ) {
    this.machine = this.powerOn(null);
  }

  /** A new machine with `image` loaded (throws LoadError when the image does not fit in RAM). */
  private powerOn(image: ProgramImage | null): Machine {
    const machine = new Machine(this.config);
    if (image !== null) machine.load(image);
    machine.onConsoleOutput = (byte) => this.console.push(byte);
    return machine;
  }

  async loadElf(bytes: Uint8Array, name: string): Promise<LoadResult> {
    await this.pause();
    try {
      const image = loadElf(bytes);
      this.machine = this.powerOn(image);
      this.image = image;
      this.program = name;
      this.status = { kind: 'ready' };
      this.console.clear();
      return {
        ok: true,
        entry: BigInt(image.entry >>> 0),
        segments: image.segments.length,
        symbols: image.symbols.length,
      };
    } catch (e) {
      // Only problems with the file are the user's; anything else is a bug in hartscope and propagates.
      if (e instanceof ElfError || e instanceof LoadError)
        return { ok: false, error: `${name}: ${e.message}` };
      throw e;
    }
  }

  run(sliceInstructions = DEFAULT_SLICE): Promise<MachineStatus> {
    if (this.running) return this.running;
    if (!this.canRun()) return Promise.resolve(this.status);
    this.pauseRequested = false;
    this.status = { kind: 'running' };
    this.running = this.runSlices(Math.max(1, Math.floor(sliceInstructions))).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runSlices(slice: number): Promise<MachineStatus> {
    for (;;) {
      const stop = this.guarded(() => this.machine.run(slice));
      if (stop !== null && stop.kind !== 'budget') return (this.status = stop);
      if (this.status.kind === 'error') return this.status;
      await this.yieldNow();
      if (this.pauseRequested) return (this.status = { kind: 'paused' });
    }
  }

  async pause(): Promise<void> {
    if (!this.running) return;
    this.pauseRequested = true;
    await this.running;
  }

  async step(count = 1): Promise<MachineStatus> {
    await this.pause();
    if (!this.canRun()) return this.status;
    const stop = this.guarded(() => this.machine.run(Math.max(1, Math.floor(count))));
    if (stop !== null) this.status = stop.kind === 'budget' ? { kind: 'paused' } : stop;
    return this.status;
  }

  async reset(): Promise<void> {
    await this.pause();
    this.machine = this.powerOn(this.image);
    this.console.clear();
    this.status = this.program === null ? { kind: 'empty' } : { kind: 'ready' };
  }

  async getState(): Promise<MachineStateView> {
    const hart = this.machine.hart;
    // Each register as two 32-bit halves, low first: on a little-endian host (every browser's) that is the
    // memory layout of a 64-bit integer, so one BigUint64Array view reads them without per-register BigInt math.
    const halves = new Uint32Array(64);
    for (let i = 0; i < 32; i++) {
      halves[2 * i] = hart.x[i];
      halves[2 * i + 1] = hart.x[i + 32];
    }
    return {
      status: this.status,
      program: this.program,
      pc: hart.getPc(),
      priv: hart.priv as PrivilegeLevel,
      x: new BigUint64Array(halves.buffer),
      instructionsRetired: this.machine.instructionsRetired,
      consoleBytes: this.console.drain(),
    };
  }

  private canRun(): boolean {
    const k = this.status.kind;
    return k === 'ready' || k === 'paused' || k === 'wfi' || k === 'budget';
  }

  /**
   * Run machine code, turning a host exception into an 'error' status. The Machine promises never to throw
   * for what the guest does, so this is a hartscope bug: the page shows it instead of freezing.
   */
  private guarded(work: () => ReturnType<Machine['run']>): ReturnType<Machine['run']> | null {
    try {
      return work();
    } catch (e) {
      this.status = {
        kind: 'error',
        message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      };
      return null;
    }
  }
}
