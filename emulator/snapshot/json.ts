import { SnapshotError } from './container';

/**
 * The small parts of a snapshot (configuration, registers, device state, symbols) are JSON: easy to read in a
 * hex dump, easy to check field by field. Non-ASCII characters are written as \u escapes, so the bytes are
 * ASCII and need no TextEncoder (emulator/ compiles without the DOM library, which has it).
 */
export function jsonBytes(value: unknown): Uint8Array {
  const text = JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function parseJson(bytes: Uint8Array, section: string): unknown {
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SnapshotError('damaged', `damaged: section '${section}' is not valid JSON`);
  }
}

/**
 * Checks for values read from a snapshot: each returns the value with its type narrowed or throws a
 * SnapshotError naming the field (`what`), so nothing unchecked reaches the machine.
 */
function bad(what: string, expected: string): never {
  throw new SnapshotError('out-of-range', `damaged: ${what} is not ${expected}`);
}

export function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(what, 'an object');
  return v as Record<string, unknown>;
}

export function integer(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    bad(what, `an integer in ${min}..${max}`);
  }
  return v;
}

/** A 32-bit word as the machine keeps it (signed or unsigned). */
export const word = (v: unknown, what: string): number => integer(v, what, -(2 ** 31), 2 ** 32 - 1);
/** A counter or other count (steps, instret): a non-negative safe integer. */
export const count = (v: unknown, what: string): number => integer(v, what, 0, Number.MAX_SAFE_INTEGER);

export function boolean(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') bad(what, 'true or false');
  return v;
}

export function string(v: unknown, what: string): string {
  if (typeof v !== 'string') bad(what, 'a string');
  return v;
}

export function array(v: unknown, what: string, length?: number, maxLength = 2 ** 32): unknown[] {
  if (!Array.isArray(v)) bad(what, 'a list');
  if (length !== undefined && v.length !== length) bad(what, `a list of ${length}`);
  if (v.length > maxLength) bad(what, `a list of at most ${maxLength}`);
  return v;
}

/** A list of integers in min..max (of exactly `length` items when given). */
export function integers(
  v: unknown,
  what: string,
  min: number,
  max: number,
  length?: number,
  maxLength?: number,
): number[] {
  return array(v, what, length, maxLength).map((x, i) => integer(x, `${what}[${i}]`, min, max));
}
