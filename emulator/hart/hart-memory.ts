import type { Bus } from '../bus';
import type { Ram } from '../devices/ram';
import type { Hart } from './hart';
import { out } from '../int64';
import { halved, NO_PAGE, unhalved } from './address-halving';
import { Exception } from './causes';
import { type HartConfig, HartState, TRAP } from './hart-state';
import { Access, type AccessType, Priv } from './privilege';
import { Tlb } from './tlb';

export const PAGE_SIZE = 4096;

// ---- SPEED (issue 7): who holds code decoded from a RAM page (bits of HartMemory.codePages) ----
/** The translator holds blocks compiled from the page. */
export const CODE_BLOCKS = 1;
/** The interpreter holds decoded instructions of the page (decoded-cache.ts). */
export const CODE_DECODED = 2;
/** An instruction as the interpreter's decoded-instruction cache holds it: runs it and moves pc on. */
export type DecodedOp = (h: Hart) => void;
/** Pages of decoded instructions kept at most (16 KiB each, plus the ops): past that, all are dropped. */
export const MAX_DECODED_PAGES = 1024;
// ---- end SPEED ----

/**
 * Loads, stores and atomics as the hart makes them: the RAM fast path, Sv39 translation through the TLB,
 * PMP checks, devices on the bus, misaligned accesses and the faults of each.
 */
export class HartMemory extends HartState {
  /**
   * One byte per 4 KiB page of RAM: non-zero when code decoded from the page is held, CODE_BLOCKS by the
   * translator, CODE_DECODED by the interpreter. A store there calls codeWritten: the translator drops the
   * page's blocks (onCodeWrite, and slowPath is set), the interpreter the decoded instructions it overlaps.
   */
  readonly codePages: Uint8Array;

  // RAM fast path
  readonly ramBytes: Uint8Array;
  readonly ramHalves: Uint16Array;
  readonly ramWords: Int32Array;
  readonly ramBase: number;
  readonly ramSize: number;
  /** A range of RAM that a device overlays (HTIF's tohost): accesses there go through the bus. */
  private holeStart = 0;
  private holeEnd = 0;

  constructor(bus: Bus, config: HartConfig) {
    super(bus, config);
    const ram: Ram = bus.ram;
    this.ramBytes = ram.bytes;
    this.ramHalves = ram.halves;
    this.ramWords = ram.words;
    this.ramBase = bus.ramBase;
    this.ramSize = ram.size;
    this.codePages = new Uint8Array(Math.ceil(ram.size / PAGE_SIZE));
    this.decodedPages = new Array<DecodedOp[] | undefined>(this.codePages.length).fill(undefined);
    this.ramBaseStored = halved(this.ramBase | 0);
  }

  setRamHole(start: number, size: number): void {
    this.holeStart = start;
    this.holeEnd = start + size;
    this.holeStartOffset = size > 0 ? start - this.ramBase : 0;
    this.holeEndOffset = size > 0 ? start + size - this.ramBase : 0;
  }

  /**
   * Loads and stores go straight to RAM, skipping translation and PMP: true while data accesses are made at
   * M-mode privilege (no paging) and no PMP entry is locked (PMP then allows M-mode everything). Recomputed
   * by onAddressingChanged, which every change of mode, mstatus, satp or PMP calls.
   */
  protected directRam = false;
  /** ramBase stored halved (address-halving.ts), and the RAM hole as offsets into RAM (both 0 when there is none). */
  private readonly ramBaseStored: number;
  private holeStartOffset = 0;
  private holeEndOffset = 0;

  /**
   * The RAM offset of an aligned access to virtual (vLo, vHi) of `width` bytes when it can skip translation
   * and PMP (directRam), or -1. Kept in 32-bit integers: addresses at 0x8000_0000 and up are not small
   * integers to the JavaScript engine, and passing them around as doubles costs allocations.
   */
  directOffset(vLo: number, vHi: number, width: number): number {
    if (!this.directRam || vHi !== 0 || (vLo & (width - 1)) !== 0) return -1;
    // vLo - ramBase mod 2^32, in 32-bit integers: ramBase comes from its stored form (address-halving.ts),
    // a small integer; vLo, a data address, may be odd and is used as it is.
    const off = (vLo - unhalved(this.ramBaseStored)) | 0;
    if (off < 0 || off >= this.ramSize) return -1;
    return off >= this.holeEndOffset || off + width <= this.holeStartOffset ? off : -1;
  }

