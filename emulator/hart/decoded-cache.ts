import * as I64 from '../int64';
import { EXPANSIONS } from '../isa/compressed';
import { decode } from '../isa/decode';
import * as fields from '../isa/fields';
import { SEMANTICS_BY_ID } from './execute';
import type { Hart } from './hart';
import { CODE_DECODED, type DecodedOp, MAX_DECODED_PAGES } from './hart-memory';
import { TEMPLATES } from './semantics';
import type { Operands, Template } from './template';

/**
 * The interpreter's decoded-instruction cache. Every instruction word becomes one closure, a DecodedOp, that
 * runs it and moves pc on: the row's template (semantics.ts) compiled once into a factory, and the factory
 * called with the word's registers, immediate and length, so fetching, decoding and extracting fields all
 * happen once per word instead of once per step. The closures are kept twice:
 *
 * - per word, in a direct-mapped table (OP_SLOTS), since a closure depends only on the word;
 * - per physical RAM page and halfword (HartMemory.decodedPages), so the fetch of a step on the page pc is on
 *   becomes one array read (opAt). A store into such a page (Hart.codePages has CODE_DECODED) clears the
 *   entries it overlaps (HartMemory.codeWritten), so self-modifying code runs its new instructions at once,
 *   with or without fence.i; the host's writes to RAM drop every page (Machine.invalidateCode, reset).
 *
 * The page in use is found as the fetch path finds it (Hart.fetchInstruction): by virtual page and mode,
 * forgotten with the TLB (onAddressingChanged), so paging, satp, sfence.vma, PMP and mode changes are seen
 * as before. An instruction that crosses a page is never kept per page.
 */

/** Registers and immediate as a decoded op reads them: indices and values captured by its factory. */
const DECODED: Operands = {
  a: { lo: 'x[r1]', hi: 'x[r1h]' },
  b: { lo: 'x[r2]', hi: 'x[r2h]' },
  imm: { lo: 'imm', hi: 'immHi' },
  pc: { lo: 'pl', hi: 'ph' },
  npc: { lo: 'nl', hi: 'nh' },
  sync: '',
};

type Factory = (r1: number, r2: number, d: number, imm: number, immHi: number, len: number) => DecodedOp;

/** The body of a template's op: pc and npc in locals, the template, then rd and pc written. */
function opSource(t: Template): string {
  const code = t.code(DECODED);
  const writeRd = 'if (d !== 0) { x[d] = lo; x[dh] = hi; }';
  const toNext = 'h.pcLo = nl; h.pcHi = nh;';
  let tail: string;
  if (t.kind === 'branch') {
    // pc + imm, as HartState.jumpRelative computes it.
    tail =
      `if (${code}) { tl = (pl >>> 0) + imm; h.pcLo = tl | 0; ` +
      `h.pcHi = (ph + (tl > 0xffffffff ? 1 : tl < 0 ? -1 : 0)) | 0; } else { ${toNext} }`;
  } else if (t.kind === 'store') tail = `${code}\n${toNext}`;
  else if (t.kind === 'jump') tail = `${code}\n${writeRd} h.pcLo = tl; h.pcHi = th;`;
  else tail = `${code}\n${writeRd} ${toNext}`;
  return [
    'const x = h.x;',
    'const pl = h.pcLo, ph = h.pcHi;',
    'const nl = (pl + len) | 0, nh = pl < 0 && nl >= 0 ? (ph + 1) | 0 : ph;',
    'let lo = 0, hi = 0, t = 0, al = 0, ah = 0, tl = 0, th = 0;',
    tail,
  ].join('\n');
}

function compileFactory(name: string, t: Template): Factory {
  const fn = `op_${name.replace(/\W/g, '_')}`;
  const source =
    'return function make(r1, r2, d, imm, immHi, len) {\n' +
    'const r1h = r1 + 32, r2h = r2 + 32, dh = d + 32;\n' +
    `return function ${fn}(h) {\n${opSource(t)}\n};\n};`;
  return new Function('I64', 'out', source)(I64, I64.out) as Factory;
}

const FACTORIES: Readonly<Record<string, Factory>> = Object.fromEntries(
  Object.entries(TEMPLATES).map(([name, t]) => [name, compileFactory(name, t)]),
);

