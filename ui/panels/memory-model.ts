/**
 * The arithmetic behind MemoryView, kept apart from React so it is easy to read and test: rows of 16
 * bytes, a window of rows over an address space of up to 2^64 bytes (bigint addresses throughout, since a
 * JavaScript number cannot hold every 64-bit address), and "go to" parsing.
 */
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
