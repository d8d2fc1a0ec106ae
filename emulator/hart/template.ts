/**
 * Instruction semantics as code templates: each instruction's meaning is written once, as a few lines of
 * JavaScript source over named operands, and both engines are generated from it. The interpreter compiles
 * one function per row at start-up (interpreter.ts: registers read from h.x by the fields of the word); the
 * translator pastes the same text into its block functions (translate/block.ts: registers in local
 * variables, immediates and pc as constants). A template never writes a register itself: it sets `lo` and
 * `hi`, and the engine writes them to rd (so x0 stays zero and rd may equal a source).
 *
 * Conventions inside a template: every value is a pair of int32 (lo, hi), and every result is kept int32
 * (`| 0`), since the translator compares registers with === and an unsigned 0xffffffff is not the int32 -1.
 * Scratch variables `t`, `al`, `ah` (and `tl`, `th` for jump targets) are declared by the engine. `out` is
 * int64.ts's result pair, `I64` that module, `h` the hart.
 */

/** A 64-bit value as two int32 expressions. */
export interface Pair {
  readonly lo: string;
  readonly hi: string;
}

export interface Operands {
  /** x[rs1] and x[rs2]. */
  readonly a: Pair;
  readonly b: Pair;
  /** The row's immediate, sign-extended to 64 bits (for shifts: the shift amount, hi 0). */
  readonly imm: Pair;
  /** pc of the instruction, and the pc after it (pc + its length). */
  readonly pc: Pair;
  readonly npc: Pair;
  /**
   * Statements that bring the hart's pc and counters up to date for this instruction: a template runs them
   * before anything outside it (a device, a trap) may look at them. The translator keeps both in constants
   * until then; in the interpreter they are always up to date and this is empty.
   */
  readonly sync: string;
}

/** Which field of the word is the immediate (an accessor in isa/fields.ts). */
export type ImmField = 'immI' | 'immS' | 'immB' | 'immU' | 'immJ' | 'shamt6' | 'shamt5';

/**
 * How an instruction takes part in a block: what it reads and whether it may trap.
 * - value: sets lo, hi (the new x[rd]) from registers and the immediate; cannot trap.
 * - pcValue: the same, reading pc (auipc).
 * - load: sets lo, hi; may trap, or touch a device (the block then checks h.slowPath).
 * - store: no result; may trap, touch a device, or write translated code.
 * - branch: a condition; taken, pc = pc + imm.
 * - jump: sets tl, th (the target) and lo, hi (the link).
 */
export type TemplateKind = 'value' | 'pcValue' | 'load' | 'store' | 'branch' | 'jump';

export interface Template {
  readonly kind: TemplateKind;
  readonly imm?: ImmField;
  /** Statements (a condition expression for branches). */
  readonly code: (o: Operands) => string;
}

export const value = (imm: ImmField | undefined, code: (o: Operands) => string): Template => ({
  kind: 'value',
  imm,
  code,
});

// ---------- building blocks shared by templates ----------

/** lo, hi = A + B (64-bit, with the carry out of the low word). */
export const add64 = (A: Pair, B: Pair, lo = 'lo', hi = 'hi'): string =>
  `${lo} = (${A.lo} + ${B.lo}) | 0; ${hi} = (${A.hi} + ${B.hi} + ((${lo} >>> 0) < (${A.lo} >>> 0) ? 1 : 0)) | 0;`;

/** lo, hi = A - B. */
export const sub64 = (A: Pair, B: Pair): string =>
  `t = (${A.lo} >>> 0) < (${B.lo} >>> 0) ? 1 : 0; lo = (${A.lo} - ${B.lo}) | 0; hi = (${A.hi} - ${B.hi} - t) | 0;`;

/** A < B as signed 64-bit numbers (an expression). */
export const ltSigned = (A: Pair, B: Pair): string =>
  `(${A.hi} < ${B.hi} || (${A.hi} === ${B.hi} && (${A.lo} >>> 0) < (${B.lo} >>> 0)))`;

/** A < B as unsigned 64-bit numbers. */
export const ltUnsigned = (A: Pair, B: Pair): string =>
  `((${A.hi} >>> 0) < (${B.hi} >>> 0) || (${A.hi} === ${B.hi} && (${A.lo} >>> 0) < (${B.lo} >>> 0)))`;

export const equal = (A: Pair, B: Pair): string => `(${A.lo} === ${B.lo} && ${A.hi} === ${B.hi})`;

/** lo, hi = A shifted by (amount mod 64): left, logical right or arithmetic right. */
export function shift64(A: Pair, amount: string, kind: 'sll' | 'srl' | 'sra'): string {
  const lt32 =
    kind === 'sll'
      ? `hi = (${A.hi} << t) | (${A.lo} >>> (32 - t)); lo = ${A.lo} << t;`
      : `lo = (${A.lo} >>> t) | (${A.hi} << (32 - t)); hi = ${kind === 'srl' ? `(${A.hi} >>> t) | 0` : `${A.hi} >> t`};`;
  const ge32 =
    kind === 'sll'
      ? `hi = ${A.lo} << (t - 32); lo = 0;`
      : kind === 'srl'
        ? `lo = (${A.hi} >>> (t - 32)) | 0; hi = 0;`
        : `lo = ${A.hi} >> (t - 32); hi = ${A.hi} >> 31;`;
  // A shift by 0 is its own case: x >>> 32 is x >>> 0 in JavaScript, not 0.
  return `t = ${amount} & 63; if (t === 0) { lo = ${A.lo}; hi = ${A.hi}; } else if (t < 32) { ${lt32} } else { ${ge32} }`;
}

/** lo, hi = a 32-bit result sign-extended (the W instructions, lui). */
export const word = (expr: string): string => `lo = ${expr}; hi = lo >> 31;`;

/** lo, hi = a call into int64.ts that leaves its result in out (multiply, divide). */
export const viaOut = (f: string, A: Pair, B: Pair): string =>
  `I64.${f}(${A.lo}, ${A.hi}, ${B.lo}, ${B.hi}); lo = out[0]; hi = out[1];`;
