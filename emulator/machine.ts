import {
  CLINT_BASE,
  DEFAULT_RAM_SIZE,
  MAX_RAM_SIZE,
  PAYLOAD_BASE,
  PLIC_BASE,
  RAM_BASE,
  TEST_FINISHER_BASE,
  UART0_BASE,
  UART0_IRQ,
} from './board/memory-map';
import { buildDeviceTree, deviceTreeAddress } from './board/fdt';
import { Bus } from './bus';
import { Clint } from './devices/clint';
import type { InterruptLine } from './devices/device';
import { Htif } from './devices/htif';
import { Plic } from './devices/plic';
import { Ram } from './devices/ram';
import { TestFinisher } from './devices/test-finisher';
import { Uart16550 } from './devices/uart16550';
import { MIP_MEIP, MIP_MSIP, MIP_MTIP, MIP_SEIP } from './hart/causes';
import { interpretSteps, pcKey, step } from './hart/execute';
import { Hart } from './hart/hart';
import { Translator } from './hart/translate/translator';
import type { BreakIsa } from './hart/hart-state';
import type { ReturnRecord, TrapRecord } from './hart/trap';
import type { ProgramImage } from './image';
import { HostSbi, type VmExitRecord } from './sbi/host-sbi';

/**
 * The machine: one hart, the bus and the devices of QEMU's virt board (board/memory-map.ts), booted with a
 * program image. Pure TypeScript, the same in Node and in a Worker; it never throws for anything the guest
 * does (the guest's faults become traps in the guest).
 */
export interface MachineConfig {
  /** RAM size in bytes (default 128 MiB, at most 2 GiB). */
  ramSize?: number;
  /** Misaligned loads and stores: performed (default, as QEMU virt does) or trapped. */
  misalignedAccess?: 'perform' | 'trap';
  /** The `time` CSR: provided (default) or absent (reads trap; firmware emulates them). */
  timeCsr?: 'provided' | 'absent';
  /** How instructions run: one by one (default), or hot blocks compiled to JavaScript. Same results. */
  engine?: Engine;
  /** Translator only: entries into a block before it is compiled (default 8; tests use 1). */
  translateAfter?: number;
  /**
   * Who serves the guest's SBI calls. 'none' (default): nobody; the image runs from its entry in M-mode
   * (with firmware in it, or bare). 'host': the emulator itself, as a hypervisor does (emulator/sbi/): the
   * image is an S-mode payload, entered in S-mode as the monitor enters it, with no firmware in RAM.
   */
  sbi?: 'none' | 'host';
  /** HART (issue 6): "break the ISA" for the virtualization lesson (HartConfig.breakIsa); default none. */
  breakIsa?: BreakIsa;
}

export type Engine = 'interpreter' | 'translator';

/**
 * The engine of machines whose config names none: 'interpreter', unless the host sets
 * globalThis.HARTSCOPE_ENGINE = 'translator' (the test setup does, to run the whole suite with the translator).
 */
export function defaultEngine(): Engine {
  return (globalThis as { HARTSCOPE_ENGINE?: unknown }).HARTSCOPE_ENGINE === 'translator'
    ? 'translator'
    : 'interpreter';
}

export type StopReason =
  /** The guest ended the run: through the test finisher, HTIF, or an SBI shutdown served by the host. */
  | { kind: 'exit'; code: number; via: 'finisher' | 'htif' | 'sbi' }
  | { kind: 'budget' }
  | { kind: 'wfi' }
  /** Stopped before executing the instruction at a breakpoint (hart pc = that address). */
  | { kind: 'breakpoint' };

/** A problem with what the host asked to load (never with what the guest does). */
export class LoadError extends Error {
  override name = 'LoadError';
}

const hex = (n: number): string => `0x${n.toString(16)}`;

