import * as I64 from '../../int64';
import { decode } from '../../isa/decode';
import * as fields from '../../isa/fields';
import { opcode, rd, rs1, rs2 } from '../../isa/fields';
import { halved } from '../address-halving';
import { COUNTER_CY, COUNTER_IR } from '../csr';
import { lookupWord, slotOperand, slotSemantics } from '../execute';
import { type Hart, TRAP } from '../hart';
import { TEMPLATES } from '../semantics';
import type { Semantics } from '../semantics-base';
import type { Operands, Pair } from '../template';

/**
 * A block of guest code compiled into one JavaScript function (the way QEMU's TCG turns guest code into host
 * code, here with the host being JavaScript). Each instruction's template (semantics-base.ts,
 * semantics-m.ts) is pasted in with its registers as local variables and its immediates and pc as constants,
 * so the meaning of every instruction is still written once (DESIGN.md, "One table, many uses") and the
 * interpreter runs the very same text. Atomics, which have no template, call the interpreter's function.
 *
 * A block lies inside one 4 KiB page. It follows a jal to an instruction of the page not yet in the block (a
 * trace through unconditional jumps); a conditional branch is a side exit when taken and the block goes on
 * when it is not; it ends at jalr, at a jump or branch back to an instruction already in it, before a
 * system instruction (CSRs, ecall, xRET, wfi, fences: those run in the interpreter, one step at a time),
 * before a breakpoint, before an instruction that crosses the page, and after MAX_LENGTH instructions.
 *
 * Exactness: before any instruction that can trap (loads, stores, atomics) or ends the block the block
 * sets pc and brings steps, cycle and instret to what step() would have counted, so a trap leaves exactly
 * the state the interpreter leaves. After every memory access the block checks h.slowPath (a device
 * access, or a store into translated code) and returns at once, the next instruction then being fetched
 * afresh.
 */
export const MAX_LENGTH = 64;

