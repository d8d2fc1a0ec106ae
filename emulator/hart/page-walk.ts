/**
 * A side-effect-free Sv39 page walk for debuggers (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory
 * System" and "Virtual Address Translation Process"). It answers "where does this virtual address go, and
 * why" without touching the guest: it never sets the A or D bits, never fills the TLB, never raises a trap
 * and never counts as a guest access. The hart's own walk (mmu.ts) does those things; this one follows the
 * same rules and reports every step, for the page's memory view.
 *
 * Checks, in the spec's order: the address is canonical (bits 63:39 equal bit 38); at each level the PTE is
 * read (a PTE outside RAM is an access fault), must be valid (V) and not the reserved W-without-R encoding,
 * and may not use the reserved bits 63:54; a pointer (R=X=0) at level 0 is a fault; at a leaf the U bit
 * against the mode (S needs SUM for U pages and never executes them), then R/W/X against the access (MXR
 * lets loads read execute-only pages), then a superpage's low PPN fields must be zero (misaligned
 * superpage). Like the hart, a physical address at or above 4 GiB is an access fault on this board.
 * satp MODE Bare, or an effective mode of M, is the identity.
 * SIMPLIFICATION: PMP is not applied (neither to the PTE reads nor to the final address): the walk shows
 * the page tables' answer; a PMP-denied access faults in the guest but is shown here as mapped.
 */
import { Priv } from './privilege';

export type DebugAccess = 'read' | 'write' | 'execute';

export const PTE_V = 1n << 0n;
export const PTE_R = 1n << 1n;
export const PTE_W = 1n << 2n;
export const PTE_X = 1n << 3n;
export const PTE_U = 1n << 4n;
export const PTE_G = 1n << 5n;
export const PTE_A = 1n << 6n;
export const PTE_D = 1n << 7n;

const SATP_MODE_SV39 = 8n;
const PAGE = 4096n;
const TWO_32 = 1n << 32n;

/** What the walk needs to know of the hart, and how to read a PTE (null: that physical address is not RAM). */
export interface WalkInputs {
  /** satp as a 64-bit value. */
  satp: bigint;
  /** The effective privilege mode of the access (for loads and stores, MPRV's MPP when it applies). */
  priv: number;
  /** mstatus.SUM: S mode may read and write U pages. */
  sum: boolean;
  /** mstatus.MXR: loads may read execute-only pages. */
  mxr: boolean;
  readPte: (pa: bigint) => bigint | null;
}

export interface WalkLevel {
  /** 2 (root), 1 or 0. */
  level: number;
  /** VPN[level] of the address: the index into this level's table. */
  vpn: number;
  pteAddress: bigint;
  /** null when the PTE's address is not RAM. */
  pte: bigint | null;
  /** 'pointer' to the next table, 'leaf', or 'invalid' (the walk stopped here). */
  kind: 'pointer' | 'leaf' | 'invalid';
}

export interface DebugTranslation {
  va: bigint;
  /** 'bare': satp MODE is Bare; 'm-mode': the effective mode is M (no translation); 'sv39': walked. */
  mode: 'bare' | 'm-mode' | 'sv39';
  access: DebugAccess;
  priv: number;
  /** The physical address (null on a fault). */
  pa: bigint | null;
  /** Size of the page the address lies in (4 KiB, 2 MiB or 1 GiB), when a leaf was reached. */
  pageSize: number | null;
  /** The leaf PTE's flags, when a leaf was reached. */
  levels: WalkLevel[];
  fault: { kind: 'page-fault' | 'access-fault'; reason: string } | null;
}

/** The PTE's flag bits in the spec's order (D A G U X W R V), a letter when set and '-' when clear. */
export function pteFlags(pte: bigint): string {
  const names = 'DAGUXWRV';
  let s = '';
  for (let bit = 7; bit >= 0; bit--) s += (pte >> BigInt(bit)) & 1n ? names[7 - bit] : '-';
  return s;
}

/** The physical page number in a PTE (bits 53:10). */
export function ptePpn(pte: bigint): bigint {
  return (pte >> 10n) & ((1n << 44n) - 1n);
}

