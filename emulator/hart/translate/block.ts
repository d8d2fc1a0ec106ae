import { immB, opcode } from '../../isa/fields';
import { COUNTER_CY, COUNTER_IR } from '../csr';
import { lookupWord, slotOperand, slotSemantics } from '../execute';
import { type Hart, TRAP } from '../hart';
import type { Semantics } from '../semantics-base';

/**
 * A basic block compiled into one JavaScript function (the way QEMU's TCG turns guest code into host code,
 * here with the host being JavaScript). The block calls the interpreter's own semantic function for each
 * instruction, bound as a constant, so the meaning of every instruction is still written once
 * (DESIGN.md, "One table, many uses"); what the translation removes is the work around it: fetch, decode,
 * dispatch, the pc bookkeeping of instructions that cannot observe the pc, and the per-instruction counters.
 *
 * A block lies inside one 4 KiB page, ends at a jump (included; a conditional branch is a side exit when
 * taken, and the block goes on when it is not), and stops before a system
 * instruction (CSRs, ecall, xRET, wfi, fences: those run in the interpreter, one step at a time), before a
 * breakpoint, before an instruction that crosses the page, and after MAX_LENGTH instructions.
 *
 * Exactness: before any instruction that can trap or read pc (loads, stores, atomics, auipc, jumps,
 * branches) the block sets pc and brings steps, cycle and instret to what step() would have counted, so a
 * trap leaves exactly the state the interpreter leaves. After every memory access the block checks
 * h.slowPath (a device access, or a store into translated code) and returns at once, the next instruction
 * then being fetched afresh.
 */
export const MAX_LENGTH = 64;

export interface Block {
  /** The virtual pc it was translated at (its pc constants are for that address). */
  readonly pcLo: number;
  readonly pcHi: number;
  /** Instructions in the block: the steps it takes when it runs to its end. */
  readonly length: number;
  /**
   * Run the block; a block that ends by jumping back to its own start runs again while the hart's step
   * count allows a whole pass without passing `end` (a hot loop stays inside one JavaScript function).
   */
  readonly run: (h: Hart, end: number) => void;
  /** The generated source, for the UI's "what the translator made of this" view and for tests. */
  readonly source: string;
}

/** How an instruction (its 32-bit form) takes part in a block, by major opcode (ISA manual, opcode map). */
const enum Kind {
  /** Reads and writes registers only: needs no pc and cannot trap. */
  Pure,
  /** Reads pc (auipc). */
  ReadsPc,
  /** May trap, or touch a device: loads, stores, atomics. */
  Memory,
  /** Ends the block: branches, jal, jalr. */
  Control,
  /** Never translated: SYSTEM and MISC-MEM (fence, fence.i). */
  Stop,
}

function kindOf(word: number): Kind {
  switch (opcode(word)) {
    case 0x13: // OP-IMM
    case 0x1b: // OP-IMM-32
    case 0x33: // OP
    case 0x3b: // OP-32
    case 0x37: // LUI
      return Kind.Pure;
    case 0x17: // AUIPC
      return Kind.ReadsPc;
    case 0x03: // LOAD
    case 0x23: // STORE
    case 0x2f: // AMO
      return Kind.Memory;
    case 0x63: // BRANCH
    case 0x67: // JALR
    case 0x6f: // JAL
      return Kind.Control;
    default:
      return Kind.Stop;
  }
}

/** The decoded slot for a word, or -1 when the word is illegal (the interpreter raises that trap). */
function slotFor(h: Hart, word: number): number {
  try {
    return lookupWord(h, word);
  } catch (e) {
    if (e !== TRAP) throw e;
    return -1;
  }
}

/**
 * Translate the block at virtual pc (pcLo, pcHi), whose first halfword is ramHalves[index]. Returns null
 * when its first instruction cannot be translated (the caller interprets it).
 */
