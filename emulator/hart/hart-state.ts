import type { Bus } from '../bus';
import { toBigInt, toUnsignedNumber } from '../int64';
import type { Extension } from '../isa/table';
import { halved, STORED_RAM_START, unhalved } from './address-halving';
import { Exception } from './causes';
import { CsrState } from './csr-state';
import { Pmp } from './pmp';
import { Priv, type PrivilegeMode } from './privilege';
import type { ReturnRecord, TrapInterceptor } from './trap';

/**
 * Thrown, as this one frozen value, when an instruction traps; step() catches it and takes the trap. It never
 * leaves step(): guest faults are the guest's business (DESIGN.md), so no guest action throws out of run().
 */
export const TRAP = Object.freeze({ guestTrap: true });

export interface HartConfig {
  hartId: number;
  /** 'perform' (as QEMU virt does) or 'trap' (as many real cores do; firmware then emulates them). */
  misalignedAccess: 'perform' | 'trap';
  /**
   * The `time` CSR: 'provided' (default) or 'absent', as on cores that leave it to firmware: every read of it
   * is then an illegal instruction, in every mode, and the monitor emulates it from the CLINT's mtime.
   */
  timeCsr?: 'provided' | 'absent';
  /**
   * HART (issue 6), "break the ISA" for the virtualization lesson: 'sret-in-u-is-nop' makes sret executed in
   * U-mode retire as a no-op instead of raising an illegal-instruction exception. sret stays sensitive (it
   * would change the mode and SIE) but is no longer privileged, which breaks Popek and Goldberg's condition:
   * a monitor running a guest kernel in U-mode never sees the guest's sret (as x86's POPF in ring 3 silently
   * ignored IF). Undefined (default): the ISA as specified. The machine may change it between runs.
   */
  breakIsa?: BreakIsa;
}

/** The ways HartConfig.breakIsa can break the ISA. */
export type BreakIsa = 'sret-in-u-is-nop';
export const BREAK_ISA_OPTIONS: readonly BreakIsa[] = ['sret-in-u-is-nop'];

/** misa: MXL=2 (RV64) and the extensions A, C, I, M, S, U. */
export const MISA_LO = (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);
export const MISA_HI = 2 << 30;
export const ENABLED_EXTENSIONS: ReadonlySet<Extension> = new Set<Extension>([
  'I',
  'M',
  'A',
  'C',
  'Zicsr',
  'Zifencei',
]);

/**
 * The hart's architectural state and the actions on it that need no memory: registers, pc, privilege, CSRs,
 * counters, and raising traps. HartMemory (hart-memory.ts) adds loads and stores, Hart (hart.ts) fetch.
 */
export class HartState {
  /** x0..x31: low halves in [0..31], high halves in [32..63]. x0 is rewritten to zero after every write. */
  readonly x = new Int32Array(64);
  /** pc's low half, stored halved (address-halving.ts: a small integer to Chromium's engine, not a double). */
  private pcLoStored = STORED_RAM_START;
  get pcLo(): number {
    return unhalved(this.pcLoStored);
  }
  set pcLo(lo: number) {
    this.pcLoStored = halved(lo);
  }
  pcHi = 0;
  /** The next pc: pc + length of the current instruction, unless a jump or branch changes it. */
  private npcLoStored = STORED_RAM_START;
  get npcLo(): number {
    return unhalved(this.npcLoStored);
  }
  set npcLo(lo: number) {
    this.npcLoStored = halved(lo);
  }
  npcHi = 0;
  /** Length in bytes of the instruction being executed (2 or 4). */
  insnLength = 4;
  priv: PrivilegeMode = Priv.M;
  readonly csr = new CsrState();
  readonly pmp = new Pmp();

  /** Steps taken since reset (instructions executed or trapped): the machine's deterministic clock. */
  steps = 0;
  /** Cycles (as mcycle counts them, honouring mcountinhibit.CY) and retired instructions. */
  cycle = 0;
  instret = 0;
  // ---- HART (issue 6): instructions retired per privilege mode ----
  /**
   * Instructions retired in each privilege mode since reset, indexed by mode number (U 0, S 1, M 3; [2]
   * stays 0), for the teaching view's "ran directly in the guest" share. An instruction counts in the mode
   * it executed in (an mret counts in M). Exact in both engines, and unlike instret they ignore
   * mcountinhibit and writes to minstret: they count what the hart did, not what the guest's counter shows.
   * Both engines count per run of instructions, not per instruction: a run never changes mode (an xRET ends
   * it), so they add the run's length to its mode when it ends (execute.ts, translate/translator.ts).
   */
  readonly retiredByMode = new Float64Array(4);
  /** The xRET just executed, for the machine to report (Machine.onReturn) and clear; null when none. */
  lastReturn: ReturnRecord | null = null;
  // ---- end HART ----