export class Machine {
  readonly ramSize: number;
  readonly ram: Ram;
  readonly bus: Bus;
  readonly hart: Hart;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly uart: Uart16550;
  readonly finisher: TestFinisher;
  private htif: Htif | null = null;

  /** Every byte the guest writes to its console (the UART, or HTIF's console device). */
  onConsoleOutput: ((byte: number) => void) | null = null;
  /** Something the host should tell the user about the guest (an HTIF request hartscope cannot serve). */
  onNotice: ((message: string) => void) | null = null;
  /** Every trap the hart takes (exceptions and interrupts), for logs and the UI. */
  onTrap: ((trap: TrapRecord) => void) | null = null;
  // ---- HART (issue 6): trap returns ----
  /**
   * Every mret and sret the hart executes, reported after it retired (so hart.instret includes it): with
   * onTrap, the stream the trap timeline pairs traps with their returns from.
   */
  onReturn: ((ret: ReturnRecord) => void) | null = null;

  /** Report the xRET the hart just executed, if any (called after every step and every fast run). */
  private reportReturn(): void {
    const ret = this.hart.lastReturn;
    if (ret === null) return;
    this.hart.lastReturn = null;
    this.onReturn?.(ret);
  }

  /** "Break the ISA" (HartConfig.breakIsa): may change between runs; undefined is the ISA as specified. */
  get breakIsa(): BreakIsa | undefined {
    return this.hart.config.breakIsa;
  }

  set breakIsa(value: BreakIsa | undefined) {
    this.hart.config.breakIsa = value;
  }

  /** Instructions retired in U, S and M-mode since reset (Hart.retiredByMode: exact, mcountinhibit aside). */
  get retiredByMode(): { user: number; supervisor: number; machine: number } {
    const r = this.hart.retiredByMode;
    return { user: r[0], supervisor: r[1], machine: r[3] };
  }
  // ---- end HART ----

  /**
   * Every VM exit under host SBI (config sbi: 'host'): an SBI call, timer relay, emulated instruction or
   * redirected exception that the host dealt with. A call does not also appear as a trap: the guest never
   * entered M-mode.
   */
  onVmExit: ((exit: VmExitRecord) => void) | null = null;
  /** The host-side SBI, when the machine serves SBI calls itself (config sbi: 'host'). */
  readonly hostSbi: HostSbi | null = null;

  private exit: StopReason | null = null;
  private image: ProgramImage | null = null;
  private resetRequested = false;

  constructor(config: MachineConfig = {}) {
    const ramSize = config.ramSize ?? DEFAULT_RAM_SIZE;
    if (!Number.isInteger(ramSize) || ramSize < 4096 || ramSize > MAX_RAM_SIZE || ramSize % 4096 !== 0) {
      throw new RangeError(
        `RAM size must be a multiple of 4 KiB between 4 KiB and 2 GiB, not ${ramSize} bytes`,
      );
    }
    this.ramSize = ramSize;
    this.engineName = config.engine ?? defaultEngine();
    this.translateAfter = config.translateAfter ?? 8;
    this.deviceTree = buildDeviceTree({ ramSize });
    this.ram = new Ram(ramSize);
    this.bus = new Bus(this.ram, RAM_BASE);
    this.hart = new Hart(this.bus, {
      hartId: 0,
      misalignedAccess: config.misalignedAccess ?? 'perform',
      timeCsr: config.timeCsr ?? 'provided',
      ...(config.breakIsa === undefined ? {} : { breakIsa: config.breakIsa }),
    });
    const hart = this.hart;
    const mipLine = (bit: number): InterruptLine => ({
      set: (level) => {
        hart.mipHardware = level ? hart.mipHardware | bit : hart.mipHardware & ~bit;
      },
    });

    this.clint = new Clint(hart, mipLine(MIP_MSIP), mipLine(MIP_MTIP));
    hart.readTime = () => this.clint.mtime;
    this.plic = new Plic({ sources: 96, contexts: [mipLine(MIP_MEIP), mipLine(MIP_SEIP)] });
    this.uart = new Uart16550({
      irq: this.plic.source(UART0_IRQ),
      transmit: (byte) => this.onConsoleOutput?.(byte),
    });
    this.finisher = new TestFinisher({
      exit: (code) => {
        this.exit = { kind: 'exit', code, via: 'finisher' };
      },
      reset: () => {
        this.resetRequested = true;
      },
    });
    this.bus.map(TEST_FINISHER_BASE, this.finisher);
    this.bus.map(CLINT_BASE, this.clint);
    this.bus.map(PLIC_BASE, this.plic);
    this.bus.map(UART0_BASE, this.uart);
    if (config.sbi === 'host') {
      this.hostSbi = new HostSbi({
        hart,
        bus: this.bus,
        exit: (code) => {
          this.exit = { kind: 'exit', code, via: 'sbi' };
        },
        reboot: () => {
          this.resetRequested = true;
        },
        notice: (message) => this.onNotice?.(message),
        vmExit: (record) => this.onVmExit?.(record),
      });
      hart.interceptTrap = this.hostSbi.interceptTrap;
    }
  }

