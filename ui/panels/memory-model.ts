/**
 * The arithmetic behind MemoryView, kept apart from React so it is easy to read and test: rows of 16
 * bytes, a window of rows over an address space of up to 2^64 bytes (bigint addresses throughout, since a
 * JavaScript number cannot hold every 64-bit address), and "go to" parsing.
 */
import { csrMap } from '../../src/worker/emulator-api';
import { parseValue } from '../format';

export const ROW_BYTES = 16n;

export interface MemorySymbol {
  name: string;
  address: bigint;
}

/** The address of the row that holds `address`. */
export function rowStart(address: bigint): bigint {
  return address - (address % ROW_BYTES);
}

/** The top row address that keeps a window of `rows` rows inside [start, end). */
export function clampTop(top: bigint, start: bigint, end: bigint, rows: number): bigint {
  const last = rowStart(end - 1n) - ROW_BYTES * BigInt(rows - 1);
  const max = last < start ? start : last;
  const t = rowStart(top);
  return t < start ? start : t > max ? max : t;
}

/** The top row address that brings `address` into a window currently at `top` (moving it as little as possible). */
export function scrollToShow(address: bigint, top: bigint, rows: number): bigint {
  const row = rowStart(address);
  if (row < top) return row;
  const bottom = top + ROW_BYTES * BigInt(rows - 1);
  return row > bottom ? row - ROW_BYTES * BigInt(rows - 1) : top;
}

/** How far through the space the window is, 0..1, for the scrollbar. */
export function windowFraction(top: bigint, start: bigint, end: bigint, rows: number): number {
  const span = clampTop(end, start, end, rows) - start;
  if (span <= 0n) return 0;
  const scale = 1n << 30n;
  return Number(((top - start) * scale) / span) / Number(scale);
}

/** The top row at fraction 0..1 of the space (the inverse of windowFraction). */
export function topAtFraction(fraction: number, start: bigint, end: bigint, rows: number): bigint {
  const span = clampTop(end, start, end, rows) - start;
  const scale = 1n << 30n;
  const f = BigInt(Math.round(Math.min(1, Math.max(0, fraction)) * Number(scale)));
  return clampTop(start + (span * f) / scale, start, end, rows);
}

export type GoTo = { ok: true; address: bigint } | { ok: false; error: string };

/** "go to" input: an address (0x8000_0000, 2147483648) or a symbol name (exact first, then ignoring case). */
export function parseGoTo(text: string, symbols: readonly MemorySymbol[], start: bigint, end: bigint): GoTo {
  const wanted = text.trim();
  if (wanted === '') return { ok: false, error: 'type an address (0x80000000) or a symbol name' };
  let address: bigint | undefined;
  const n = parseValue(wanted, 64);
  if (n.ok && /^[-0-9]/.test(wanted)) address = n.value;
  else {
    const exact = symbols.find((s) => s.name === wanted);
    const folded = exact ?? symbols.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!folded) return { ok: false, error: `no symbol named "${wanted}", and it is not an address` };
    address = folded.address;
  }
  if (address < start || address >= end) {
    return {
      ok: false,
      error: `0x${address.toString(16)} is outside this view (0x${start.toString(16)} .. 0x${(end - 1n).toString(16)})`,
    };
  }
  return { ok: true, address };
}

/** A byte as the ASCII column shows it: printable ASCII as itself, anything else as '.'. */
export function asciiOf(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** Which addresses the view shows: physical, or virtual as the hart sees them now (issue 5). */
export type AddressSpace = 'physical' | 'virtual';

/**
 * Whether the hart's loads are translated now: satp MODE is Sv39 (8) and the mode loads use is not M
 * (M mode translates only with mstatus.MPRV set and MPP below M). Then sp, pc and every pointer in a
 * register are virtual addresses, and following one needs the virtual view.
 */
export function pagingOn(satp: bigint, priv: number, mstatus: bigint): boolean {
  if (satp >> 60n !== 8n) return false;
  if (priv !== 3) return true;
  const mprv = (mstatus >> 17n) & 1n;
  const mpp = Number((mstatus >> 11n) & 3n);
  return mprv === 1n && mpp !== 3;
}

/** What the page shows of one translation (the worker's TranslationView, kept structural here). */
export interface TranslationLike {
  va: bigint;
  mode: 'bare' | 'm-mode' | 'sv39';
  priv: number;
  vpn: readonly number[];
  pa: bigint | null;
  pageSize: number | null;
  levels: readonly { level: number; pteAddress: bigint; pte: bigint | null; flags: string; kind: string }[];
  fault: { kind: string; reason: string } | null;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const MODE = ['U', 'S', '?', 'M'];
const SIZE: Record<number, string> = { 4096: '4 KiB', 2097152: '2 MiB', 1073741824: '1 GiB' };

/**
 * The walk in a few lines for a student: where the address goes (or why nowhere), its VPN fields, and each
 * PTE read with its flags (D A G U X W R V, '-' when clear).
 */
export function describeTranslation(t: TranslationLike): string[] {
  const who = `${MODE[t.priv] ?? '?'}-mode load`;
  if (t.mode === 'bare') return [`satp MODE is Bare: virtual = physical (${hex(t.va)})`];
  if (t.mode === 'm-mode') return [`${who}: M mode does not translate: virtual = physical (${hex(t.va)})`];
  const out: string[] = [];
  out.push(
    t.pa !== null
      ? `virtual ${hex(t.va)} → physical ${hex(t.pa)} (${SIZE[t.pageSize ?? 0] ?? '?'} page, ${who})`
      : `virtual ${hex(t.va)} is not mapped: ${t.fault?.reason ?? 'no translation'} (${who})`,
  );
  const offset = t.va & 0xfffn;
  out.push(
    `VPN[2]=${t.vpn[0]} VPN[1]=${t.vpn[1]} VPN[0]=${t.vpn[2]} offset=0x${offset.toString(16).padStart(3, '0')}`,
  );
  for (const l of t.levels) {
    const what =
      l.pte === null
        ? 'not in RAM'
        : `${hex(l.pte)} ${l.flags} ${l.kind === 'pointer' ? '→ next table' : l.kind === 'leaf' ? 'leaf' : 'stops here'}`;
    out.push(`level ${l.level}: PTE at ${hex(l.pteAddress)} = ${what}`);
  }
  if (t.levels.length > 0) out.push('flags: D(irty) A(ccessed) G(lobal) U(ser) X W R V(alid); - = clear');
  return out;
}

/** pagingOn for a state view: its CSR values (in CSR_VIEW order) and privilege mode. */
export function pagingOnInState(state: { csrs: BigUint64Array; priv: number } | null): boolean {
  if (state === null) return false;
  const csrs = csrMap(state.csrs);
  return pagingOn(csrs.get('satp') ?? 0n, state.priv, csrs.get('mstatus') ?? 0n);
}