/**
 * The op of a row without a template (atomics, CSRs, system instructions, fences): its function of
 * (hart, word) with pc moved on through npc, which those functions may change (xRET, traps).
 */
function wrapped(run: (h: Hart, w: number) => void, operand: number, len: number): DecodedOp {
  return (h) => {
    const pl = h.pcLo;
    const nl = (pl + len) | 0;
    h.npcLo = nl;
    h.npcHi = pl < 0 && nl >= 0 ? (h.pcHi + 1) | 0 : h.pcHi;
    run(h, operand);
    h.pcLo = h.npcLo;
    h.pcHi = h.npcHi;
  };
}

/** The op for a word, made afresh (a compressed word runs its 32-bit expansion). */
function makeOp(word: number): DecodedOp {
  const row = decode(word);
  // Rows of extensions this hart does not implement (F, D) have no semantics: illegal, as on real hardware.
  let run = row === undefined ? undefined : SEMANTICS_BY_ID[row.id];
  let operand = word;
  let target = row;
  const len = row !== undefined && row.length === 2 ? 2 : 4;
  if (row !== undefined && run !== undefined && row.length === 2) {
    operand = EXPANSIONS[row.name](word);
    target = decode(operand);
    run = target === undefined ? undefined : SEMANTICS_BY_ID[target.id];
  }
  if (run === undefined || target === undefined) return (h) => h.illegal(word);
  const template = TEMPLATES[target.name];
  const make = FACTORIES[target.name];
  if (template === undefined || make === undefined) return wrapped(run, operand, len);
  const imm = template.imm === undefined ? 0 : fields[template.imm](operand);
  const shamt = template.imm === 'shamt5' || template.imm === 'shamt6';
  return make(fields.rs1(operand), fields.rs2(operand), fields.rd(operand), imm, shamt ? 0 : imm >> 31, len);
}

const OP_BITS = 12;
const OP_SLOTS = 1 << OP_BITS;
const opWords = new Int32Array(OP_SLOTS);
const opRuns: DecodedOp[] = new Array<DecodedOp>(OP_SLOTS).fill(makeOp(0));

/** The op for a word, from the per-word table (Fibonacci hashing, as execute.ts's word cache). */
export function opForWord(word: number): DecodedOp {
  const slot = Math.imul(word, 0x9e3779b1) >>> (32 - OP_BITS);
  if (opWords[slot] !== (word | 0)) {
    opWords[slot] = word;
    opRuns[slot] = makeOp(word);
  }
  return opRuns[slot];
}

/**
 * The op for the instruction at pc: one array read when pc is on the page of the last fetch and the
 * instruction there has been decoded since the page was last written; otherwise the full fetch (which
 * translates, checks and raises the fetch fault), and the op is remembered for next time.
 */
export function opAt(h: Hart): DecodedOp {
  const pcLo = h.pcLo;
  if ((pcLo & ~0xfff) === h.opsPageLo && h.pcHi === h.opsPageHi && h.priv === h.opsPagePriv) {
    const op = h.opsPage[(pcLo & 0xfff) >>> 1];
    if (op !== undefined) return op;
  }
  return fetchOp(h);
}

function fetchOp(h: Hart): DecodedOp {
  const word = h.fetchInstruction();
  const op = opForWord(word);
  const pcLo = h.pcLo;
  const inPage = pcLo & 0xfff;
  const base = h.fetchPageBase(pcLo, h.pcHi);
  // Not kept: pages the fetch path cannot take in one piece (PMP), and instructions crossing a page.
  if (base < 0 || (inPage === 0xffe && h.insnLength === 4)) return op;
  const page = base >>> 11;
  let ops = h.decodedPages[page];
  if (ops === undefined) {
    if (h.decodedPageCount >= MAX_DECODED_PAGES) h.dropDecoded();
    ops = h.decodedPages[page] = new Array<DecodedOp | undefined>(2048) as DecodedOp[];
    h.decodedPageCount++;
    h.codePages[page] |= CODE_DECODED;
  }
  ops[inPage >>> 1] = op;
  h.opsPageLo = pcLo & ~0xfff;
  h.opsPageHi = h.pcHi;
  h.opsPagePriv = h.priv;
  h.opsPageIndex = page;
  h.opsPage = ops;
  return op;
}
