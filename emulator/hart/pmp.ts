import { Access, type AccessType, Priv } from './privilege';

/**
 * Physical memory protection (privileged spec, "Physical Memory Protection"). 16 entries, as QEMU's virt
 * harts have; pmpcfg0 and pmpcfg2 hold 8 entries each on RV64, pmpcfg4..14 and pmpaddr16..63 read as zero.
 *
 * Addresses are JS numbers: pmpaddr holds bits 55:2 of an address (54 bits, exact in a double).
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
const TWO_54 = 2 ** 54;

export class Pmp {
  readonly cfg = new Uint8Array(PMP_ENTRIES);
  readonly addr = new Float64Array(PMP_ENTRIES);
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

  writeAddr(i: number, value: number): void {
    if (this.cfg[i] & PMP_L) return;
    // A locked TOR entry above also freezes this address (its bottom of range).
    if (i + 1 < PMP_ENTRIES && this.cfg[i + 1] & PMP_L && ((this.cfg[i + 1] >> PMP_A_SHIFT) & 3) === A_TOR) return;
    this.addr[i] = value % TWO_54;
    this.refresh();
  }

  reset(): void {
    this.cfg.fill(0);
    this.addr.fill(0);
    this.refresh();
  }

  private refresh(): void {
    this.anyLocked = false;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const a = (this.cfg[i] >> PMP_A_SHIFT) & 3;
      if (this.cfg[i] & PMP_L) this.anyLocked = true;
      if (a === A_TOR) {
        this.start[i] = i === 0 ? 0 : this.addr[i - 1] * 4;
        this.end[i] = this.addr[i] * 4;
      } else if (a === A_NA4) {
        this.start[i] = this.addr[i] * 4;
        this.end[i] = this.start[i] + 4;
      } else if (a === A_NAPOT) {
        // Trailing ones of pmpaddr give the size: 2^(ones+3) bytes.
        let ones = 0;
        let v = this.addr[i];
        while (v % 2 === 1) {
          ones++;
          v = (v - 1) / 2;
        }
        const size = 2 ** (ones + 3);
        this.start[i] = v * 2 ** (ones + 1) * 4;
        this.end[i] = this.start[i] + size;
      } else {
        this.start[i] = 0;
        this.end[i] = 0;
      }
    }
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
