/**
 * Looking into a machine without changing it: the CSRs the page shows, physical memory by range, and
 * disassembly with symbols and source lines. Used by the session between slices, never while the hart runs.
 */
import { RAM_BASE } from '../../emulator/board/memory-map';
import { Priv } from '../../emulator/hart/privilege';
import { disassemble, formatAddress } from '../../emulator/isa/disasm';
import type { ProgramImage } from '../../emulator/image';
import type { Machine } from '../../emulator/machine';
import { CSR_VIEW, type DisasmLine, type MemoryRange } from './emulator-api';
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
 * effects (the UART's receive register pops a byte).
 * SIMPLIFICATION: addresses are physical; with Sv39 paging on, the page shows physical memory, not the
 * guest's virtual view.
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

export function disassembleRange(m: Machine, index: ProgramIndex, from: bigint, count: number): DisasmLine[] {
  const lines: DisasmLine[] = [];
  const pairs = new AddressPairs();
  let address = from;
  for (let i = 0; i < Math.min(Math.max(0, count), 4096); i++) {
    const mem = readMemory(m, address, 4);
    const at = Number(address & 0xffff_ffffn);
    if (!mem.readable[0] || !mem.readable[1]) {
      lines.push({ address, word: null, length: 2, text: '(not memory)', label: null, source: null });
      address += 2n;
      continue;
    }
    const low = mem.bytes[0] | (mem.bytes[1] << 8);
    const length = (low & 3) === 3 ? 4 : 2;
    const word = length === 4 ? (low | (mem.bytes[2] << 16) | (mem.bytes[3] << 24)) >>> 0 : low;
    let text = disassemble(word, address, { symbol: index.symbolize });
    const paired = pairs.next(word, address);
    if (paired !== undefined && !text.includes(' # '))
      text += ` # ${formatAddress(paired, { symbol: index.symbolize })}`;
    lines.push({
      address,
      word,
      length,
      text,
      label: index.label(at),
      source: index.source(at),
    });
    address += BigInt(length);
  }
  return lines;
}
