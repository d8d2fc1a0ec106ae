/**
 * PMP entries decoded for the CSR panel (privileged spec, "Physical Memory Protection"): each entry is one
 * byte of pmpcfgN (R bit 0, W bit 1, X bit 2, A bits 4:3, L bit 7) and one pmpaddrN register holding bits
 * 55:2 of an address. A selects how the address is matched: OFF, TOR (top of range: from the previous
 * entry's address up to this one), NA4 (naturally aligned 4 bytes) or NAPOT (naturally aligned power of two,
 * its size encoded by the count of trailing ones in pmpaddr).
 */
import { bitRange } from './csr-fields';

export type PmpMatch = 'OFF' | 'TOR' | 'NA4' | 'NAPOT';

export interface PmpEntry {
  index: number;
  cfg: number;
  r: boolean;
  w: boolean;
  x: boolean;
  a: PmpMatch;
  l: boolean;
  /** First and last byte address covered (inclusive), or null when the entry matches nothing. */
  range: { first: bigint; last: bigint } | null;
}

const MATCH: readonly PmpMatch[] = ['OFF', 'TOR', 'NA4', 'NAPOT'];
/** RV64 pmpaddr holds address bits 55:2, so 54 bits. */
const PMPADDR_BITS = 54;

function trailingOnes(v: bigint): number {
  let n = 0;
  while (n < PMPADDR_BITS && ((v >> BigInt(n)) & 1n) === 1n) n++;
  return n;
}

/** The address range that entry `index` covers, given its pmpaddr and (for TOR) the previous entry's. */
export function pmpRange(a: PmpMatch, pmpaddr: bigint, previousPmpaddr: bigint): PmpEntry['range'] {
  const addr = BigInt.asUintN(PMPADDR_BITS, pmpaddr);
  switch (a) {
    case 'OFF':
      return null;
    case 'TOR': {
      const first = BigInt.asUintN(PMPADDR_BITS, previousPmpaddr) << 2n;
      const end = addr << 2n;
      return first < end ? { first, last: end - 1n } : null;
    }
    case 'NA4':
      return { first: addr << 2n, last: (addr << 2n) + 3n };
    case 'NAPOT': {
      // pmpaddr = base/4 with its low (t) bits replaced by t ones and a zero above them: size 2^(t+3).
      const t = BigInt(trailingOnes(addr));
      const first = ((addr >> t) << t) << 2n;
      const last = first + (1n << (t + 3n)) - 1n;
      // All ones (t = 54) would be 2^57 bytes; the space it can match ends at 2^56 - 1.
      return { first, last: last < 1n << 56n ? last : (1n << 56n) - 1n };
    }
  }
}

/**
 * Entries 0..count-1 decoded from pmpcfg0 (RV64: entries 0..7 in its 8 bytes; pmpcfg2 holds 8..15) and
 * pmpaddr0..count-1. `count` is at most 8.
 */
export function decodePmpEntries(pmpcfg0: bigint, pmpaddr: readonly bigint[], count = 8): PmpEntry[] {
  const entries: PmpEntry[] = [];
  for (let i = 0; i < Math.min(count, 8, pmpaddr.length); i++) {
    const cfg = Number(bitRange(pmpcfg0, 8 * i + 7, 8 * i));
    const a = MATCH[(cfg >> 3) & 3];
    entries.push({
      index: i,
      cfg,
      r: (cfg & 1) !== 0,
      w: (cfg & 2) !== 0,
      x: (cfg & 4) !== 0,
      a,
      l: (cfg & 0x80) !== 0,
      range: pmpRange(a, pmpaddr[i], i === 0 ? 0n : pmpaddr[i - 1]),
    });
  }
  return entries;
}
