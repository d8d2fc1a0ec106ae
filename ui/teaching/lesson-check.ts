/**
 * Checking a lesson's "do this until ..." condition against the machine's state (pure, tested). The page
 * builds a LessonMachineState from its state view (priv, pc, registers, last trap, console text) and the
 * program's symbols.
 */
import { ABI_NAMES } from '../../emulator/isa/registers';
import type { Condition, ModeLetter } from './lesson-schema';

export interface LessonMachineState {
  priv: 0 | 1 | 3;
  pc: bigint;
  /** x0..x31. */
  x: ArrayLike<bigint>;
  lastTrap: { cause: number; interrupt: boolean } | null;
  /** Everything the guest printed since the program was loaded. */
  console: string;
  /** The loaded program's symbols (label name to address). */
  symbols: Readonly<Record<string, bigint>>;
  instructionsRetired: bigint;
}

const PRIV: Record<ModeLetter, number> = { U: 0, S: 1, M: 3 };

/** Register number for an ABI name (a0, sp, fp) or xN, or -1. */
export function registerIndex(name: string): number {
  const n = name.trim().toLowerCase();
  if (n === 'fp') return 8;
  const m = /^x([0-9]|[12][0-9]|3[01])$/.exec(n);
  return m ? Number(m[1]) : ABI_NAMES.indexOf(n);
}

/** Parse a lesson's register value ("42", "-1", "0x2a") as the 64-bit pattern the register holds. */
export function parseRegValue(v: string): bigint {
  return BigInt.asUintN(64, BigInt(v));
}

/** Which of the condition's parts hold now (all must for the checkpoint to pass), each with a short text. */
export function checkCondition(
  c: Condition,
  s: LessonMachineState,
): { ok: boolean; parts: { text: string; ok: boolean }[] } {
  const parts: { text: string; ok: boolean }[] = [];
  if (c.priv !== undefined)
    parts.push({ text: `the hart is in ${c.priv}-mode`, ok: s.priv === PRIV[c.priv] });
  if (c.pcAt !== undefined) {
    const at = s.symbols[c.pcAt];
    parts.push({ text: `pc is at ${c.pcAt}`, ok: at !== undefined && at === s.pc });
  }
  if (c.reg !== undefined) {
    const i = registerIndex(c.reg.name);
    parts.push({
      text: `${c.reg.name} = ${c.reg.value}`,
      ok: i >= 0 && BigInt.asUintN(64, s.x[i] ?? 0n) === parseRegValue(c.reg.value),
    });
  }
  if (c.lastTrap !== undefined) {
    const want = c.lastTrap;
    parts.push({
      text: `the last trap had cause ${want.cause}${want.interrupt ? ' (interrupt)' : ''}`,
      ok:
        s.lastTrap !== null &&
        s.lastTrap.cause === want.cause &&
        s.lastTrap.interrupt === (want.interrupt ?? false),
    });
  }
  if (c.console !== undefined)
    parts.push({ text: `the console shows “${c.console.trim()}”`, ok: s.console.includes(c.console) });
  return { ok: parts.every((p) => p.ok), parts };
}