  /**
   * Copy a program into RAM and point the hart at its entry, in M-mode with a0 = hart id and a1 = the
   * address of the device tree (as QEMU's `-bios none -kernel` does); under host SBI, in S-mode as the monitor
   * enters its payload (emulator/sbi/host-sbi.ts). A `tohost` symbol maps the HTIF device there.
   */
  load(image: ProgramImage): void {
    for (const [i, seg] of image.segments.entries()) {
      const end = seg.address + Math.max(seg.memSize, seg.data.length);
      if (seg.address < RAM_BASE || end > RAM_BASE + this.ramSize) {
        throw new LoadError(
          `segment ${i} (${hex(seg.address)}..${hex(end)}) lies outside RAM ` +
            `(${hex(RAM_BASE)}..${hex(RAM_BASE + this.ramSize)}, ${this.ramSize / 1048576} MiB)`,
        );
      }
      // Under host SBI the firmware's 2 MiB stay reserved (and closed to S-mode by PMP) as under the monitor.
      if (this.hostSbi !== null && seg.address < PAYLOAD_BASE && end > RAM_BASE) {
        throw new LoadError(
          `segment ${i} (${hex(seg.address)}..${hex(end)}) lies in the firmware's region ` +
            `(${hex(RAM_BASE)}..${hex(PAYLOAD_BASE)}), which S-mode may not use even under host SBI: ` +
            `link the payload at ${hex(PAYLOAD_BASE)}`,
        );
      }
    }
    // The hart has no odd pc (RISC-V instructions are 2-byte aligned; address-halving.ts keeps pc halved).
    if (image.entry % 2 !== 0) {
      throw new LoadError(
        `the entry point ${hex(image.entry)} is odd: RISC-V instructions are 2-byte aligned`,
      );
    }
    this.image = image;
    this.reset();
  }

  /** Power-cycle: fresh RAM contents from the loaded image, devices and hart in their reset state. */
  reset(): void {
    const image = this.image;
    this.ram.bytes.fill(0);
    this.hart.reset();
    this.clint.reset();
    this.plic.reset();
    this.uart.reset();
    this.exit = null;
    this.resetRequested = false;
    this.translator?.flush();
    if (image === null) return;
    for (const seg of image.segments) this.ram.bytes.set(seg.data, seg.address - RAM_BASE);
    const fdt = this.placeDeviceTree(image);
    if (this.hostSbi !== null) this.hostSbi.enterPayload(image.entry, fdt);
    else {
      this.hart.setPc(image.entry | 0, 0);
      this.hart.setX(10, 0, 0); // a0 = hart id
      this.hart.setX(11, fdt, 0); // a1 = the device tree's address (0 when there is none)
    }
    this.mapHtif(image);
  }

