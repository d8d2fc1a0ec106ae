/**
 * Looking into a machine without changing it: the CSRs the page shows, memory by range (physical, or
 * virtual through a page walk that changes nothing), and disassembly with symbols and source lines. Used by
 * the session between slices, never while the hart runs.
 */
import { RAM_BASE } from '../../emulator/board/memory-map';
import {
  type DebugAccess,
  hartWalkInputs,
  pteFlags,
  translateForDebug,
  vpnsOf,
} from '../../emulator/hart/page-walk';
import { Priv } from '../../emulator/hart/privilege';
import { disassemble, formatAddress } from '../../emulator/isa/disasm';
import type { ProgramImage } from '../../emulator/image';
import type { Machine } from '../../emulator/machine';
import {
  type AddressSpace,
  CSR_VIEW,
  type DisasmLine,
  type MemoryRange,
  type PrivilegeLevel,
  type TranslationView,
} from './emulator-api';
import { AddressPairs } from './objdump-pairs';

/** The CSRs of CSR_VIEW as M-mode reads them, whatever mode the hart is in now. */
export function readCsrView(m: Machine): BigUint64Array {
  const hart = m.hart;
  const out = new BigUint64Array(CSR_VIEW.length);
  const priv = hart.priv;
  // A debugger sees every CSR: read with M-mode's rights, then put the mode back (reads change nothing else).
  hart.priv = Priv.M;
  try {
    CSR_VIEW.forEach(([, num], i) => {
      out[i] = hart.getCsr(num) ?? 0n;
    });
  } finally {
    hart.priv = priv;
  }
  return out;
}

/** Offset into RAM of `address`, or -1 when it is not RAM. */
function ramOffset(m: Machine, address: bigint): number {
  const off = address - BigInt(RAM_BASE);
  return off >= 0n && off < BigInt(m.ramSize) ? Number(off) : -1;
}

/**
 * Physical memory, RAM only: device registers are never read from here, because reading some of them has
 * effects (the UART's receive register pops a byte). readVirtualMemory is the guest's virtual view.
 */
export function readMemory(m: Machine, address: bigint, length: number): MemoryRange {
  const n = Math.max(0, Math.min(Math.floor(length), 1 << 20));
  const bytes = new Uint8Array(n);
  const readable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const off = ramOffset(m, address + BigInt(i));
    if (off < 0) continue;
    bytes[i] = m.ram.bytes[off];
    readable[i] = 1;
  }
  return { address, bytes, readable };
}

/** Writes RAM bytes; false (nothing written) when any byte falls outside RAM. */
export function writeMemory(m: Machine, address: bigint, data: Uint8Array): boolean {
  const first = ramOffset(m, address);
  const last = ramOffset(m, address + BigInt(Math.max(0, data.length - 1)));
  if (first < 0 || last < 0 || last < first) return false;
  m.ram.bytes.set(data, first);
  // Translated blocks may hold the old bytes.
  m.invalidateCode();
  return true;
}

/** A PTE from RAM (little-endian dword), or null when the address is not RAM: the walk never reads devices. */
function ptReader(m: Machine): (pa: bigint) => bigint | null {
  const view = new DataView(m.ram.bytes.buffer, m.ram.bytes.byteOffset, m.ram.bytes.byteLength);
  return (pa) => {
    const off = ramOffset(m, pa);
    return off < 0 || off + 8 > m.ramSize ? null : view.getBigUint64(off, true);
  };
}

/** How the hart would translate `va` for `access` now: a walk that sets no A/D bit and raises nothing. */
export function explainTranslation(m: Machine, va: bigint, access: DebugAccess): TranslationView {
  const inputs = hartWalkInputs(m.hart, access, ptReader(m));
  const t = translateForDebug(inputs, va, access);
  return {
    va: t.va,
    mode: t.mode,
    access,
    priv: t.priv as PrivilegeLevel,
    satp: inputs.satp,
    vpn: vpnsOf(t.va),
    pa: t.pa,
    pageSize: t.pageSize,
    levels: t.levels.map((l) => ({ ...l, flags: l.pte === null ? '' : pteFlags(l.pte) })),
    fault: t.fault,
  };
}

/**
 * The physical address of each byte of [va, va + n) for a debugger's `access` (one walk per page), or -1
 * where the page is not mapped or the byte is not RAM.
 */
