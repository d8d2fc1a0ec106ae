/**
 * The alias forms GNU objdump 2.40 prints by default (without `-M no-aliases`), per table row: `li`, `mv`,
 * `ret`, `csrw`, `beqz`... and the base-instruction spelling of every compressed instruction (`c.addi a0,1`
 * prints as `add a0,a0,1`). objdump takes the FIRST entry of its opcode table that matches, so the order of
 * the checks in each rule below is binutils' order, and some choices look odd on purpose: binutils 2.40
 * lists `add rd,rs1,imm` (an alias of addi) before `addi`, so `addi a0,a0,1` prints as `add a0,a0,1`, and
 * likewise or/and/xor for ori/andi/xori, sll/srl/sra for the immediate shifts. A rule returns null where
 * objdump falls back to the plain form. Checked against objdump in test/emulator/isa/disasm.test.ts.
 */
import { csrName } from './csr-names';
import { type Form, hex, jumpBase, memOperand, type Render, target } from './disasm-format';
import {
  cAddi16spImm,
  cAddi4spnImm,
  cBImm,
  cImm6,
  cJImm,
  cLdImm,
  cLdspImm,
  cLuiImm,
  cLwImm,
  cLwspImm,
  cRd,
  cRdP,
  cRs1P,
  cRs2,
  cRs2P,
  cSdspImm,
  cShamt,
  cSwspImm,
  csr,
  fencePred,
  fenceSucc,
  immB,
  immI,
  immJ,
  rd,
  rs1,
  rs2,
  shamt5,
  shamt6,
  zimm,
} from './fields';
import { FP_ABI_NAMES, regName as x } from './registers';

type Rule = (r: Render) => Form | null;

const f = (i: number): string => FP_ABI_NAMES[i & 31];
const form = (m: string, ...a: string[]): Form => ({ m, a });

/** CSR numbers with dedicated aliases. */
const FFLAGS = 0x001;
const FRM = 0x002;
const FCSR = 0x003;
const CYCLE = 0xc00;
const TIME = 0xc01;
const INSTRET = 0xc02;

/** An immediate operand that objdump comments as an address when the base register is tp. */
function immFromTp(r: Render, base: number, imm: number): string {
  if (base === 4) r.comment = BigInt(imm);
  return String(imm);
}

/** The alias of an immediate ALU op: objdump 2.40 spells `op rd,rs1,imm` with the register op's name. */
const immAlias =
  (name: string): Rule =>
  (r) =>
    form(name, x(rd(r.w)), x(rs1(r.w)), String(immI(r.w)));

const shiftAlias =
  (name: string, amount: (w: number) => number): Rule =>
  (r) =>
    form(name, x(rd(r.w)), x(rs1(r.w)), hex(amount(r.w)));

/** Two-register compressed ALU op `c.op rd',rs2'` printed as `op rd',rd',rs2'`. */
const cArith =
  (name: string): Rule =>
  (r) =>
    form(name, x(cRs1P(r.w)), x(cRs1P(r.w)), x(cRs2P(r.w)));

/** `fsgnj.s rd,rs,rs` and its kin, printed as the one-source operation they perform on rs. */
const fSignAlias =
  (name: string): Rule =>
  (r) =>
    rs1(r.w) === rs2(r.w) ? form(name, f(rd(r.w)), f(rs1(r.w))) : null;

/** A branch compared against zero: `beqz rs,target` and friends, naming the register that is not x0. */
const branchZero = (r: Render, name: string, reg: number): Form => form(name, x(reg), target(r, immB(r.w)));