  /** The flattened device tree describing this machine, built once per machine (it depends on RAM size). */
  readonly deviceTree: Uint8Array;

  /**
   * Copy the device tree into RAM where QEMU virt puts it (near the end of RAM, 2 MiB aligned) and return
   * its address. In a RAM so small that this spot overlaps the program, it goes to the last free bytes of RAM
   * instead; if that overlaps too, there is no device tree (a1 = 0) and the host is told.
   */
  private placeDeviceTree(image: ProgramImage): number {
    const size = this.deviceTree.length;
    const overlaps = (at: number): boolean =>
      image.segments.some(
        (seg) => at < seg.address + Math.max(seg.memSize, seg.data.length) && seg.address < at + size,
      );
    const candidates = [deviceTreeAddress(this.ramSize, size), (RAM_BASE + this.ramSize - size) & ~7];
    const at = candidates.find((a) => a >= RAM_BASE && a + size <= RAM_BASE + this.ramSize && !overlaps(a));
    if (at === undefined) {
      this.onNotice?.(
        `no room for the device tree (${size} bytes) beside the program in ${this.ramSize} bytes of RAM`,
      );
      return 0;
    }
    this.ram.bytes.set(this.deviceTree, at - RAM_BASE);
    return at;
  }

  /**
   * Spike-style HTIF: a program with a `tohost` symbol talks to the host there (riscv-tests end that way).
   * The device overlays RAM at the symbol, and at `fromhost` when the program has one nearby.
   */
  private mapHtif(image: ProgramImage): void {
    if (this.htif !== null) {
      this.bus.unmap(this.htif);
      this.hart.setRamHole(0, 0);
      this.htif = null;
    }
    const tohost = image.symbols.find((s) => s.name === 'tohost');
    if (!tohost) return;
    const fromhost = image.symbols.find((s) => s.name === 'fromhost');
    const gap = fromhost ? fromhost.address - tohost.address : null;
    this.htif = new Htif({
      exit: (code) => {
        this.exit = { kind: 'exit', code, via: 'htif' };
      },
      consoleByte: (b) => this.onConsoleOutput?.(b),
      report: (message) => this.onNotice?.(message),
      fromhostOffset: gap !== null && gap >= 8 && gap % 8 === 0 && gap <= 4096 ? gap : null,
    });
    this.bus.overlay(tohost.address, this.htif);
    this.hart.setRamHole(tohost.address, this.htif.size);
  }

  private engineName: Engine;
  private translator: Translator | null = null;
  private readonly translateAfter: number;
  private breakpoints: Set<number> | null = null;

  /** The engine that runs instructions; it can change between runs (the page switches it live). */
  get engine(): Engine {
    return this.engineName;
  }

  set engine(engine: Engine) {
    this.engineName = engine;
    this.translator?.flush();
  }

  /** Blocks the translator has compiled since the machine was made (0 for the interpreter). */
  get blocksCompiled(): number {
    return this.translator?.compiled ?? 0;
  }

  /**
   * Addresses run() stops before (StopReason 'breakpoint'). The instruction a run starts at never stops
   * it, so running again from a breakpoint continues past it.
   */
  setBreakpoints(addresses: Iterable<bigint | number>): void {
    const set = new Set<number>();
    for (const a of addresses) set.add(Number(BigInt.asUintN(64, BigInt(a))));
    this.breakpoints = set.size > 0 ? set : null;
    // Blocks end before breakpoints: the old ones may run through a new one.
    this.translator?.flush();
  }

  /** RAM was changed from outside the guest (the host, a snapshot): translated code may be stale. */
  invalidateCode(): void {
    this.translator?.flush();
    this.hart.dropDecoded(); // SPEED: the interpreter's decoded instructions too
  }