function virtualOffsets(m: Machine, va: bigint, n: number, access: DebugAccess): Int32Array {
  const offsets = new Int32Array(n).fill(-1);
  const inputs = hartWalkInputs(m.hart, access, ptReader(m));
  let i = 0;
  while (i < n) {
    const at = BigInt.asUintN(64, va + BigInt(i));
    const inPage = Math.min(n - i, 4096 - Number(at & 0xfffn));
    const { pa } = translateForDebug(inputs, at, access);
    if (pa !== null) for (let k = 0; k < inPage; k++) offsets[i + k] = ramOffset(m, pa + BigInt(k));
    i += inPage;
  }
  return offsets;
}

/**
 * Memory as the hart's loads see it now (satp and the mode loads use): bytes of unmapped pages, and of
 * anything that is not RAM, are not readable. Reading changes nothing (no A bit, no TLB fill, no trap).
 */
export function readVirtualMemory(m: Machine, va: bigint, length: number): MemoryRange {
  const n = Math.max(0, Math.min(Math.floor(length), 1 << 20));
  const bytes = new Uint8Array(n);
  const readable = new Uint8Array(n);
  const offsets = virtualOffsets(m, va, n, 'read');
  for (let i = 0; i < n; i++) {
    if (offsets[i] < 0) continue;
    bytes[i] = m.ram.bytes[offsets[i]];
    readable[i] = 1;
  }
  return { address: va, bytes, readable };
}

/**
 * Writes bytes through the translation (the mapping a load would use: what the view shows is what can be
 * edited). Returns the first virtual address that is not mapped RAM, with the walk's reason, and writes
 * nothing in that case; null when written.
 */
export function writeVirtualMemory(m: Machine, va: bigint, data: Uint8Array): string | null {
  const offsets = virtualOffsets(m, va, data.length, 'read');
  const bad = offsets.indexOf(-1);
  if (bad >= 0) {
    const at = BigInt.asUintN(64, va + BigInt(bad));
    const t = explainTranslation(m, at, 'read');
    const why = t.fault ? t.fault.reason : `its physical address 0x${t.pa?.toString(16)} is not RAM`;
    return `virtual 0x${at.toString(16)} is not mapped RAM: ${why}`;
  }
  for (let i = 0; i < data.length; i++) m.ram.bytes[offsets[i]] = data[i];
  m.invalidateCode();
  return null;
}

/** Symbols and source lines of the loaded image, indexed for the disassembler. */
export class ProgramIndex {
  private readonly byAddress = new Map<number, string>();
  private readonly sorted: { name: string; address: number }[];

  constructor(
    private readonly image: ProgramImage | null,
    private readonly sources: ReadonlyMap<string, readonly string[]>,
  ) {
    const syms = (image?.symbols ?? []).filter((s) => s.kind !== 'object' || s.size > 0);
    for (const s of syms) if (!this.byAddress.has(s.address)) this.byAddress.set(s.address, s.name);
    this.sorted = [...this.byAddress].map(([address, name]) => ({ name, address }));
    this.sorted.sort((a, b) => a.address - b.address);
  }

  /**
   * objdump's `<name+0xoff>` for an address inside the program (nearest symbol at or below it).
   * SIMPLIFICATION: absolute symbols (`.equ` constants) are not in program images, so unlike objdump this
   * never names an address after one (`# 10000005`, where objdump prints `# 10000005 <UART+0x5>`).
   */
  symbolize = (addr: bigint): string | undefined => {
    if (addr < 0n || addr > 0xffff_ffffn) return undefined;
    const a = Number(addr);
    let lo = 0;
    let hi = this.sorted.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].address <= a) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    const s = this.sorted[best];
    return a === s.address ? s.name : `${s.name}+0x${(a - s.address).toString(16)}`;
  };

  label(address: number): string | null {
    return this.byAddress.get(address) ?? null;
  }

  source(address: number): DisasmLine['source'] {
    const loc = this.image?.sourceMap.get(address);
    if (!loc) return null;
    return { file: loc.file, line: loc.line, text: this.sources.get(loc.file)?.[loc.line - 1] ?? '' };
  }
}

