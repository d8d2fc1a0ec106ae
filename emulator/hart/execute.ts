import { decode } from '../isa/decode';
import { EXPANSIONS } from '../isa/compressed';
import { INSTRUCTIONS } from '../isa/table';
import { COUNTER_CY, COUNTER_IR } from './csr';
import { opAt } from './decoded-cache';
import { ENABLED_EXTENSIONS, type Hart, TRAP } from './hart';
import { ALL_SEMANTICS } from './semantics';
import type { Semantics } from './semantics-base';
import { pendingInterrupt, type TrapRecord, takeTrap } from './trap';

/**
 * The interpreter: binds every row of the instruction table to its semantics once, then steps the hart one
 * instruction at a time. Rare things (CSRs, traps, MMIO) are handed to named functions elsewhere.
 */
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
 * A decoded-instruction cache keyed by the instruction's bits (not its address), so it never goes stale:
 * self-modifying code, fence.i or a new page mapping change nothing about what a given word means. Each
 * slot remembers a word, the semantics to run and the word to run them on (a compressed instruction's
 * 32-bit expansion), which spares the decoder and the expansion on every instruction seen before.
 */
const CACHE_BITS = 12;
const CACHE_SLOTS = 1 << CACHE_BITS;
// Every slot starts out holding the word 0, whose correct meaning is "illegal instruction, tval 0".
const cachedWord = new Int32Array(CACHE_SLOTS);
const cachedOperand = new Int32Array(CACHE_SLOTS);
const cachedRun: Semantics[] = new Array<Semantics>(CACHE_SLOTS).fill((h) => h.illegal(0));

/**
 * The slot for a word: Fibonacci hashing (multiply by 2^32/φ, keep the top bits), which mixes every bit of
 * the word into the slot. Folding the word onto itself with a shift let a 16-bit instruction share a slot
 * with a 32-bit one whose low bits match (c.addi t3,t3,1 and ld t3,0(t1)), and a loop holding both
 * re-decoded them on every pass.
 */
const cacheSlot = (word: number): number => Math.imul(word, 0x9e3779b1) >>> (32 - CACHE_BITS);

/** Decode `word` into the cache slot, or raise an illegal-instruction trap. */
function decodeIntoCache(h: Hart, word: number, slot: number): void {
  const row = decode(word);
  // Rows of extensions this hart does not implement (F, D) have no semantics: illegal, as on real hardware.
  let run = row === undefined ? undefined : SEMANTICS_BY_ID[row.id];
  let operand = word;
  if (row !== undefined && run !== undefined && row.length === 2) {
    operand = EXPANSIONS[row.name](word);
    const target = decode(operand);
    run = target === undefined ? undefined : SEMANTICS_BY_ID[target.id];
  }
  if (run === undefined) h.illegal(word);
  cachedWord[slot] = word;
  cachedOperand[slot] = operand;
  cachedRun[slot] = run;
}

/**
 * The cache slot holding `word`'s semantics and operand, decoding it on a miss (which raises an
 * illegal-instruction trap for words with no semantics). The translator looks words up here too.
 */
export function lookupWord(h: Hart, word: number): number {
  const slot = cacheSlot(word);
  if (cachedWord[slot] !== (word | 0)) decodeIntoCache(h, word, slot);
  return slot;
}

export const slotSemantics = (slot: number): Semantics => cachedRun[slot];
export const slotOperand = (slot: number): number => cachedOperand[slot];

/**
 * Fetch, decode and execute the instruction at pc, then move pc on. Raises TRAP (with pc still at the
 * instruction) when it traps. The counters of the step (steps, cycle, instret) are the caller's.
 */
export function executeOne(h: Hart): void {
  // SPEED: the decoded-instruction cache (decoded-cache.ts) fetches, decodes, runs and moves pc on.
  opAt(h)(h);
}

/** executeOne, then count the instruction retired (in the mode it ran in: an xRET changes h.priv). */
function retireOne(h: Hart): void {
  const mode = h.priv;
  executeOne(h);
  h.retiredByMode[mode]++;
  if (!(h.csr.mcountinhibit & COUNTER_IR)) h.instret++;
}

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
    retireOne(h);
    return null;
  } catch (e) {
    if (e !== TRAP) throw e;
    return takeTrap(h, false, h.trapCause, h.trapTvalLo, h.trapTvalHi);
  }
}

/** The pc as one number (exact below 2^53), the key breakpoints are held by. */
export const pcKey = (h: Hart): number => (h.pcHi >>> 0) * 2 ** 32 + (h.pcLo >>> 0);

/**
 * Up to `limit` steps without the interrupt check, for when the caller knows none can be due: the last
 * exact step left nothing pending and enabled, and the run stops after any instruction that sets
 * h.slowPath (everything that could change that), after a trap, and before a breakpoint. The caller bounds
 * `limit` by the budget and the timer's deadline. Counts exactly as step() does; returns the trap, if any.
 */
export function interpretSteps(h: Hart, limit: number, breakpoints: ReadonlySet<number> | null): StepOutcome {
  h.slowPath = false;
  const countCycles = !(h.csr.mcountinhibit & COUNTER_CY);
  // mcountinhibit can change only in an instruction that sets slowPath, which ends the run.
  const countRetired = !(h.csr.mcountinhibit & COUNTER_IR);
  // HART: every step of the run retires, in one mode (an xRET sets slowPath and ends it), except a trapping
  // one; retiredByMode gets the run's count when it ends.
  const mode = h.priv;
  const start = h.steps;
  try {
    for (let i = 0; i < limit; i++) {
      if (breakpoints !== null && breakpoints.has(pcKey(h))) break;
      h.steps++;
      if (countCycles) h.cycle++;
      executeOne(h);
      if (h.slowPath) {
        if (!(h.csr.mcountinhibit & COUNTER_IR)) h.instret++;
        break;
      }
      if (countRetired) h.instret++;
    }
  } catch (e) {
    if (e !== TRAP) throw e;
    h.retiredByMode[mode] += h.steps - start - 1;
    return takeTrap(h, false, h.trapCause, h.trapTvalLo, h.trapTvalHi);
  }
  h.retiredByMode[mode] += h.steps - start;
  return null;
}
