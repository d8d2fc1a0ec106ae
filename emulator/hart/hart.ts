import { out, toBigInt } from '../int64';
import { halved, NO_PAGE, unhalved } from './address-halving';
import { Exception } from './causes';
import { readCsr } from './csr';
import { CsrState } from './csr-state';
import { HartMemory, PAGE_SIZE } from './hart-memory';
import { TRAP } from './hart-state';
import { installTranslation } from './mmu';
import { Access, Priv } from './privilege';

export { accessFault, pageFault } from './hart-memory';
export {
  BREAK_ISA_OPTIONS,
  type BreakIsa,
  ENABLED_EXTENSIONS,
  type HartConfig,
  MISA_HI,
  MISA_LO,
  TRAP,
} from './hart-state';

/**
 * One RV64IMAC hart: its state (hart-state.ts), its memory accesses (hart-memory.ts), and here instruction
 * fetch, reset and the changes of addressing that every path above depends on. The engines (execute.ts,
 * translate/) run it.
 */
export class Hart extends HartMemory {
  /** The reset state (privileged spec, "Reset"): M-mode, registers and CSRs cleared, counters at zero. */
  reset(): void {
    this.x.fill(0);
    // The hart starts at the start of RAM (DESIGN.md: Boot); a loaded program's entry is set after this.
    this.pcLo = this.ramBase | 0;
    this.pcHi = 0;
    this.priv = Priv.M;
    Object.assign(this.csr, new CsrState());
    this.pmp.reset();
    this.steps = 0;
    this.cycle = 0;
    this.instret = 0;
    this.retiredByMode.fill(0);
    this.lastReturn = null;
    this.dropDecoded();
    this.mipHardware = 0;
    this.waitingForInterrupt = false;
    this.reservationValid = false;
    this.walks = 0;
    this.onAddressingChanged();
  }

  /** A CSR's value as the current mode would read it (undefined when that read is illegal). For the API. */
  getCsr(num: number): bigint | undefined {
    return readCsr(this, num) ? toBigInt(out[0], out[1]) : undefined;
  }

  /** Fetch 16 bits at virtual address (lo, hi); instruction fetches only come from RAM. */
  fetch16(vLo: number, vHi: number): number {
    if ((vLo & ~0xfff) === this.fetchPageLo && vHi === this.fetchPageHi && this.priv === this.fetchPagePriv) {
      this.fetchedHalf = this.fetchPageHalf + ((vLo & 0xfff) >>> 1);
      return this.ramHalves[this.fetchedHalf];
    }
    const pa = this.physicalAddress(vLo, vHi, 2, Access.Fetch);
    const off = pa - this.ramBase;
    if (off >= 0 && off < this.ramSize) {
      this.fetchedHalf = off >>> 1;
      const page = off - (vLo & 0xfff);
      // Remember the page when the translation and PMP hold for all of it (as a TLB entry does).
      if (
        page + PAGE_SIZE <= this.ramSize &&
        this.pmp.allows(pa - (vLo & 0xfff), PAGE_SIZE, Access.Fetch, this.priv)
      ) {
        this.fetchPageLo = vLo & ~0xfff;
        this.fetchPageHi = vHi;
        this.fetchPagePriv = this.priv;
        this.fetchPageHalf = page >>> 1;
      }
      return this.ramHalves[this.fetchedHalf];
    }
    return this.raise64(Exception.InstructionAccessFault, vLo, vHi);
  }

  /** The index in ramHalves of the instruction at virtual (vLo, vHi), or -1 when fetching it would trap. */
  fetchIndex(vLo: number, vHi: number): number {
    if ((vLo & ~0xfff) === this.fetchPageLo && vHi === this.fetchPageHi && this.priv === this.fetchPagePriv) {
      return this.fetchPageHalf + ((vLo & 0xfff) >>> 1);
    }
    try {
      this.fetch16(vLo, vHi);
      return this.fetchedHalf;
    } catch (e) {
      if (e !== TRAP) throw e;
      return -1;
    }
  }

  /**
   * The page instructions were last fetched from, for fetches that skip translation and PMP: virtual page
   * (fetchPageLo is page-aligned, so NO_PAGE means "none"; stored halved, address-halving.ts), the mode it was
   * checked for, and its RAM index in halves. Emptied with the TLB (onAddressingChanged).
   */
  private fetchPageLoStored = halved(NO_PAGE);
  private get fetchPageLo(): number {
    return unhalved(this.fetchPageLoStored);
  }
  private set fetchPageLo(lo: number) {
    this.fetchPageLoStored = halved(lo);
  }
  private fetchPageHi = 0;
  private fetchPagePriv = -1;
  private fetchPageHalf = 0;

  // ---- SPEED (issue 7) ----
  /**
   * The index in ramHalves of the start of virtual page (vLo & ~0xfff, vHi) when the fetch path holds it
   * (the last page fetched from, in this mode: its translation and PMP hold for all of it), else -1.
   */
  fetchPageBase(vLo: number, vHi: number): number {
    return (vLo & ~0xfff) === this.fetchPageLo && vHi === this.fetchPageHi && this.priv === this.fetchPagePriv
      ? this.fetchPageHalf
      : -1;
  }
  // ---- end SPEED ----

  /** Index in ramHalves of the halfword fetch16 last read. */
  private fetchedHalf = 0;

  /**
   * The instruction at pc, 16 or 32 bits as an int32, with insnLength set: the interpreter's fetch. On the
   * page fetched from last (whose translation and PMP hold for all of it) both halves are read directly;
   * anything else goes through fetch16, which translates, checks and raises the fetch fault.
   */
  fetchInstruction(): number {
    const pcLo = this.pcLo;
    const inPage = pcLo & 0xfff;
    if (
      (pcLo ^ inPage) === this.fetchPageLo &&
      this.pcHi === this.fetchPageHi &&
      this.priv === this.fetchPagePriv
    ) {
      const i = this.fetchPageHalf + (inPage >>> 1);
      const half = this.ramHalves[i];
      if ((half & 3) !== 3) {
        this.insnLength = 2;
        return half;
      }
      if (inPage !== 0xffe) {
        this.insnLength = 4;
        return half | (this.ramHalves[i + 1] << 16);
      }
    }
    const half = this.fetch16(pcLo, this.pcHi);
    if ((half & 3) !== 3) {
      this.insnLength = 2;
      return half;
    }
    // The upper half, which may lie on the next page: fetched (and checked) in full.
    const next = (pcLo + 2) | 0;
    const upper = this.fetch16(next, pcLo < 0 && next >= 0 ? (this.pcHi + 1) | 0 : this.pcHi);
    this.insnLength = 4;
    return half | (upper << 16);
  }

  /** Called when satp, mstatus (MPRV, MPP, SUM, MXR) or PMP change: the MMU re-selects its path. */
  onAddressingChanged(): void {
    this.tlb.flush();
    this.fetchPageLo = NO_PAGE;
    this.opsPageLo = NO_PAGE; // SPEED: the decoded page goes with the fetch page
    installTranslation(this);
    this.directRam = this.dataPrivilege() === Priv.M && !this.pmp.anyLocked;
  }
}
