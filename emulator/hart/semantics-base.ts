import * as I64 from '../int64';
import { immB, immI, immJ, immS, immU, rd, rs1, rs2, shamt5, shamt6 } from '../isa/fields';
import type { Hart } from './hart';

/**
 * RV64I: one short function per instruction, reading like the ISA manual's description of it.
 * x[i] is the pair (h.x[i], h.x[i + 32]); results go through h.setX / h.setX32 so x0 stays zero.
 */
export type Semantics = (h: Hart, w: number) => void;

const out = I64.out;

/** x[rs1] + sign-extended imm: the effective address of loads and stores, and addi. Result in out. */
function rs1PlusImm(h: Hart, w: number, imm: number): void {
  const r = rs1(w);
  I64.add(h.x[r], h.x[r + 32], imm, imm >> 31);
}

function branch(h: Hart, w: number, taken: boolean): void {
  if (taken) h.jumpRelative(immB(w));
}

function load(h: Hart, w: number, width: 1 | 2 | 4 | 8, signed: boolean): void {
  rs1PlusImm(h, w, immI(w));
  h.load(out[0], out[1], width);
  const d = rd(w);
  if (width === 8) h.setX(d, out[0], out[1]);
  else if (width === 4) h.setX(d, out[0], signed ? out[0] >> 31 : 0);
  else {
    const shift = 32 - 8 * width;
    const v = signed ? (out[0] << shift) >> shift : out[0];
    h.setX(d, v, signed ? v >> 31 : 0);
  }
}

function store(h: Hart, w: number, width: 1 | 2 | 4 | 8): void {
  rs1PlusImm(h, w, immS(w));
  const s = rs2(w);
  h.store(out[0], out[1], width, h.x[s], h.x[s + 32]);
}

/** Apply a 64-bit binary operation from int64 to x[rs1] and x[rs2] (or an immediate) and write rd. */
function op64(h: Hart, w: number, f: (aLo: number, aHi: number, bLo: number, bHi: number) => void): void {
  const a = rs1(w);
  const b = rs2(w);
  f(h.x[a], h.x[a + 32], h.x[b], h.x[b + 32]);
  h.setX(rd(w), out[0], out[1]);
}

function opImm64(h: Hart, w: number, f: (aLo: number, aHi: number, bLo: number, bHi: number) => void): void {
  const a = rs1(w);
  const imm = immI(w);
  f(h.x[a], h.x[a + 32], imm, imm >> 31);
  h.setX(rd(w), out[0], out[1]);
}

const lo1 = (h: Hart, w: number): number => h.x[rs1(w)];
const lo2 = (h: Hart, w: number): number => h.x[rs2(w)];
const hi1 = (h: Hart, w: number): number => h.x[rs1(w) + 32];
const hi2 = (h: Hart, w: number): number => h.x[rs2(w) + 32];