export const ALIASES: Readonly<Record<string, Rule>> = {
  // ---- RV64I ----
  jal: (r) => {
    const t = target(r, immJ(r.w));
    if (rd(r.w) === 0) return form('j', t);
    if (rd(r.w) === 1) return form('jal', t);
    return null;
  },
  jalr: (r) => {
    const [d, s, imm] = [rd(r.w), rs1(r.w), immI(r.w)];
    if (d === 0 && s === 1 && imm === 0) return form('ret');
    if (d === 0) return imm === 0 ? form('jr', jumpBase(r, s)) : form('jr', memOperand(r, imm, s));
    if (d === 1) return imm === 0 ? form('jalr', jumpBase(r, s)) : form('jalr', memOperand(r, imm, s));
    return imm === 0 ? form('jalr', x(d), jumpBase(r, s)) : null;
  },
  beq: (r) => (rs2(r.w) === 0 ? branchZero(r, 'beqz', rs1(r.w)) : null),
  bne: (r) => (rs2(r.w) === 0 ? branchZero(r, 'bnez', rs1(r.w)) : null),
  // binutils lists blez before bgez, and bltz before bgtz: that decides `bge zero,zero` and `blt zero,zero`.
  bge: (r) => {
    if (rs1(r.w) === 0) return branchZero(r, 'blez', rs2(r.w));
    return rs2(r.w) === 0 ? branchZero(r, 'bgez', rs1(r.w)) : null;
  },
  blt: (r) => {
    if (rs2(r.w) === 0) return branchZero(r, 'bltz', rs1(r.w));
    return rs1(r.w) === 0 ? branchZero(r, 'bgtz', rs2(r.w)) : null;
  },
  addi: (r) => {
    const [d, s, imm] = [rd(r.w), rs1(r.w), immI(r.w)];
    if (d === 0 && s === 0 && imm === 0) return form('nop');
    if (s === 0) return form('li', x(d), String(imm));
    if (imm === 0) return form('mv', x(d), x(s));
    return form('add', x(d), x(s), immFromTp(r, s, imm));
  },
  addiw: (r) => {
    const [d, s, imm] = [rd(r.w), rs1(r.w), immI(r.w)];
    if (imm === 0) return form('sext.w', x(d), x(s));
    return form('addw', x(d), x(s), immFromTp(r, s, imm));
  },
  andi: (r) => (immI(r.w) === 255 ? form('zext.b', x(rd(r.w)), x(rs1(r.w))) : immAlias('and')(r)),
  ori: immAlias('or'),
  xori: (r) => (immI(r.w) === -1 ? form('not', x(rd(r.w)), x(rs1(r.w))) : immAlias('xor')(r)),
  sltiu: (r) => (immI(r.w) === 1 ? form('seqz', x(rd(r.w)), x(rs1(r.w))) : null),
  slli: shiftAlias('sll', shamt6),
  srli: shiftAlias('srl', shamt6),
  srai: shiftAlias('sra', shamt6),
  slliw: shiftAlias('sllw', shamt5),
  srliw: shiftAlias('srlw', shamt5),
  sraiw: shiftAlias('sraw', shamt5),
  sub: (r) => (rs1(r.w) === 0 ? form('neg', x(rd(r.w)), x(rs2(r.w))) : null),
  subw: (r) => (rs1(r.w) === 0 ? form('negw', x(rd(r.w)), x(rs2(r.w))) : null),
  sltu: (r) => (rs1(r.w) === 0 ? form('snez', x(rd(r.w)), x(rs2(r.w))) : null),
  slt: (r) => {
    if (rs2(r.w) === 0) return form('sltz', x(rd(r.w)), x(rs1(r.w)));
    if (rs1(r.w) === 0) return form('sgtz', x(rd(r.w)), x(rs2(r.w)));
    return null;
  },
  fence: (r) => (fencePred(r.w) === 15 && fenceSucc(r.w) === 15 ? form('fence') : null),
  'sfence.vma': (r) => {
    if (rs2(r.w) !== 0) return null;
    return rs1(r.w) === 0 ? form('sfence.vma') : form('sfence.vma', x(rs1(r.w)));
  },

  // ---- F and D: sign injection from one register is a move, a negation or an absolute value ----
  'fsgnj.s': fSignAlias('fmv.s'),
  'fsgnjn.s': fSignAlias('fneg.s'),
  'fsgnjx.s': fSignAlias('fabs.s'),
  'fsgnj.d': fSignAlias('fmv.d'),
  'fsgnjn.d': fSignAlias('fneg.d'),
  'fsgnjx.d': fSignAlias('fabs.d'),

  // ---- Zicsr: the counter reads (I), the F-extension CSR aliases, then the generic ones ----
  csrrs: (r) => {
    const [d, s, c] = [rd(r.w), rs1(r.w), csr(r.w)];
    if (s === 0) {
      const named = {
        [CYCLE]: 'rdcycle',
        [INSTRET]: 'rdinstret',
        [TIME]: 'rdtime',
        [FCSR]: 'frcsr',
        [FRM]: 'frrm',
        [FFLAGS]: 'frflags',
      }[c];
      return named ? form(named, x(d)) : form('csrr', x(d), csrName(c));
    }
    return d === 0 ? form('csrs', csrName(c), x(s)) : null;
  },
  csrrw: (r) => {
    const [d, s, c] = [rd(r.w), rs1(r.w), csr(r.w)];
    const named = { [FCSR]: 'fscsr', [FRM]: 'fsrm', [FFLAGS]: 'fsflags' }[c];
    if (named) return d === 0 ? form(named, x(s)) : form(named, x(d), x(s));
    return d === 0 ? form('csrw', csrName(c), x(s)) : null;
  },
  csrrc: (r) => (rd(r.w) === 0 ? form('csrc', csrName(csr(r.w)), x(rs1(r.w))) : null),
  csrrwi: (r) => {
    const [d, c, z] = [rd(r.w), csr(r.w), String(zimm(r.w))];
    const named = { [FRM]: 'fsrmi', [FFLAGS]: 'fsflagsi' }[c];
    if (named) return form(named, x(d), z);
    return d === 0 ? form('csrw', csrName(c), z) : form('csrrw', x(d), csrName(c), z);
  },
  csrrsi: (r) =>
    rd(r.w) === 0
      ? form('csrs', csrName(csr(r.w)), String(zimm(r.w)))
      : form('csrrs', x(rd(r.w)), csrName(csr(r.w)), String(zimm(r.w))),
  csrrci: (r) =>
    rd(r.w) === 0
      ? form('csrc', csrName(csr(r.w)), String(zimm(r.w)))
      : form('csrrc', x(rd(r.w)), csrName(csr(r.w)), String(zimm(r.w))),

  // ---- C: printed as the base instruction each one expands to ----
  'c.addi4spn': (r) => form('add', x(cRdP(r.w)), 'sp', String(cAddi4spnImm(r.w))),
  'c.fld': (r) => form('fld', f(cRdP(r.w)), `${cLdImm(r.w)}(${x(cRs1P(r.w))})`),
  'c.lw': (r) => form('lw', x(cRdP(r.w)), `${cLwImm(r.w)}(${x(cRs1P(r.w))})`),
  'c.ld': (r) => form('ld', x(cRdP(r.w)), `${cLdImm(r.w)}(${x(cRs1P(r.w))})`),
  'c.fsd': (r) => form('fsd', f(cRs2P(r.w)), `${cLdImm(r.w)}(${x(cRs1P(r.w))})`),
  'c.sw': (r) => form('sw', x(cRs2P(r.w)), `${cLwImm(r.w)}(${x(cRs1P(r.w))})`),
  'c.sd': (r) => form('sd', x(cRs2P(r.w)), `${cLdImm(r.w)}(${x(cRs1P(r.w))})`),
  'c.addi': (r) => {
    const [d, imm] = [cRd(r.w), cImm6(r.w)];
    if (d === 0) return imm === 0 ? form('nop') : form('c.nop', String(imm));
    return form('add', x(d), x(d), immFromTp(r, d, imm));
  },
  'c.addiw': (r) => {
    const [d, imm] = [cRd(r.w), cImm6(r.w)];
    return imm === 0 ? form('sext.w', x(d), x(d)) : form('addw', x(d), x(d), immFromTp(r, d, imm));
  },
  'c.li': (r) => (cRd(r.w) !== 0 ? form('li', x(cRd(r.w)), String(cImm6(r.w))) : null),
  'c.addi16sp': (r) => form('add', 'sp', 'sp', String(cAddi16spImm(r.w))),
  'c.lui': (r) => (cRd(r.w) !== 0 ? form('lui', x(cRd(r.w)), hex((cLuiImm(r.w) >>> 12) & 0xfffff)) : null),
  'c.srli': (r) => (cShamt(r.w) !== 0 ? form('srl', x(cRs1P(r.w)), x(cRs1P(r.w)), hex(cShamt(r.w))) : null),
  'c.srai': (r) => (cShamt(r.w) !== 0 ? form('sra', x(cRs1P(r.w)), x(cRs1P(r.w)), hex(cShamt(r.w))) : null),
  'c.andi': (r) => form('and', x(cRs1P(r.w)), x(cRs1P(r.w)), String(cImm6(r.w))),
  'c.sub': cArith('sub'),
  'c.xor': cArith('xor'),
  'c.or': cArith('or'),
  'c.and': cArith('and'),
  'c.subw': cArith('subw'),
  'c.addw': cArith('addw'),
  'c.j': (r) => form('j', target(r, cJImm(r.w))),
  'c.beqz': (r) => form('beqz', x(cRs1P(r.w)), target(r, cBImm(r.w))),
  'c.bnez': (r) => form('bnez', x(cRs1P(r.w)), target(r, cBImm(r.w))),
  'c.slli': (r) =>
    cRd(r.w) !== 0 && cShamt(r.w) !== 0 ? form('sll', x(cRd(r.w)), x(cRd(r.w)), hex(cShamt(r.w))) : null,
  'c.fldsp': (r) => form('fld', f(cRd(r.w)), `${cLdspImm(r.w)}(sp)`),
  'c.lwsp': (r) => form('lw', x(cRd(r.w)), `${cLwspImm(r.w)}(sp)`),
  'c.ldsp': (r) => form('ld', x(cRd(r.w)), `${cLdspImm(r.w)}(sp)`),
  'c.jr': (r) => (cRd(r.w) === 1 ? form('ret') : form('jr', x(cRd(r.w)))),
  'c.mv': (r) => (cRd(r.w) !== 0 ? form('mv', x(cRd(r.w)), x(cRs2(r.w))) : null),
  'c.ebreak': () => form('ebreak'),
  'c.jalr': (r) => form('jalr', x(cRd(r.w))),
  'c.add': (r) => (cRd(r.w) !== 0 ? form('add', x(cRd(r.w)), x(cRd(r.w)), x(cRs2(r.w))) : null),
  'c.fsdsp': (r) => form('fsd', f(cRs2(r.w)), `${cSdspImm(r.w)}(sp)`),
  'c.swsp': (r) => form('sw', x(cRs2(r.w)), `${cSwspImm(r.w)}(sp)`),
  'c.sdsp': (r) => form('sd', x(cRs2(r.w)), `${cSdspImm(r.w)}(sp)`),
};
