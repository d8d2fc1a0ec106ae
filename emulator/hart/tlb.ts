import type { AccessType } from './privilege';

/**
 * A software TLB: remembers recent Sv39 translations so that most accesses skip the three-level walk.
 *
 * One direct-mapped table per access type (fetch, load, store), each indexed by the low bits of the virtual
 * page number. Keeping the access types apart is what makes the cache exact without re-checking permissions
 * on a hit: an entry is only ever filled by a successful walk for that same access type, so a store entry
 * exists only once the walk has set the PTE's D bit, and a load entry never lets a store through.
 *
 * Everything else a translation depends on (satp, the privilege mode, mstatus.MPRV/MPP/SUM/MXR, PMP) is held
 * constant between flushes: the hart flushes on every change to any of them (Hart.onAddressingChanged, which
 * satp and mstatus writes, PMP writes, sfence.vma, trap entry and return all call).
 *
 * An entry also means "PMP allows this access anywhere in the 4 KiB page", so a hit needs no PMP check: the
 * hart fills an entry only when PMP allows the whole page (see Hart.walkAndCheck).
 *
 * SIMPLIFICATION: no ASIDs and no partial sfence.vma: every flush empties the whole TLB, as the spec allows.
 */
const SLOTS = 256;
const SLOT_MASK = SLOTS - 1;
const KINDS = 3;
/** A virtual page number (vLo >>> 12) is never negative: -1 marks an empty slot. */
const EMPTY = -1;

export class Tlb {
  /** Bits 31:12 of the virtual address (the page-number bits held in vLo). */
  private readonly pageLo = new Int32Array(SLOTS * KINDS).fill(EMPTY);
  /** Bits 63:32 of the virtual address: an address with bad upper bits never matches a filled entry. */
  private readonly pageHi = new Int32Array(SLOTS * KINDS);
  /** The physical address of the 4 KiB page. */
  private readonly physical = new Float64Array(SLOTS * KINDS);

  /** The physical address for (vLo, vHi), or -1 when the TLB holds no translation for it. */
  lookup(vLo: number, vHi: number, access: AccessType): number {
    const page = vLo >>> 12;
    const slot = access * SLOTS + (page & SLOT_MASK);
    if (this.pageLo[slot] === page && this.pageHi[slot] === vHi) return this.physical[slot] + (vLo & 0xfff);
    return -1;
  }

  /** Remember that (vLo, vHi) translates to physical address pa for this access type. */
  fill(vLo: number, vHi: number, access: AccessType, pa: number): void {
    const page = vLo >>> 12;
    const slot = access * SLOTS + (page & SLOT_MASK);
    this.pageLo[slot] = page;
    this.pageHi[slot] = vHi;
    this.physical[slot] = pa - (vLo & 0xfff);
  }

  flush(): void {
    this.pageLo.fill(EMPTY);
  }
}
