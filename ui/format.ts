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

export function statusText(s: MachineStatus): string {
  switch (s.kind) {
    case 'empty':
      return 'no program loaded';
    case 'ready':
      return 'ready';
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'budget':
      return 'paused (instruction budget used up)';
    case 'wfi':
      return 'stopped: the hart waits for an interrupt that nothing can raise (wfi)';
    case 'exit':
      return `exited with code ${s.code} (${s.via === 'finisher' ? 'SiFive test finisher' : 'HTIF tohost'})`;
    case 'error':
      return s.message;
  }
}