  /** Set by the MMU: translates a virtual address for an access, or raises the fault. */
  translate: (vLo: number, vHi: number, access: AccessType) => number = (vLo, vHi, access) =>
    this.translateBare(vLo, vHi, access);

  /** Without paging the physical address is the virtual one; anything at or above 2^32 has no device. */
  translateBare(vLo: number, vHi: number, access: AccessType): number {
    if (vHi !== 0) this.raise64(accessFault(access), vLo, vHi);
    return vLo >>> 0;
  }

  /** The privilege loads and stores are checked at: MPP when mstatus.MPRV is set in M-mode. */
  dataPrivilege(): number {
    if (this.priv === Priv.M && this.csr.mstatus & (1 << 17)) return (this.csr.mstatus >>> 11) & 3;
    return this.priv;
  }

  /** Whether satp selects Sv39 (set by the MMU); when false every address is physical. */
  paging = false;

  /** Recent Sv39 translations (used only while paging); emptied by onAddressingChanged. */
  readonly tlb = new Tlb();
  /** Page-table walks since reset: TLB misses, for the benchmark and the UI. */
  walks = 0;

  /** Physical address of an access of `width` bytes (aligned), after translation and PMP checks. */
  protected physicalAddress(vLo: number, vHi: number, width: number, access: AccessType): number {
    if (this.paging) {
      const pa = this.tlb.lookup(vLo, vHi, access);
      return pa >= 0 ? pa : this.walkAndCheck(vLo, vHi, width, access);
    }
    const pa = this.translateBare(vLo, vHi, access);
    if (!this.pmp.allows(pa, width, access, access === Access.Fetch ? this.priv : this.dataPrivilege())) {
      this.raise64(accessFault(access), vLo, vHi);
    }
    return pa;
  }

  /**
   * A TLB miss: walk the page tables (setting A/D), check PMP, and remember the translation when PMP treats
   * the whole 4 KiB page alike (an entry that PMP allows as a whole page allows every access inside it).
   */
  private walkAndCheck(vLo: number, vHi: number, width: number, access: AccessType): number {
    this.walks++;
    const pa = this.translate(vLo, vHi, access);
    const priv = access === Access.Fetch ? this.priv : this.dataPrivilege();
    if (!this.pmp.allows(pa, width, access, priv)) this.raise64(accessFault(access), vLo, vHi);
    const page = pa - (vLo & (PAGE_SIZE - 1));
    if (this.pmp.allows(page, PAGE_SIZE, access, priv)) this.tlb.fill(vLo, vHi, access, pa);
    return pa;
  }

  /** Load `width` bytes at virtual address v into out (zero-extended); sign extension is the caller's. */
  load(vLo: number, vHi: number, width: 1 | 2 | 4 | 8): void {
    const direct = this.directOffset(vLo, vHi, width);
    if (direct >= 0) {
      this.loadRam(direct, width);
      return;
    }
    if ((vLo & (width - 1)) !== 0) {
      if (this.config.misalignedAccess === 'trap') this.raise64(Exception.LoadAddressMisaligned, vLo, vHi);
      this.loadMisaligned(vLo, vHi, width);
      return;
    }
    const pa = this.physicalAddress(vLo, vHi, width, Access.Load);
    const off = pa - this.ramBase;
    if (off >= 0 && off < this.ramSize && (pa >= this.holeEnd || pa + width <= this.holeStart)) {
      this.loadRam(off, width);
      return;
    }
    this.slowPath = true;
    if (!this.bus.read(pa, width, out)) this.raise64(Exception.LoadAccessFault, vLo, vHi);
  }

  private loadRam(off: number, width: 1 | 2 | 4 | 8): void {
    if (width === 4) {
      out[0] = this.ramWords[off >>> 2];
      out[1] = 0;
    } else if (width === 8) {
      out[0] = this.ramWords[off >>> 2];
      out[1] = this.ramWords[(off >>> 2) + 1];
    } else if (width === 1) {
      out[0] = this.ramBytes[off];
      out[1] = 0;
    } else {
      out[0] = this.ramHalves[off >>> 1];
      out[1] = 0;
    }
  }