/** VPN[2], VPN[1] and VPN[0] of a virtual address. */
export function vpnsOf(va: bigint): [number, number, number] {
  return [Number((va >> 30n) & 0x1ffn), Number((va >> 21n) & 0x1ffn), Number((va >> 12n) & 0x1ffn)];
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const modeName = (p: number): string => (p === Priv.M ? 'M' : p === Priv.S ? 'S' : 'U');

/** Translate `va` for `access` as the hart would, without changing anything. Never throws. */
export function translateForDebug(inputs: WalkInputs, vaIn: bigint, access: DebugAccess): DebugTranslation {
  const va = BigInt.asUintN(64, vaIn);
  const result: DebugTranslation = {
    va,
    mode: 'sv39',
    access,
    priv: inputs.priv,
    pa: null,
    pageSize: null,
    levels: [],
    fault: null,
  };
  const fail = (kind: 'page-fault' | 'access-fault', reason: string): DebugTranslation => {
    result.fault = { kind, reason };
    return result;
  };
  const physical = (mode: 'bare' | 'm-mode'): DebugTranslation => {
    result.mode = mode;
    if (va >= TWO_32) return fail('access-fault', `${hex(va)} is above 4 GiB: no memory or device there`);
    result.pa = va;
    return result;
  };
  if (BigInt.asUintN(64, inputs.satp) >> 60n !== SATP_MODE_SV39) return physical('bare');
  if (inputs.priv === Priv.M) return physical('m-mode');

  // Bits 63:39 must all equal bit 38.
  const top = va >> 38n;
  if (top !== 0n && top !== (1n << 26n) - 1n)
    return fail('page-fault', `${hex(va)} is not canonical: bits 63..39 must all equal bit 38`);

  const vpn = vpnsOf(va);
  let table = (inputs.satp & ((1n << 44n) - 1n)) * PAGE;
  for (let level = 2; level >= 0; level--) {
    const index = vpn[2 - level];
    const pteAddress = table + BigInt(index) * 8n;
    const pte = inputs.readPte(pteAddress);
    const step: WalkLevel = { level, vpn: index, pteAddress, pte, kind: 'invalid' };
    result.levels.push(step);
    if (pte === null)
      return fail('access-fault', `the level-${level} PTE at ${hex(pteAddress)} is not in RAM`);
    if (!(pte & PTE_V)) return fail('page-fault', `the level-${level} PTE is not valid (V=0)`);
    if (pte & PTE_W && !(pte & PTE_R))
      return fail(
        'page-fault',
        `the level-${level} PTE is writable but not readable (W without R is reserved)`,
      );
    if (pte >> 54n !== 0n) return fail('page-fault', `the level-${level} PTE sets reserved bits 63..54`);
    const ppn = ptePpn(pte);
    if (!(pte & (PTE_R | PTE_X))) {
      if (level === 0) return fail('page-fault', 'the level-0 PTE points to another table (R=X=0): no leaf');
      step.kind = 'pointer';
      table = ppn * PAGE;
      continue;
    }
    step.kind = 'leaf';
    result.pageSize = Number(PAGE << BigInt(9 * level));
    const who = modeName(inputs.priv);
    if (inputs.priv === Priv.U && !(pte & PTE_U))
      return fail('page-fault', 'U mode may not use a page without U');
    if (inputs.priv === Priv.S && pte & PTE_U) {
      if (access === 'execute') return fail('page-fault', 'S mode never executes a U page');
      if (!inputs.sum) return fail('page-fault', 'S mode may not read or write a U page while mstatus.SUM=0');
    }
    const allowed =
      access === 'execute'
        ? pte & PTE_X
        : access === 'read'
          ? pte & PTE_R || (inputs.mxr && pte & PTE_X)
          : pte & PTE_W;
    if (!allowed) {
      const need = access === 'execute' ? 'X' : access === 'read' ? 'R' : 'W';
      return fail(
        'page-fault',
        `the page is not ${access === 'write' ? 'writable' : access === 'read' ? 'readable' : 'executable'} (${need}=0) for ${who} mode`,
      );
    }
    const lowMask = (1n << BigInt(9 * level)) - 1n;
    if (ppn & lowMask)
      return fail(
        'page-fault',
        `misaligned superpage: a level-${level} leaf's PPN must have its low ${9 * level} bits zero`,
      );
    const offsetMask = (PAGE << BigInt(9 * level)) - 1n;
    const pa = (ppn * PAGE) | (va & offsetMask);
    if (pa >= TWO_32) return fail('access-fault', `the physical address ${hex(pa)} is above 4 GiB`);
    result.pa = pa;
    return result;
  }
  return fail('page-fault', 'no leaf');
}

/** The parts of a hart the walk reads (Hart has them; a test may pass a plain object). */
export interface HartLike {
  priv: number;
  csr: { mstatus: number; satpLo: number; satpHi: number };
  dataPrivilege(): number;
}

/**
 * Walk inputs for the hart as it is now: its satp, and the mode its accesses of this kind use (fetches the
 * current mode; loads and stores the effective one, MPP when M mode has MPRV set).
 */
export function hartWalkInputs(
  h: HartLike,
  access: DebugAccess,
  readPte: (pa: bigint) => bigint | null,
): WalkInputs {
  const mstatus = h.csr.mstatus;
  return {
    satp: (BigInt(h.csr.satpHi >>> 0) << 32n) | BigInt(h.csr.satpLo >>> 0),
    priv: access === 'execute' ? h.priv : h.dataPrivilege(),
    sum: (mstatus & (1 << 18)) !== 0,
    mxr: (mstatus & (1 << 19)) !== 0,
    readPte,
  };
}
