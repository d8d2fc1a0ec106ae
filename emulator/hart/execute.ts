import { decode } from '../isa/decode';
import { EXPANSIONS } from '../isa/compressed';
import { INSTRUCTIONS } from '../isa/table';
import { COUNTER_CY, COUNTER_IR } from './csr';
import { ENABLED_EXTENSIONS, type Hart, TRAP } from './hart';
import { aSemantics } from './semantics-a';
import { baseSemantics, type Semantics } from './semantics-base';
import { mSemantics } from './semantics-m';
import { systemSemantics } from './semantics-system';
import { pendingInterrupt, type TrapRecord, takeTrap } from './trap';

/**
 * The interpreter: binds every row of the instruction table to its semantics once, then steps the hart one
 * instruction at a time. Rare things (CSRs, traps, MMIO) are handed to named functions elsewhere.
 */
const ALL_SEMANTICS: Record<string, Semantics> = {
  ...baseSemantics,
  ...mSemantics,
  ...aSemantics,
  ...systemSemantics,
};

/** Semantics by row id; compressed rows run their 32-bit expansion; disabled extensions have none. */
export const SEMANTICS_BY_ID: (Semantics | undefined)[] = INSTRUCTIONS.map((row) => {
  if (!ENABLED_EXTENSIONS.has(row.ext)) return undefined;
  const expand = EXPANSIONS[row.name];
  if (expand) {
    return (h: Hart, w: number) => {
      const full = expand(w);
      const target = decode(full);
      const run = target && SEMANTICS_BY_ID[target.id];
      if (!run) return h.illegal(w);
      run(h, full);
    };
  }
  return ALL_SEMANTICS[row.name.replace(/\.(aq|rl|aqrl)$/, '')];
});

/** Rows of enabled extensions that no semantics implement (a test keeps this list empty). */
export function rowsWithoutSemantics(): string[] {
  return INSTRUCTIONS.filter(
    (row) => ENABLED_EXTENSIONS.has(row.ext) && SEMANTICS_BY_ID[row.id] === undefined,
  ).map((row) => row.name);
}

export type StepOutcome = TrapRecord | null;

/**
 * One step: take a pending interrupt, or fetch, decode and execute one instruction (or take its trap).
 * Returns the trap taken, if any, for the machine's event log.
 */
export function step(h: Hart): StepOutcome {
  h.steps++;
  if (!(h.csr.mcountinhibit & COUNTER_CY)) h.cycle++;

  const pending = (h.csr.mipSoftware | h.mipHardware) & h.csr.mie;
  if (pending !== 0) {
    const irq = pendingInterrupt(h, pending);
    if (irq >= 0) return takeTrap(h, true, irq, 0, 0);
    // wfi ends when an interrupt is pending and enabled in mie, even if the global enable keeps it from
    // being taken: execution then continues after the wfi.
    h.waitingForInterrupt = false;
  }
  if (h.waitingForInterrupt) return null;

  try {
    let word = h.fetch16(h.pcLo, h.pcHi);
    let length: 2 | 4 = 2;
    if ((word & 3) === 3) {
      const lo = (h.pcLo >>> 0) + 2;
      const upper = h.fetch16(lo | 0, lo > 0xffffffff ? (h.pcHi + 1) | 0 : h.pcHi);
      word = (word | (upper << 16)) >>> 0;
      length = 4;
    }
    h.insnLength = length;
    const row = decode(word);
    // Rows of extensions this hart does not implement (F, D) have no semantics: illegal, as on real hardware.
    const run = row === undefined ? undefined : SEMANTICS_BY_ID[row.id];
    if (run === undefined) h.illegal(word);
    const next = (h.pcLo >>> 0) + length;
    h.npcLo = next | 0;
    h.npcHi = next > 0xffffffff ? (h.pcHi + 1) | 0 : h.pcHi;
    run(h, word);
    h.pcLo = h.npcLo;
    h.pcHi = h.npcHi;
    if (!(h.csr.mcountinhibit & COUNTER_IR)) h.instret++;
    return null;
  } catch (e) {
    if (e !== TRAP) throw e;
    return takeTrap(h, false, h.trapCause, h.trapTvalLo, h.trapTvalHi);
  }
}