  /** Store the low `width` bytes of (lo, hi) at virtual address v. */
  store(vLo: number, vHi: number, width: 1 | 2 | 4 | 8, lo: number, hi: number): void {
    const direct = this.directOffset(vLo, vHi, width);
    if (direct >= 0) {
      this.storeRam(direct, width, lo, hi);
      return;
    }
    if ((vLo & (width - 1)) !== 0) {
      if (this.config.misalignedAccess === 'trap') this.raise64(Exception.StoreAddressMisaligned, vLo, vHi);
      this.storeMisaligned(vLo, vHi, width, lo, hi);
      return;
    }
    const pa = this.physicalAddress(vLo, vHi, width, Access.Store);
    this.storePhysical(pa, width, lo, hi, vLo, vHi);
  }

  /**
   * The physical address for an atomic access (LR, SC, AMO): it must be naturally aligned whatever the
   * misaligned-access setting, is translated and checked as a store (AMOs fault as stores) or, for LR, a load.
   */
  atomicAddress(vLo: number, vHi: number, width: 4 | 8, access: AccessType): number {
    if ((vLo & (width - 1)) !== 0) {
      this.raise64(
        access === Access.Load ? Exception.LoadAddressMisaligned : Exception.StoreAddressMisaligned,
        vLo,
        vHi,
      );
    }
    return this.physicalAddress(vLo, vHi, width, access);
  }

  /** Read at a physical address (for atomics); faults as `access` at virtual (vLo, vHi). */
  readAtomic(pa: number, width: 4 | 8, access: AccessType, vLo: number, vHi: number): void {
    const off = pa - this.ramBase;
    if (off >= 0 && off < this.ramSize && (pa >= this.holeEnd || pa + width <= this.holeStart)) {
      out[0] = this.ramWords[off >>> 2];
      out[1] = width === 8 ? this.ramWords[(off >>> 2) + 1] : 0;
      return;
    }
    this.slowPath = true;
    if (!this.bus.read(pa, width, out)) this.raise64(accessFault(access), vLo, vHi);
  }

  writeAtomic(pa: number, width: 4 | 8, lo: number, hi: number, vLo: number, vHi: number): void {
    this.storePhysical(pa, width, lo, hi, vLo, vHi);
  }

  private storePhysical(
    pa: number,
    width: 1 | 2 | 4 | 8,
    lo: number,
    hi: number,
    vLo: number,
    vHi: number,
  ): void {
    const off = pa - this.ramBase;
    if (off >= 0 && off < this.ramSize && (pa >= this.holeEnd || pa + width <= this.holeStart)) {
      this.storeRam(off, width, lo, hi);
      return;
    }
    this.slowPath = true;
    if (!this.bus.write(pa, width, lo, hi)) this.raise64(Exception.StoreAccessFault, vLo, vHi);
  }

  private storeRam(off: number, width: 1 | 2 | 4 | 8, lo: number, hi: number): void {
    if (this.codePages[off >>> 12] !== 0) this.codeWritten(off, width);
    if (width === 4) this.ramWords[off >>> 2] = lo;
    else if (width === 8) {
      this.ramWords[off >>> 2] = lo;
      this.ramWords[(off >>> 2) + 1] = hi;
    } else if (width === 1) this.ramBytes[off] = lo;
    else this.ramHalves[off >>> 1] = lo;
  }

  private codeWritten(off: number, width: number): void {
    const page = off >>> 12;
    if (this.codePages[page] & CODE_DECODED) {
      const ops = this.decodedPages[page];
      if (ops !== undefined) {
        // The halfwords written, and the one before: a 32-bit instruction starting there overlaps them.
        const first = (off & 0xfff) >>> 1;
        const last = ((off & 0xfff) + width - 1) >>> 1;
        for (let i = first > 0 ? first - 1 : 0; i <= last; i++) ops[i] = undefined!;
      }
    }
    if (this.codePages[page] & CODE_BLOCKS) {
      this.slowPath = true;
      this.onCodeWrite(page);
    }
  }

  // ---- SPEED (issue 7): the interpreter's decoded instructions (decoded-cache.ts) ----
  /** Per RAM page, the decoded instruction at each halfword (undefined: none yet, or written since). */
  readonly decodedPages: (DecodedOp[] | undefined)[];
  decodedPageCount = 0;
  /**
   * The decoded page of the virtual page (opsPageLo, opsPageHi) fetched from in mode opsPagePriv (opsPageLo
   * NO_PAGE: none), its RAM page number opsPageIndex. Set with the fetch path's page (Hart.fetchPageBase),
   * and forgotten with it (onAddressingChanged) or when the page is dropped. opsPageLo is stored halved
   * (address-halving.ts).
   */
  private opsPageLoStored = halved(NO_PAGE);
  get opsPageLo(): number {
    return unhalved(this.opsPageLoStored);
  }
  set opsPageLo(lo: number) {
    this.opsPageLoStored = halved(lo);
  }
  opsPageHi = 0;
  opsPagePriv = -1;
  opsPageIndex = -1;
  opsPage: DecodedOp[] = [];

