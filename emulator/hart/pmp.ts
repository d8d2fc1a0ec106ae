import { Access, type AccessType, Priv } from './privilege';

/**
 * Physical memory protection (privileged spec, "Physical Memory Protection"). 16 entries, as QEMU's virt
 * harts have; pmpcfg0 and pmpcfg2 hold 8 entries each on RV64, pmpcfg4..14 and pmpaddr16..63 read as zero.
 *
 * pmpaddr holds bits 55:2 of an address: 54 bits, more than a double holds exactly, so each is kept as two
 * halves. The decoded regions are doubles: inexact only far above the 4 GiB where this board has anything.
 */
export const PMP_ENTRIES = 16;

const PMP_R = 1;
const PMP_W = 2;
const PMP_X = 4;
const PMP_A_SHIFT = 3;
const PMP_L = 0x80;
const A_OFF = 0;
const A_TOR = 1;
const A_NA4 = 2;
const A_NAPOT = 3;

export class Pmp {
  readonly cfg = new Uint8Array(PMP_ENTRIES);
  readonly addrLo = new Int32Array(PMP_ENTRIES);
  /** Bits 53:32 of pmpaddr. */
  readonly addrHi = new Int32Array(PMP_ENTRIES);
  // Decoded regions [start, end) in bytes, refreshed on every write.
  private readonly start = new Float64Array(PMP_ENTRIES);
  private readonly end = new Float64Array(PMP_ENTRIES);
  /** Whether any entry is locked: only then can an M-mode access fail. */
  anyLocked = false;

  /** Legalise and write one pmpNcfg byte (WARL). */
  writeCfg(i: number, value: number): void {
    if (this.cfg[i] & PMP_L) return; // a locked entry ignores writes until reset
    let v = value & (PMP_L | (3 << PMP_A_SHIFT) | PMP_X | PMP_W | PMP_R);
    // R=0,W=1 is reserved (WARL): we legalise it by clearing W.
    if ((v & (PMP_R | PMP_W)) === PMP_W) v &= ~PMP_W;
    this.cfg[i] = v;
    this.refresh();
  }

  writeAddr(i: number, lo: number, hi: number): void {
    if (this.cfg[i] & PMP_L) return;
    // A locked TOR entry above also freezes this address (its bottom of range).
    if (i + 1 < PMP_ENTRIES && this.cfg[i + 1] & PMP_L && ((this.cfg[i + 1] >> PMP_A_SHIFT) & 3) === A_TOR)
      return;
    this.addrLo[i] = lo;
    this.addrHi[i] = hi & 0x3fffff;
    this.refresh();
  }

  reset(): void {
    this.cfg.fill(0);
    this.addrLo.fill(0);
    this.addrHi.fill(0);
    this.refresh();
  }

  private refresh(): void {
    this.anyLocked = false;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const a = (this.cfg[i] >> PMP_A_SHIFT) & 3;
      if (this.cfg[i] & PMP_L) this.anyLocked = true;
      if (a === A_TOR) {
        this.start[i] = i === 0 ? 0 : this.byteAddress(i - 1);
        this.end[i] = this.byteAddress(i);
      } else if (a === A_NA4) {
        this.start[i] = this.byteAddress(i);
        this.end[i] = this.start[i] + 4;
      } else if (a === A_NAPOT) {
        // The trailing ones of pmpaddr give the size, 2^(ones+3) bytes; clearing them gives the base.
        let lo = this.addrLo[i];
        let hi = this.addrHi[i];
        let ones = 0;
        while (ones < 54 && ((ones < 32 ? lo >>> ones : hi >>> (ones - 32)) & 1) === 1) ones++;
        if (ones >= 32) {
          lo = 0;
          hi &= ~(2 ** (ones - 32) - 1);
        } else lo &= ~(2 ** ones - 1);
        this.start[i] = ((hi >>> 0) * 2 ** 32 + (lo >>> 0)) * 4;
        this.end[i] = this.start[i] + 2 ** (ones + 3);
      } else {
        this.start[i] = 0;
        this.end[i] = 0;
      }
    }
  }

  private byteAddress(i: number): number {
    return ((this.addrHi[i] >>> 0) * 2 ** 32 + (this.addrLo[i] >>> 0)) * 4;
  }

  /**
   * May an access of `width` bytes at physical `address` for `access` at privilege `priv` proceed?
   * The lowest-numbered entry that matches any byte decides; it must cover all bytes.
   */
  allows(address: number, width: number, access: AccessType, priv: number): boolean {
    if (priv === Priv.M && !this.anyLocked) return true;
    const last = address + width;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const c = this.cfg[i];
      if (((c >> PMP_A_SHIFT) & 3) === A_OFF) continue;
      const s = this.start[i];
      const e = this.end[i];
      if (last <= s || address >= e) continue;
      if (address < s || last > e) return false; // matches only part of the access
      if (priv === Priv.M && !(c & PMP_L)) return true;
      const need = access === Access.Fetch ? PMP_X : access === Access.Load ? PMP_R : PMP_W;
      return (c & need) !== 0;
    }
    // No entry matches: M-mode succeeds, S and U fail (16 entries are implemented).
    return priv === Priv.M;
  }
}