export interface Block {
  /** The virtual pc it was translated at (its pc constants are for that address). */
  readonly pcLo: number;
  readonly pcHi: number;
  /** pcLo stored halved (address-halving.ts), for the dispatch loop's check on every entry. */
  readonly pcLoStored: number;
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

/** Major opcodes never translated: SYSTEM and MISC-MEM (fence, fence.i); the interpreter runs those. */
const STOP_OPCODES = new Set([0x73, 0x0f]);
/** AMO: no template; a block calls the interpreter's function for it (registers written back first). */
const AMO = 0x2f;
const JAL = 0x6f;

/** The decoded slot for a word, or -1 when the word is illegal (the interpreter raises that trap). */
function slotFor(h: Hart, word: number): number {
  try {
    return lookupWord(h, word);
  } catch (e) {
    if (e !== TRAP) throw e;
    return -1;
  }
}

/** A 32-bit constant as source (parenthesised, so `a - -1` never reads as `a--1`). */
const num = (v: number): string => `(${v | 0})`;

/** Marks where every register the block writes is stored back to h.x (known only at the end). */
const FLUSH = '\u0000flush\u0000';

/**
 * Translate the block at virtual pc (pcLo, pcHi), whose first halfword is ramHalves[index]. Returns null
 * when its first instruction cannot be translated (the caller interprets it).
 *
 * Registers live in local variables (rNl, rNh) for the whole block: loaded on entry, stored back on every
 * way out (a finally clause, so a trap thrown by a load or store leaves h.x as the interpreter would: the
 * trapping instruction has not written its rd, and every earlier one has). Storing them before each slow
 * access instead, with no try, measured slower on the mix workload.
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
  const calls: Semantics[] = [];
  const lines: string[] = [];
  const used = new Set<number>();
  const written = new Set<number>();
  const reg = (r: number): Pair => {
    if (r === 0) return { lo: '0', hi: '0' };
    used.add(r);
    return { lo: `r${r}l`, hi: `r${r}h` };
  };
  const setRd = (r: number): string => {
    if (r === 0) return '';
    used.add(r);
    written.add(r);
    return ` r${r}l = lo; r${r}h = hi;`;
  };
  // Steps and cycle at `steps`, instret at `retired` instructions of this pass through the block (absolute
  // values from the counts on entry to the pass, so setting them twice is harmless).
  const counted = (steps: number, retired: number): string =>
    `h.steps = s0 + ${steps}; h.cycle = c0 + ${steps} * cy; h.instret = i0 + ${retired} * ir;`;
  let offset = 0; // in halves from the block's start
  let n = 0;
  let ended = false;
  let lastLength = 4;
  // Instructions already in the block: a jump back to one of them ends it (no unrolling).
  const visited = new Set<number>();
  while (n < MAX_LENGTH && !ended) {
    const inPage = pageOffset + offset;
    if (inPage >= 2048) break;
    const pcNow = (pcLo >>> 0) + 2 * offset;
    visited.add(pcNow);
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
    if (STOP_OPCODES.has(opcode(operand))) break;
    const template = TEMPLATES[decode(operand)?.name ?? ''];
    if (template === undefined && opcode(operand) !== AMO) break;
    const next = pcNow + length;
    const hiOf = (v: number): number => (v > 0xffffffff ? (pcHi + 1) | 0 : pcHi);
    // pc, and the length of the instruction there (the state a trap handler, or the host, may look at).
    // The hart's state as step() would leave it with this instruction under way: what a trap handler, a
    // device or the host may look at.
    const sync = `${counted(n + 1, n)} h.pcLo = ${pcNow | 0}; h.pcHi = ${hiOf(pcNow)}; h.insnLength = ${length};`;
    // Leave after this instruction (a device access, a store into translated code).
    const exitAfter =
      `${counted(n + 1, n + 1)} h.pcLo = ${next | 0}; h.pcHi = ${hiOf(next)}; h.insnLength = ${length}; ` +
      'return;';
    const d = rd(operand);
    let jumpTo: number | undefined;
    if (template === undefined) {
      // An AMO: the interpreter's function, on h.x.
      calls.push(slotSemantics(slot));
      reg(rs1(operand));
      reg(rs2(operand));
      const reload = d === 0 ? '' : ` r${d}l = x[${d}]; r${d}h = x[${d + 32}];`;
      setRd(d);
      lines.push(FLUSH, sync, `S${calls.length - 1}(h, ${operand | 0});${reload}`);
      lines.push(`if (h.slowPath) { ${exitAfter} }`);
    } else {
      const immValue = template.imm === undefined ? 0 : fields[template.imm](operand);
      const shamt = template.imm === 'shamt5' || template.imm === 'shamt6';
      const ops: Operands = {
        get a() {
          return reg(rs1(operand));
        },
        get b() {
          return reg(rs2(operand));
        },
        imm: { lo: num(immValue), hi: num(shamt ? 0 : immValue >> 31) },
        pc: { lo: num(pcNow), hi: num(hiOf(pcNow)) },
        npc: { lo: num(next), hi: num(hiOf(next)) },
        sync,
      };
      const code = template.code(ops);
      switch (template.kind) {
        case 'value':
        case 'pcValue':
          lines.push(code + setRd(d));
          break;
        case 'load':
        case 'store':
          lines.push(code + (template.kind === 'load' ? setRd(d) : ''));
          lines.push(`if (h.slowPath) { ${exitAfter} }`);
          break;
        case 'branch': {
          const target = pcNow + immValue;
          const toTarget = `h.pcLo = ${target | 0}; h.pcHi = ${hiOf(target)};`;
          const toNext = `h.pcLo = ${next | 0}; h.pcHi = ${hiOf(next)};`;
          const backToStart = target === pcLo >>> 0;
          if (!backToStart && n + 1 < MAX_LENGTH) {
            // A side exit: taken, the block ends there; not taken, it goes on.
            lines.push(
              `if (${code}) { ${counted(n + 1, n + 1)} ${toTarget} h.insnLength = ${length}; return; }`,
            );
          } else {
            lines.push(`if (${code}) { ${toTarget} } else { ${toNext} }`);
            ended = true;
          }
          break;
        }
        case 'jump': {
          // A jal to elsewhere in the page, not yet in the block: the block follows it (a trace), as the jump
          // cannot trap.
          const target = pcNow + immValue;
          const inPageTarget = pageOffset + (target - (pcLo >>> 0)) / 2;
          const follow =
            opcode(operand) === JAL && inPageTarget >= 0 && inPageTarget < 2048 && !visited.has(target);
          if (follow) {
            lines.push(code + setRd(d));
            jumpTo = target;
          } else {
            lines.push(`${code}${setRd(d)} h.pcLo = tl; h.pcHi = th;`);
            ended = true;
          }
          break;
        }
      }
    }
    offset = jumpTo === undefined ? offset + (length >>> 1) : (jumpTo - (pcLo >>> 0)) / 2;
    lastLength = length;
    n++;
  }
  if (n === 0) return null;
  const endPc = (pcLo >>> 0) + 2 * offset;
  if (!ended) {
    lines.push(`h.pcLo = ${endPc | 0}; h.pcHi = ${endPc > 0xffffffff ? (pcHi + 1) | 0 : pcHi};`);
  }
  lines.push(counted(n, n), `h.insnLength = ${lastLength};`);
  const store = [...written].map((r) => `x[${r}] = r${r}l; x[${r + 32}] = r${r}h;`).join(' ');
  const body = [
    's0 = h.steps; c0 = h.cycle; i0 = h.instret;',
    ...lines.map((l) => (l === FLUSH ? store : l)),
  ];
  // A loop back to the block's own start (not at a breakpoint: the caller checks those between blocks).
  const loops = ended && !(breakpoints !== null && breakpoints.has((pcHi >>> 0) * 2 ** 32 + (pcLo >>> 0)));
  const source = [
    'const x = h.x;',
    `const cy = (h.csr.mcountinhibit & ${COUNTER_CY}) === 0 ? 1 : 0;`,
    `const ir = (h.csr.mcountinhibit & ${COUNTER_IR}) === 0 ? 1 : 0;`,
    'let lo = 0, hi = 0, t = 0, al = 0, ah = 0, tl = 0, th = 0, s0 = 0, c0 = 0, i0 = 0;',
    ...[...used].sort((p, q) => p - q).map((r) => `let r${r}l = x[${r}], r${r}h = x[${r + 32}];`),
    'try {',
    ...(loops
      ? ['do {', ...body, `} while (h.pcLo === ${pcLo} && h.pcHi === ${pcHi} && h.steps + ${n} <= end);`]
      : body),
    `} finally { ${store} }`,
  ].join('\n');
  if (!canCompile) return null;
  let make: (I64: unknown, out: Int32Array, ...fns: Semantics[]) => (h: Hart, end: number) => void;
  try {
    const params = ['I64', 'out', ...calls.map((_, i) => `S${i}`)];
    make = new Function(...params, `return function block(h, end) {\n${source}\n};`) as typeof make;
  } catch (e) {
    // A Content-Security-Policy without 'unsafe-eval' forbids generated code: interpret instead, for good.
    if (!(e instanceof EvalError)) throw e;
    canCompile = false;
    return null;
  }
  return { pcLo, pcHi, pcLoStored: halved(pcLo), length: n, run: make(I64, I64.out, ...calls), source };
}

/** False once the host has refused `new Function` (see translateBlock): the translator then interprets. */
export let canCompile = true;