/**
 * Where disassembly reads instruction bytes from: 'physical' is RAM by physical address; 'virtual' is memory
 * as the hart would fetch it now (satp Sv39 and the hart in S or U mode: fetches ignore MPRV), through the
 * debug walk with execute access (no A/D bit, no TLB fill, no trap). With satp Bare or the hart in M mode the
 * fetch is physical, so both spaces read the same bytes.
 * Returns one byte, or why it cannot be read (the line's text).
 */
function instructionBytes(
  m: Machine,
  space: AddressSpace,
  fetchMode?: number,
): (va: bigint) => number | string {
  const physical = (a: bigint): number | string => {
    const off = ramOffset(m, a);
    return off < 0 ? '(not memory)' : m.ram.bytes[off];
  };
  if (space === 'physical') return physical;
  const inputs = hartWalkInputs(m.hart, 'execute', ptReader(m));
  if (fetchMode !== undefined) inputs.priv = fetchMode;
  if (translateForDebug(inputs, 0n, 'execute').mode !== 'sv39') return physical;
  // One walk per page: a 4-byte instruction that straddles a page boundary reads each half through its own.
  const pages = new Map<bigint, { pa: bigint | null; why: string }>();
  return (va) => {
    const page = va >> 12n;
    let t = pages.get(page);
    if (t === undefined) {
      const w = translateForDebug(inputs, page << 12n, 'execute');
      t = { pa: w.pa, why: w.fault?.reason ?? '' };
      pages.set(page, t);
    }
    if (t.pa === null) return `(not executable: ${t.why})`;
    const pa = t.pa + (va & 0xfffn);
    const off = ramOffset(m, pa);
    return off < 0 ? `(not memory: physical 0x${pa.toString(16)})` : m.ram.bytes[off];
  };
}

/**
 * `count` instructions from `from` onward, objdump-style, read from `space` (default: what the hart fetches
 * through now, or as a fetch from `fetchMode` would). A 2-byte line with word null stands for bytes that cannot
 * be read; its text says why.
 */
export function disassembleRange(
  m: Machine,
  index: ProgramIndex,
  from: bigint,
  count: number,
  space: AddressSpace = 'virtual',
  fetchMode?: number,
): DisasmLine[] {
  const lines: DisasmLine[] = [];
  const pairs = new AddressPairs();
  const fetch = instructionBytes(m, space, fetchMode);
  const unreadable = (address: bigint, text: string): DisasmLine => ({
    address,
    word: null,
    length: 2,
    text,
    label: null,
    source: null,
  });
  let address = BigInt.asUintN(64, from);
  for (let i = 0; i < Math.min(Math.max(0, count), 4096); i++) {
    const b0 = fetch(address);
    const b1 = fetch(BigInt.asUintN(64, address + 1n));
    // Symbols and source lines are the image's (32-bit) addresses: none for an address above 4 GiB.
    const at = address <= 0xffff_ffffn ? Number(address) : -1;
    if (typeof b0 === 'string' || typeof b1 === 'string') {
      lines.push(unreadable(address, typeof b0 === 'string' ? b0 : (b1 as string)));
      address = BigInt.asUintN(64, address + 2n);
      continue;
    }
    const low = b0 | (b1 << 8);
    const length = (low & 3) === 3 ? 4 : 2;
    let word = low;
    if (length === 4) {
      const b2 = fetch(BigInt.asUintN(64, address + 2n));
      const b3 = fetch(BigInt.asUintN(64, address + 3n));
      if (typeof b2 === 'string' || typeof b3 === 'string') {
        const why = typeof b2 === 'string' ? b2 : (b3 as string);
        lines.push(unreadable(address, `(a 4-byte instruction whose upper half cannot be read: ${why})`));
        address = BigInt.asUintN(64, address + 2n);
        continue;
      }
      word = (low | (b2 << 16) | (b3 << 24)) >>> 0;
    }
    let text = disassemble(word, address, { symbol: index.symbolize });
    const paired = pairs.next(word, address);
    if (paired !== undefined && !text.includes(' # '))
      text += ` # ${formatAddress(paired, { symbol: index.symbolize })}`;
    lines.push({
      address,
      word,
      length,
      text,
      label: at < 0 ? null : index.label(at),
      source: at < 0 ? null : index.source(at),
    });
    address = BigInt.asUintN(64, address + BigInt(length));
  }
  return lines;
}