  /** Forget every decoded instruction: RAM was written by the host, or the machine reset. */
  dropDecoded(): void {
    for (let page = 0; page < this.decodedPages.length; page++) {
      if (this.decodedPages[page] !== undefined) this.codePages[page] &= ~CODE_DECODED;
    }
    this.decodedPages.fill(undefined);
    this.decodedPageCount = 0;
    this.opsPageLo = NO_PAGE;
    this.opsPageIndex = -1;
    this.opsPage = [];
  }
  // ---- end SPEED ----

  /**
   * A misaligned load, performed byte by byte (as QEMU virt does). Every byte is translated and checked
   * before any is read, so a fault on the second page reports the original address, like QEMU.
   */
  private loadMisaligned(vLo: number, vHi: number, width: number): void {
    let lo = 0;
    let hi = 0;
    const addresses = this.misalignedAddresses(vLo, vHi, width, Access.Load);
    for (let i = 0; i < width; i++) {
      if (!this.bus.read(addresses[i], 1, out)) this.raise64(Exception.LoadAccessFault, vLo, vHi);
      if (i < 4) lo |= out[0] << (8 * i);
      else hi |= out[0] << (8 * (i - 4));
    }
    out[0] = lo;
    out[1] = hi;
  }

  private storeMisaligned(vLo: number, vHi: number, width: 1 | 2 | 4 | 8, lo: number, hi: number): void {
    const addresses = this.misalignedAddresses(vLo, vHi, width, Access.Store);
    for (let i = 0; i < width; i++) {
      const byte = i < 4 ? lo >>> (8 * i) : hi >>> (8 * (i - 4));
      this.storePhysical(addresses[i], 1, byte & 0xff, 0, vLo, vHi);
    }
  }

  private readonly byteAddresses = new Float64Array(8);

  private misalignedAddresses(vLo: number, vHi: number, width: number, access: AccessType): Float64Array {
    for (let i = 0; i < width; i++) {
      const lo = (vLo >>> 0) + i;
      const hi = lo > 0xffffffff ? (vHi + 1) | 0 : vHi;
      // Faults report the first byte's address (the access's address), as QEMU does.
      try {
        this.byteAddresses[i] = this.physicalAddress(lo | 0, hi, 1, access);
      } catch (e) {
        if (e === TRAP) {
          this.trapTvalLo = vLo;
          this.trapTvalHi = vHi;
        }
        throw e;
      }
    }
    return this.byteAddresses;
  }

  /** Result of readPhysical64 (the page-table walker reads PTEs with it). */
  physicalLo = 0;
  physicalHi = 0;

  readPhysical64(pa: number): boolean {
    const off = pa - this.ramBase;
    if (off >= 0 && off + 8 <= this.ramSize && (off & 7) === 0) {
      this.physicalLo = this.ramWords[off >>> 2];
      this.physicalHi = this.ramWords[(off >>> 2) + 1];
      return true;
    }
    if (!this.bus.read(pa, 8, out)) return false;
    this.physicalLo = out[0];
    this.physicalHi = out[1];
    return true;
  }

  writePhysical32(pa: number, value: number): boolean {
    const off = pa - this.ramBase;
    if (off >= 0 && off + 4 <= this.ramSize && (off & 3) === 0) {
      if (this.codePages[off >>> 12] !== 0) this.codeWritten(off, 4);
      this.ramWords[off >>> 2] = value;
      return true;
    }
    return this.bus.write(pa, 4, value, 0);
  }
}

export function accessFault(access: AccessType): number {
  return access === Access.Fetch
    ? Exception.InstructionAccessFault
    : access === Access.Load
      ? Exception.LoadAccessFault
      : Exception.StoreAccessFault;
}

export function pageFault(access: AccessType): number {
  return access === Access.Fetch
    ? Exception.InstructionPageFault
    : access === Access.Load
      ? Exception.LoadPageFault
      : Exception.StorePageFault;
}
