/** How the page writes machine values: hex with fixed widths, ABI register names, mode and status text. */
import type { MachineStatus, PrivilegeLevel } from '../src/worker/emulator-api';

/** The standard calling convention's names for x0..x31 (RISC-V psABI, "Integer Register Convention"). */
export const ABI_NAMES: readonly string[] =
  'zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6'.split(
    ' ',
  );

/** A 64-bit value as 16 hex digits with a separator every 4, as in 0x0000_0000_8000_0000. */
export function hex64(v: bigint): string {
  const digits = BigInt.asUintN(64, v).toString(16).padStart(16, '0');
  return '0x' + digits.replace(/(.{4})(?!$)/g, '$1_');
}

const PRIV_TEXT: Record<PrivilegeLevel, string> = { 0: 'U (user)', 1: 'S (supervisor)', 3: 'M (machine)' };

export function privilegeText(p: PrivilegeLevel): string {
  return PRIV_TEXT[p];
}

const EXIT_VIA = {
  finisher: 'SiFive test finisher',
  htif: 'HTIF tohost',
  sbi: 'SBI call served by the host',
};

export function statusText(s: MachineStatus): string {
  switch (s.kind) {
    case 'empty':
      return 'no program loaded';
    case 'ready':
      return 'ready';
    case 'running':
      return 'running';
    case 'paused':
      return s.cause === 'breakpoint' ? 'stopped at a breakpoint' : 'paused';
    case 'budget':
      return 'paused (instruction budget used up)';
    case 'wfi':
      return 'stopped: the hart waits for an interrupt that nothing can raise (wfi)';
    case 'exit':
      return `exited with code ${s.code} (${EXIT_VIA[s.via]})`;
    case 'error':
      return s.message;
  }
}

/** A value as `digits` hex digits with a `_` every 4, without 0x (address columns: 0000_0000_8000_0000). */
export function hexGrouped(v: bigint, digits: number): string {
  const text = BigInt.asUintN(digits * 4, v)
    .toString(16)
    .padStart(digits, '0');
  return text.replace(/(.{4})(?!$)/g, '$1_').replace(/^_/, '');
}

/** A 64-bit register value as an unsigned decimal number. */
export function unsignedDec(v: bigint): string {
  return BigInt.asUintN(64, v).toString(10);
}

/** A 64-bit register value as a two's complement signed decimal number. */
export function signedDec(v: bigint): string {
  return BigInt.asIntN(64, v).toString(10);
}

export type ParsedValue = { ok: true; value: bigint } | { ok: false; error: string };

/**
 * What a user types into a register or memory editor: hex (0x...), binary (0b...), decimal, or a negative
 * number (taken as two's complement), `_` allowed between digits. The result is the `bits`-wide unsigned
 * value; anything that does not fit says so rather than being truncated.
 */
export function parseValue(input: string, bits = 64): ParsedValue {
  const text = input.trim().replace(/_/g, '');
  const m = /^(-?)(0x[0-9a-f]+|0b[01]+|[0-9]+)$/i.exec(text);
  if (!m) {
    return {
      ok: false,
      error: `"${input.trim()}" is not a number: write hex as 0x1f, decimal as 31 or -1, binary as 0b11111`,
    };
  }
  const magnitude = BigInt(m[2].toLowerCase());
  const value = m[1] === '-' ? -magnitude : magnitude;
  const min = -(1n << BigInt(bits - 1));
  const max = (1n << BigInt(bits)) - 1n;
  if (value < min || value > max) {
    return { ok: false, error: `${input.trim()} does not fit in ${bits} bits (${min} .. ${max})` };
  }
  return { ok: true, value: BigInt.asUintN(bits, value) };
}