export function translateBlock(
  h: Hart,
  pcLo: number,
  pcHi: number,
  index: number,
  breakpoints: ReadonlySet<number> | null,
): Block | null {
  const halves = h.ramHalves;
  const pageOffset = (pcLo & 0xfff) >>> 1;
  const semantics: Semantics[] = [];
  const lines: string[] = [];
  const counters = { steps: 0, retired: 0 };
  // Bring steps and cycle to `steps` and instret to `retired` instructions of this block.
  const sync = (steps: number, retired: number): void => {
    if (steps > counters.steps) {
      const d = steps - counters.steps;
      lines.push(`h.steps += ${d}; h.cycle += ${d} * cy;`);
    }
    if (retired > counters.retired) lines.push(`h.instret += ${retired - counters.retired} * ir;`);
    counters.steps = steps;
    counters.retired = retired;
  };
  let offset = 0; // in halves from the block's start
  let n = 0;
  let ended = false;
  let lastLength = 4;
  while (n < MAX_LENGTH && !ended) {
    const inPage = pageOffset + offset;
    if (inPage >= 2048) break;
    const pcNow = (pcLo >>> 0) + 2 * offset;
    if (n > 0 && breakpoints !== null && breakpoints.has((pcHi >>> 0) * 2 ** 32 + (pcNow >>> 0))) break;
    let word = halves[index + offset];
    let length = 2;
    if ((word & 3) === 3) {
      if (inPage === 2047) break; // the upper half lies on the next page
      word = (word | (halves[index + offset + 1] << 16)) >>> 0;
      length = 4;
    }
    const slot = slotFor(h, word);
    if (slot < 0) break;
    const operand = slotOperand(slot);
    const kind = kindOf(operand);
    if (kind === Kind.Stop) break;
    const next = pcNow + length;
    const S = `S${n}`;
    semantics.push(slotSemantics(slot));
    // pc, and the length of the instruction there (the state a trap handler, or the host, may look at).
    const setPc = `h.pcLo = ${pcNow | 0}; h.pcHi = ${pcNow > 0xffffffff ? (pcHi + 1) | 0 : pcHi}; h.insnLength = ${length};`;
    const nextLo = next | 0;
    const nextHi = next > 0xffffffff ? (pcHi + 1) | 0 : pcHi;
    if (kind === Kind.Pure) {
      lines.push(`${S}(h, ${operand | 0});`);
    } else if (kind === Kind.ReadsPc) {
      lines.push(setPc, `${S}(h, ${operand | 0});`);
    } else if (kind === Kind.Memory) {
      sync(n + 1, n);
      lines.push(setPc, `${S}(h, ${operand | 0});`);
      lines.push(
        `if (h.slowPath) { h.pcLo = ${nextLo}; h.pcHi = ${nextHi}; h.insnLength = ${length}; h.instret += ir; return; }`,
      );
    } else {
      sync(n + 1, n);
      lines.push(setPc, `h.npcLo = ${nextLo}; h.npcHi = ${nextHi};`, `${S}(h, ${operand | 0});`);
      const backToStart = opcode(operand) === 0x63 && pcNow + immB(operand) === pcLo >>> 0;
      if (opcode(operand) === 0x63 && !backToStart && n + 1 < MAX_LENGTH) {
        // A conditional branch is a side exit: taken, the block ends there; not taken, it goes on.
        lines.push(
          `if (h.npcLo !== ${nextLo} || h.npcHi !== ${nextHi}) { h.pcLo = h.npcLo; h.pcHi = h.npcHi; ` +
            `h.insnLength = ${length}; h.instret += ir; return; }`,
        );
      } else {
        lines.push(`h.pcLo = h.npcLo; h.pcHi = h.npcHi;`);
        ended = true;
      }
    }
    offset += length >>> 1;
    lastLength = length;
    n++;
  }
  if (n === 0) return null;
  const endPc = (pcLo >>> 0) + 2 * offset;
  if (!ended) {
    lines.push(`h.pcLo = ${endPc | 0}; h.pcHi = ${endPc > 0xffffffff ? (pcHi + 1) | 0 : pcHi};`);
  }
  sync(n, n);
  lines.push(`h.insnLength = ${lastLength};`);
  const params = semantics.map((_, i) => `S${i}`);
  // A loop back to the block's own start (not at a breakpoint: the caller checks those between blocks).
  const loops = ended && !(breakpoints !== null && breakpoints.has((pcHi >>> 0) * 2 ** 32 + (pcLo >>> 0)));
  const body = loops
    ? `do {\n${lines.join('\n')}\n} while (h.pcLo === ${pcLo} && h.pcHi === ${pcHi} && h.steps + ${n} <= end);`
    : lines.join('\n');
  const source =
    `const cy = (h.csr.mcountinhibit & ${COUNTER_CY}) === 0 ? 1 : 0;\n` +
    `const ir = (h.csr.mcountinhibit & ${COUNTER_IR}) === 0 ? 1 : 0;\n` +
    body;
  if (!canCompile) return null;
  let make: (...fns: Semantics[]) => (h: Hart, end: number) => void;
  try {
    make = new Function(...params, `return function block(h, end) {\n${source}\n};`) as typeof make;
  } catch (e) {
    // A Content-Security-Policy without 'unsafe-eval' forbids generated code: interpret instead, for good.
    if (!(e instanceof EvalError)) throw e;
    canCompile = false;
    return null;
  }
  return { pcLo, pcHi, length: n, run: make(...semantics), source };
}

/** False once the host has refused `new Function` (see translateBlock): the translator then interprets. */
export let canCompile = true;