  /** Interrupt-pending bits driven by devices (MSIP, MTIP from the CLINT; MEIP, SEIP from the PLIC). */
  mipHardware = 0;
  /** In wfi: the hart sleeps until an interrupt is pending and locally enabled. */
  waitingForInterrupt = false;

  /** LR/SC reservation: a physical address, valid or not. */
  reservationValid = false;
  reservationAddress = 0;

  /** The trap being raised (set by raise(), read by step()). */
  trapCause = 0;
  trapTvalLo = 0;
  trapTvalHi = 0;
  /** Takes traps headed for M-mode when no M-mode software runs (the host SBI; see trap.ts). */
  interceptTrap: TrapInterceptor | null = null;

  /**
   * Set by anything that may change whether an interrupt is pending and enabled, the timer's deadline, the
   * exit state or the code in RAM (CSR writes, xRET, wfi, fences, device accesses, stores to translated
   * code). The run loops clear it before a run of instructions and leave that run after the instruction
   * that set it, so the next one goes through the exact step-by-step checks.
   */
  slowPath = false;

  onCodeWrite: (page: number) => void = () => {};
  /** fence.i and sfence.vma: the translator drops every block. */
  onCodeFence(): void {
    this.slowPath = true;
    this.onFence();
  }
  onFence: () => void = () => {};

  /** Reads the CLINT's mtime for the `time` CSR; the machine connects it. */
  readTime: () => number = () => 0;

  constructor(
    readonly bus: Bus,
    readonly config: HartConfig,
  ) {}

  // ---------- registers ----------

  /** Write x[rd] (no effect for x0). */
  setX(rd: number, lo: number, hi: number): void {
    if (rd !== 0) {
      this.x[rd] = lo;
      this.x[rd + 32] = hi;
    }
  }

  /** Write x[rd] with a 32-bit result sign-extended to 64 bits (the W instructions, lui, etc.). */
  setX32(rd: number, v: number): void {
    if (rd !== 0) {
      this.x[rd] = v;
      this.x[rd + 32] = v >> 31;
    }
  }

  getReg(i: number): bigint {
    return toBigInt(this.x[i], this.x[i + 32]);
  }

  getPc(): bigint {
    return toBigInt(this.pcLo, this.pcHi);
  }

  setPc(lo: number, hi: number): void {
    this.pcLo = lo | 0;
    this.pcHi = hi | 0;
  }

  /** npc = pc + offset (a signed 32-bit offset): branch and jump targets. */
  jumpRelative(offset: number): void {
    const lo = (this.pcLo >>> 0) + offset;
    this.npcLo = lo | 0;
    this.npcHi = (this.pcHi + (lo > 0xffffffff ? 1 : lo < 0 ? -1 : 0)) | 0;
  }

  // ---------- traps ----------

  /** Raise a synchronous exception with a 32-bit tval (sign-extended). Never returns. */
  raise(cause: number, tval: number): never {
    this.trapCause = cause;
    this.trapTvalLo = tval;
    this.trapTvalHi = tval >> 31;
    throw TRAP;
  }

  /** Raise a synchronous exception with a 64-bit tval (an address). Never returns. */
  raise64(cause: number, tvalLo: number, tvalHi: number): never {
    this.trapCause = cause;
    this.trapTvalLo = tvalLo;
    this.trapTvalHi = tvalHi;
    throw TRAP;
  }

  illegal(word: number): never {
    // tval holds the instruction bits, zero-extended (as QEMU sets it).
    return this.raise64(Exception.IllegalInstruction, word, 0);
  }

  /** The address as an unsigned JS number, for messages and the UI. */
  static address(lo: number, hi: number): number {
    return toUnsignedNumber(lo, hi);
  }
}
