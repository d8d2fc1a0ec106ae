import type { Hart } from './hart';
import {
  add64,
  equal,
  ltSigned,
  ltUnsigned,
  type Operands,
  type Pair,
  shift64,
  sub64,
  type Template,
  value,
  word,
} from './template';

/**
 * RV64I, one template per instruction (template.ts explains the notation), reading like the ISA manual's
 * description of it. a = x[rs1], b = x[rs2], imm = the format's immediate; results go to x[rd] as (lo, hi).
 */
export type Semantics = (h: Hart, w: number) => void;

/** The effective address of loads and stores: x[rs1] + sext(imm), into (al, ah). */
const address = (o: Operands): string => add64(o.a, o.imm, 'al', 'ah');

/**
 * Loads and stores take RAM's fast path inline when h.directOffset allows it (M-mode data accesses, aligned,
 * in RAM, no locked PMP: the checks it skips could not fail) and a store does not hit translated code;
 * everything else goes through h.load / h.store (translation, PMP, devices, misalignment, faults).
 */
const RAM_READ = {
  1: 'al = h.ramBytes[t]; ah = 0;',
  2: 'al = h.ramHalves[t >>> 1]; ah = 0;',
  4: 'al = h.ramWords[t >>> 2]; ah = 0;',
  8: 'al = h.ramWords[t >>> 2]; ah = h.ramWords[(t >>> 2) + 1];',
};

const ramWrite = (width: 1 | 2 | 4 | 8, v: Pair): string =>
  width === 1
    ? `h.ramBytes[t] = ${v.lo};`
    : width === 2
      ? `h.ramHalves[t >>> 1] = ${v.lo};`
      : width === 4
        ? `h.ramWords[t >>> 2] = ${v.lo};`
        : `h.ramWords[t >>> 2] = ${v.lo}; h.ramWords[(t >>> 2) + 1] = ${v.hi};`;

/** A load of `width` bytes, zero-extended into (al, ah); `extend` makes x[rd] of them. */
const load = (width: 1 | 2 | 4 | 8, extend: string): Template => ({
  kind: 'load',
  imm: 'immI',
  code: (o) =>
    `${address(o)} t = h.directOffset(al, ah, ${width}); ` +
    `if (t >= 0) { ${RAM_READ[width]} } ` +
    `else { ${o.sync} h.load(al, ah, ${width}); al = out[0]; ah = out[1]; } ${extend}`,
});

const store = (width: 1 | 2 | 4 | 8): Template => ({
  kind: 'store',
  imm: 'immS',
  code: (o) =>
    `${address(o)} t = h.directOffset(al, ah, ${width}); ` +
    `if (t >= 0 && h.codePages[t >>> 12] === 0) { ${ramWrite(width, o.b)} } ` +
    `else { ${o.sync} h.store(al, ah, ${width}, ${o.b.lo}, ${o.b.hi}); }`,
});

const branch = (condition: (a: Pair, b: Pair) => string): Template => ({
  kind: 'branch',
  imm: 'immB',
  code: (o) => condition(o.a, o.b),
});

const signExtend = (bits: number): string => `lo = (al << ${32 - bits}) >> ${32 - bits}; hi = lo >> 31;`;