export const baseSemantics: Record<string, Semantics> = {
  // x[rd] = sext(imm[31:12] << 12)
  lui: (h, w) => h.setX32(rd(w), immU(w)),
  // x[rd] = pc + sext(imm[31:12] << 12)
  auipc: (h, w) => {
    const imm = immU(w);
    I64.add(h.pcLo, h.pcHi, imm, imm >> 31);
    h.setX(rd(w), out[0], out[1]);
  },
  // x[rd] = pc + length; pc += sext(offset)
  jal: (h, w) => {
    const linkLo = h.npcLo;
    const linkHi = h.npcHi;
    h.jumpRelative(immJ(w));
    h.setX(rd(w), linkLo, linkHi);
  },
  // t = pc + length; pc = (x[rs1] + sext(offset)) & ~1; x[rd] = t
  jalr: (h, w) => {
    const linkLo = h.npcLo;
    const linkHi = h.npcHi;
    rs1PlusImm(h, w, immI(w));
    h.npcLo = out[0] & ~1;
    h.npcHi = out[1];
    h.setX(rd(w), linkLo, linkHi);
  },

  beq: (h, w) => branch(h, w, lo1(h, w) === lo2(h, w) && hi1(h, w) === hi2(h, w)),
  bne: (h, w) => branch(h, w, lo1(h, w) !== lo2(h, w) || hi1(h, w) !== hi2(h, w)),
  blt: (h, w) => branch(h, w, I64.ltSigned(lo1(h, w), hi1(h, w), lo2(h, w), hi2(h, w))),
  bge: (h, w) => branch(h, w, !I64.ltSigned(lo1(h, w), hi1(h, w), lo2(h, w), hi2(h, w))),
  bltu: (h, w) => branch(h, w, I64.ltUnsigned(lo1(h, w), hi1(h, w), lo2(h, w), hi2(h, w))),
  bgeu: (h, w) => branch(h, w, !I64.ltUnsigned(lo1(h, w), hi1(h, w), lo2(h, w), hi2(h, w))),

  lb: (h, w) => load(h, w, 1, true),
  lh: (h, w) => load(h, w, 2, true),
  lw: (h, w) => load(h, w, 4, true),
  ld: (h, w) => load(h, w, 8, true),
  lbu: (h, w) => load(h, w, 1, false),
  lhu: (h, w) => load(h, w, 2, false),
  lwu: (h, w) => load(h, w, 4, false),
  sb: (h, w) => store(h, w, 1),
  sh: (h, w) => store(h, w, 2),
  sw: (h, w) => store(h, w, 4),
  sd: (h, w) => store(h, w, 8),

  addi: (h, w) => opImm64(h, w, I64.add),
  slti: (h, w) => {
    const imm = immI(w);
    h.setX(rd(w), I64.ltSigned(lo1(h, w), hi1(h, w), imm, imm >> 31) ? 1 : 0, 0);
  },
  // The immediate is sign-extended, then compared as unsigned.
  sltiu: (h, w) => {
    const imm = immI(w);
    h.setX(rd(w), I64.ltUnsigned(lo1(h, w), hi1(h, w), imm, imm >> 31) ? 1 : 0, 0);
  },
  xori: (h, w) => h.setX(rd(w), lo1(h, w) ^ immI(w), hi1(h, w) ^ (immI(w) >> 31)),
  ori: (h, w) => h.setX(rd(w), lo1(h, w) | immI(w), hi1(h, w) | (immI(w) >> 31)),
  andi: (h, w) => h.setX(rd(w), lo1(h, w) & immI(w), hi1(h, w) & (immI(w) >> 31)),
  slli: (h, w) => {
    I64.shiftLeft(lo1(h, w), hi1(h, w), shamt6(w));
    h.setX(rd(w), out[0], out[1]);
  },
  srli: (h, w) => {
    I64.shiftRightLogical(lo1(h, w), hi1(h, w), shamt6(w));
    h.setX(rd(w), out[0], out[1]);
  },
  srai: (h, w) => {
    I64.shiftRightArithmetic(lo1(h, w), hi1(h, w), shamt6(w));
    h.setX(rd(w), out[0], out[1]);
  },

  add: (h, w) => op64(h, w, I64.add),
  sub: (h, w) => op64(h, w, I64.sub),
  // Register shifts use the low 6 bits of rs2.
  sll: (h, w) => {
    I64.shiftLeft(lo1(h, w), hi1(h, w), lo2(h, w));
    h.setX(rd(w), out[0], out[1]);
  },
  srl: (h, w) => {
    I64.shiftRightLogical(lo1(h, w), hi1(h, w), lo2(h, w));
    h.setX(rd(w), out[0], out[1]);
  },
  sra: (h, w) => {
    I64.shiftRightArithmetic(lo1(h, w), hi1(h, w), lo2(h, w));
    h.setX(rd(w), out[0], out[1]);
  },
  slt: (h, w) => h.setX(rd(w), I64.ltSigned(lo1(h, w), hi1(h, w), lo2(h, w), hi2(h, w)) ? 1 : 0, 0),
  sltu: (h, w) => h.setX(rd(w), I64.ltUnsigned(lo1(h, w), hi1(h, w), lo2(h, w), hi2(h, w)) ? 1 : 0, 0),
  xor: (h, w) => h.setX(rd(w), lo1(h, w) ^ lo2(h, w), hi1(h, w) ^ hi2(h, w)),
  or: (h, w) => h.setX(rd(w), lo1(h, w) | lo2(h, w), hi1(h, w) | hi2(h, w)),
  and: (h, w) => h.setX(rd(w), lo1(h, w) & lo2(h, w), hi1(h, w) & hi2(h, w)),

  // RV64I word operations: compute on the low 32 bits, sign-extend the 32-bit result.
  addiw: (h, w) => h.setX32(rd(w), (lo1(h, w) + immI(w)) | 0),
  slliw: (h, w) => h.setX32(rd(w), lo1(h, w) << shamt5(w)),
  srliw: (h, w) => h.setX32(rd(w), lo1(h, w) >>> shamt5(w)),
  sraiw: (h, w) => h.setX32(rd(w), lo1(h, w) >> shamt5(w)),
  addw: (h, w) => h.setX32(rd(w), (lo1(h, w) + lo2(h, w)) | 0),
  subw: (h, w) => h.setX32(rd(w), (lo1(h, w) - lo2(h, w)) | 0),
  sllw: (h, w) => h.setX32(rd(w), lo1(h, w) << (lo2(h, w) & 31)),
  srlw: (h, w) => h.setX32(rd(w), lo1(h, w) >>> (lo2(h, w) & 31)),
  sraw: (h, w) => h.setX32(rd(w), lo1(h, w) >> (lo2(h, w) & 31)),

  // A single hart with no caches to keep coherent: fences order nothing that could be observed.
  fence: () => {},
  'fence.tso': () => {},
  pause: () => {},
};