  /**
   * Run at most `maxInstructions` steps; stop early when the guest exits, sleeps with nothing to wake it,
   * or reaches a breakpoint.
   *
   * Each round is one exact step (step(): interrupts checked first), then, when that step left nothing that
   * could make an interrupt due, a fast run without the per-instruction interrupt check, bounded by the
   * budget and the timer's deadline and ended by anything that sets hart.slowPath (execute.ts). So an
   * interrupt is taken at the same instruction as in a run of single steps, whichever engine runs.
   */
  run(maxInstructions: number): StopReason {
    const hart = this.hart;
    const clint = this.clint;
    const breakpoints = this.breakpoints;
    // A machine that has exited stays stopped until it is reset or loaded again.
    if (this.exit !== null) return this.exit;
    const translator =
      this.engineName === 'translator'
        ? (this.translator ??= new Translator(hart, this.translateAfter))
        : null;
    let done = 0;
    while (done < maxInstructions) {
      if (hart.waitingForInterrupt && !this.advanceIdleTime()) return { kind: 'wfi' };
      if (done > 0 && breakpoints !== null && breakpoints.has(pcKey(hart))) return { kind: 'breakpoint' };
      hart.slowPath = false;
      let trap = step(hart);
      done++;
      if (hart.lastReturn !== null) this.reportReturn(); // HART: an xRET, which comes before any trap
      if (trap !== null) this.onTrap?.(trap);
      let timerDue = hart.steps >= clint.deadline;
      if (timerDue) clint.updateTimer();
      if (this.exit !== null) return this.exit;
      if (this.resetRequested) {
        this.reset();
        continue;
      }
      const limit = Math.min(maxInstructions - done, clint.deadline - hart.steps);
      if (trap !== null || timerDue || hart.slowPath || hart.waitingForInterrupt || limit <= 0) continue;

      const before = hart.steps;
      trap = translator ? translator.runSteps(limit, breakpoints) : interpretSteps(hart, limit, breakpoints);
      done += hart.steps - before;
      if (hart.lastReturn !== null) this.reportReturn(); // HART: an xRET, which comes before any trap
      if (trap !== null) this.onTrap?.(trap);
      timerDue = hart.steps >= clint.deadline;
      if (timerDue) clint.updateTimer();
      if (this.exit !== null) return this.exit;
      if (this.resetRequested) this.reset();
    }
    return { kind: 'budget' };
  }

  /** One instruction (or one trap entry). Returns why the machine stopped, if it did. */
  step(): StopReason | null {
    const r = this.run(1);
    return r.kind === 'budget' ? null : r;
  }

  /**
   * The hart sleeps in wfi. If an enabled interrupt is pending it wakes at the next step. Otherwise, if the
   * timer can wake it, time jumps to the timer's deadline (an idle hart lets time pass at no cost).
   * False when nothing can wake the hart.
   */
  private advanceIdleTime(): boolean {
    const hart = this.hart;
    if (((hart.csr.mipSoftware | hart.mipHardware) & hart.csr.mie) !== 0) return true;
    if (hart.csr.mie & MIP_MTIP && this.clint.deadline !== Infinity) {
      const skip = this.clint.deadline - 1 - hart.steps;
      if (skip > 0) {
        hart.steps += skip;
        hart.cycle += skip;
      }
      return true;
    }
    return false;
  }

  /** The instruction at pc, for traces (null when it cannot be fetched). */
  peekInstruction(): { word: number; length: 2 | 4 } | null {
    const h = this.hart;
    const off = h.pcLo >>> 0;
    try {
      const low = h.fetch16(h.pcLo, h.pcHi);
      if ((low & 3) !== 3) return { word: low, length: 2 };
      const high = h.fetch16((off + 2) | 0, off + 2 > 0xffffffff ? h.pcHi + 1 : h.pcHi);
      return { word: (low | (high << 16)) >>> 0, length: 4 };
    } catch {
      return null;
    }
  }

  get instructionsRetired(): bigint {
    return BigInt(this.hart.instret);
  }
}