export const baseTemplates: Record<string, Template> = {
  // x[rd] = sext(imm[31:12] << 12)
  lui: value('immU', (o) => `lo = ${o.imm.lo}; hi = ${o.imm.hi};`),
  // x[rd] = pc + sext(imm[31:12] << 12)
  auipc: { kind: 'pcValue', imm: 'immU', code: (o) => add64(o.pc, o.imm) },
  // x[rd] = pc + length; pc += sext(offset)
  jal: {
    kind: 'jump',
    imm: 'immJ',
    code: (o) => `${add64(o.pc, o.imm, 'tl', 'th')} lo = ${o.npc.lo}; hi = ${o.npc.hi};`,
  },
  // t = pc + length; pc = (x[rs1] + sext(offset)) & ~1; x[rd] = t
  jalr: {
    kind: 'jump',
    imm: 'immI',
    code: (o) => `${add64(o.a, o.imm, 'tl', 'th')} tl &= ~1; lo = ${o.npc.lo}; hi = ${o.npc.hi};`,
  },

  beq: branch((a, b) => equal(a, b)),
  bne: branch((a, b) => `!${equal(a, b)}`),
  blt: branch((a, b) => ltSigned(a, b)),
  bge: branch((a, b) => `!${ltSigned(a, b)}`),
  bltu: branch((a, b) => ltUnsigned(a, b)),
  bgeu: branch((a, b) => `!${ltUnsigned(a, b)}`),

  // Loads read `width` bytes zero-extended; the sign extension is the instruction's.
  lb: load(1, signExtend(8)),
  lh: load(2, signExtend(16)),
  lw: load(4, 'lo = al; hi = al >> 31;'),
  ld: load(8, 'lo = al; hi = ah;'),
  lbu: load(1, 'lo = al; hi = 0;'),
  lhu: load(2, 'lo = al; hi = 0;'),
  lwu: load(4, 'lo = al; hi = 0;'),
  sb: store(1),
  sh: store(2),
  sw: store(4),
  sd: store(8),

  addi: value('immI', (o) => add64(o.a, o.imm)),
  slti: value('immI', (o) => `lo = ${ltSigned(o.a, o.imm)} ? 1 : 0; hi = 0;`),
  // The immediate is sign-extended, then compared as unsigned.
  sltiu: value('immI', (o) => `lo = ${ltUnsigned(o.a, o.imm)} ? 1 : 0; hi = 0;`),
  xori: value('immI', (o) => `lo = ${o.a.lo} ^ ${o.imm.lo}; hi = ${o.a.hi} ^ ${o.imm.hi};`),
  ori: value('immI', (o) => `lo = ${o.a.lo} | ${o.imm.lo}; hi = ${o.a.hi} | ${o.imm.hi};`),
  andi: value('immI', (o) => `lo = ${o.a.lo} & ${o.imm.lo}; hi = ${o.a.hi} & ${o.imm.hi};`),
  slli: value('shamt6', (o) => shift64(o.a, o.imm.lo, 'sll')),
  srli: value('shamt6', (o) => shift64(o.a, o.imm.lo, 'srl')),
  srai: value('shamt6', (o) => shift64(o.a, o.imm.lo, 'sra')),

  add: value(undefined, (o) => add64(o.a, o.b)),
  sub: value(undefined, (o) => sub64(o.a, o.b)),
  // Register shifts use the low 6 bits of rs2.
  sll: value(undefined, (o) => shift64(o.a, o.b.lo, 'sll')),
  srl: value(undefined, (o) => shift64(o.a, o.b.lo, 'srl')),
  sra: value(undefined, (o) => shift64(o.a, o.b.lo, 'sra')),
  slt: value(undefined, (o) => `lo = ${ltSigned(o.a, o.b)} ? 1 : 0; hi = 0;`),
  sltu: value(undefined, (o) => `lo = ${ltUnsigned(o.a, o.b)} ? 1 : 0; hi = 0;`),
  xor: value(undefined, (o) => `lo = ${o.a.lo} ^ ${o.b.lo}; hi = ${o.a.hi} ^ ${o.b.hi};`),
  or: value(undefined, (o) => `lo = ${o.a.lo} | ${o.b.lo}; hi = ${o.a.hi} | ${o.b.hi};`),
  and: value(undefined, (o) => `lo = ${o.a.lo} & ${o.b.lo}; hi = ${o.a.hi} & ${o.b.hi};`),

  // RV64I word operations: compute on the low 32 bits, sign-extend the 32-bit result.
  addiw: value('immI', (o) => word(`(${o.a.lo} + ${o.imm.lo}) | 0`)),
  slliw: value('shamt5', (o) => word(`${o.a.lo} << ${o.imm.lo}`)),
  srliw: value('shamt5', (o) => word(`(${o.a.lo} >>> ${o.imm.lo}) | 0`)),
  sraiw: value('shamt5', (o) => word(`${o.a.lo} >> ${o.imm.lo}`)),
  addw: value(undefined, (o) => word(`(${o.a.lo} + ${o.b.lo}) | 0`)),
  subw: value(undefined, (o) => word(`(${o.a.lo} - ${o.b.lo}) | 0`)),
  sllw: value(undefined, (o) => word(`${o.a.lo} << (${o.b.lo} & 31)`)),
  srlw: value(undefined, (o) => word(`(${o.a.lo} >>> (${o.b.lo} & 31)) | 0`)),
  sraw: value(undefined, (o) => word(`${o.a.lo} >> (${o.b.lo} & 31)`)),
};

/** Instructions with nothing to compute: plain functions. */
export const baseSemantics: Record<string, Semantics> = {
  // A single hart with no caches to keep coherent: fences order nothing that could be observed.
  fence: () => {},
  'fence.tso': () => {},
  pause: () => {},
};
