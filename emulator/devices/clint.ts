import type { AccessWidth, Device, InterruptLine } from './device';

/**
 * The core-local interruptor of QEMU's virt board (SiFive CLINT layout) for one hart:
 *   +0x0000 msip      (32 bits, bit 0 drives mip.MSIP)
 *   +0x4000 mtimecmp  (64 bits)
 *   +0xbff8 mtime     (64 bits)
 * mip.MTIP is high while mtime >= mtimecmp.
 *
 * Deterministic time (DESIGN.md): mtime is not wall-clock time. It advances by one tick per hart step, so a
 * run is the same every time. `clock.steps` is the hart's step counter; writing mtime shifts an offset.
 */
const MSIP = 0x0;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;
const TWO_32 = 2 ** 32;

/** What a snapshot keeps of the CLINT (mtime itself is the hart's step count plus `offset`). */
export interface ClintState {
  msip: number;
  mtimecmpLo: number;
  mtimecmpHi: number;
  offset: number;
}

export class Clint implements Device {
  readonly name = 'clint';
  readonly size = 0x10000;
  private msip = 0;
  private mtimecmpLo = -1;
  private mtimecmpHi = -1;
  /** mtime = clock.steps + offset. */
  private offset = 0;
  /**
   * The hart step count at which MTIP next rises (Infinity when it cannot, or is already high): the machine
   * compares its step counter with this after every step, which keeps the timer exact to the instruction.
   */
  deadline = Infinity;

  constructor(
    private readonly clock: { readonly steps: number },
    private readonly softwareInterrupt: InterruptLine,
    private readonly timerInterrupt: InterruptLine,
  ) {
    this.updateTimer();
  }

  get mtime(): number {
    return this.clock.steps + this.offset;
  }

  set mtime(value: number) {
    this.offset = value - this.clock.steps;
    this.updateTimer();
  }

  /** mtimecmp as a number (values at or above 2^53 mean "never" for any run this machine can do). */
  get mtimecmp(): number {
    return (this.mtimecmpHi >>> 0) * TWO_32 + (this.mtimecmpLo >>> 0);
  }

  /** Recompute MTIP and the next deadline; the machine calls this when the deadline is reached. */
  updateTimer(): void {
    const pending = this.mtime >= this.mtimecmp;
    this.timerInterrupt.set(pending);
    this.deadline = pending || this.mtimecmp >= 2 ** 53 ? Infinity : this.mtimecmp - this.offset;
  }

  read(offset: number, width: AccessWidth, out: Int32Array): boolean {
    if (width !== 4 && width !== 8) return false;
    const t = this.mtime;
    const mtimeLo = (t % TWO_32) | 0;
    const mtimeHi = Math.floor(t / TWO_32) | 0;
    out[1] = 0;
    if (offset === MSIP && width === 4) out[0] = this.msip;
    else if (offset === MTIMECMP) {
      out[0] = this.mtimecmpLo;
      if (width === 8) out[1] = this.mtimecmpHi;
    } else if (offset === MTIMECMP + 4 && width === 4) out[0] = this.mtimecmpHi;
    else if (offset === MTIME) {
      out[0] = mtimeLo;
      if (width === 8) out[1] = mtimeHi;
    } else if (offset === MTIME + 4 && width === 4) out[0] = mtimeHi;
    else out[0] = 0; // the rest of the CLINT's space reads as zero, as in QEMU
    return true;
  }

  write(offset: number, width: AccessWidth, lo: number, hi: number): boolean {
    if (width !== 4 && width !== 8) return false;
    if (offset === MSIP && width === 4) {
      this.msip = lo & 1;
      this.softwareInterrupt.set(this.msip !== 0);
    } else if (offset === MTIMECMP) {
      this.mtimecmpLo = lo;
      if (width === 8) this.mtimecmpHi = hi;
      this.updateTimer();
    } else if (offset === MTIMECMP + 4 && width === 4) {
      this.mtimecmpHi = lo;
      this.updateTimer();
    } else if (offset === MTIME || (offset === MTIME + 4 && width === 4)) {
      const t = this.mtime;
      let newLo = (t % TWO_32) | 0;
      let newHi = Math.floor(t / TWO_32) | 0;
      if (offset === MTIME) {
        newLo = lo;
        if (width === 8) newHi = hi;
      } else newHi = lo;
      this.mtime = (newHi >>> 0) * TWO_32 + (newLo >>> 0);
    }
    return true;
  }

  reset(): void {
    this.msip = 0;
    this.softwareInterrupt.set(false);
    this.mtimecmpLo = -1;
    this.mtimecmpHi = -1;
    this.offset = -this.clock.steps;
    this.updateTimer();
  }

  captureState(): ClintState {
    return { msip: this.msip, mtimecmpLo: this.mtimecmpLo, mtimecmpHi: this.mtimecmpHi, offset: this.offset };
  }

  /**
   * Take a state from captureState (checked by the caller). The clock (the hart's step count) must already
   * hold its restored value: the deadline is computed from it. MSIP and MTIP are driven to the levels the
   * state implies.
   */
  restoreState(s: ClintState): void {
    this.msip = s.msip & 1;
    this.mtimecmpLo = s.mtimecmpLo | 0;
    this.mtimecmpHi = s.mtimecmpHi | 0;
    this.offset = s.offset;
    this.softwareInterrupt.set(this.msip !== 0);
    this.updateTimer();
  }
}
