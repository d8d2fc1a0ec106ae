/**
 * Automatic compression under `.option rvc`, exactly where GNU as compresses. GNU as does not compress an
 * instruction after the fact: its opcode table lists, for each mnemonic, compressed forms before the plain
 * one (riscv-opc.c), and the first form whose operands fit is used. So what compresses depends on the
 * mnemonic typed: `mv a0, zero` keeps the 4-byte addi, `li a0, 0` becomes c.li, and `addi a0, a1, 0`
 * becomes c.mv. These rules were checked against riscv64-unknown-elf-as 2.40 (test/emulator/asm).
 * Only operands that are numbers now can compress; a value resolved later (a %lo, a symbol) keeps 4 bytes.
 */
import { type InstructionRow, ROW_BY_NAME } from '../isa/table';
import type { OpValue } from './operands';
import { cLuiFits } from './roles';

export interface Compressed {
  row: InstructionRow;
  ops: OpValue[];
}

const isP = (r: number): boolean => r >= 8 && r <= 15;
const fits6 = (v: number): boolean => v >= -32 && v <= 31;
const c = (name: string, ...ops: OpValue[]): Compressed => {
  const row = ROW_BY_NAME.get(name);
  if (!row) throw new Error(`compress: no row ${name}`);
  return { row, ops };
};
const n = (v: number): OpValue => ({ n: v });
const mem = (off: number, base: number): OpValue => ({ n: off, base });

type Rule = (typed: string, v: number[], base: number) => Compressed | undefined;

/**
 * c.unimp, the all-zero halfword: the spec defines it as illegal, so the table has no row for it (the decoder
 * must never accept it); the assembler emits it from this row of its own, as `.insn` emits its raw words.
 */
const C_UNIMP: InstructionRow = {
  id: -1,
  name: 'c.unimp',
  ext: 'C',
  format: 'CR',
  mask: 0xffff,
  match: 0,
  operands: [],
  length: 2,
};

/** Loads and stores: the sp-based form first, then the x8..x15 one (the order of GNU's table). */
function memRule(
  spForm: string,
  pForm: string,
  scale: number,
  spMax: number,
  pMax: number,
  store: boolean,
): Rule {
  return (_typed, [reg, off], base) => {
    const aligned = off >= 0 && off % scale === 0;
    if (aligned && base === 2 && off <= spMax && (store || spForm.includes('f') || reg !== 0)) {
      return c(spForm, n(reg), mem(off, 2));
    }
    if (aligned && isP(reg) && isP(base) && off <= pMax) return c(pForm, n(reg), mem(off, base));
    return undefined;
  };
}

const addiRule: Rule = (typed, [rd, rs1, imm]) => {
  if (typed === 'mv' || typed === 'move') return rd !== 0 && rs1 !== 0 ? c('c.mv', n(rd), n(rs1)) : undefined;
  if (typed === 'nop') return c('c.addi', n(0), n(0));
  if (typed === 'li') return rd !== 0 && rs1 === 0 && fits6(imm) ? c('c.li', n(rd), n(imm)) : undefined;
  const addi4spn = isP(rd) && rs1 === 2 && imm > 0 && imm <= 1020 && imm % 4 === 0;
  const addi16sp = rd === 2 && rs1 === 2 && imm !== 0 && imm >= -512 && imm <= 496 && imm % 16 === 0;
  if (typed === 'add') {
    if (rd !== 0 && rd === rs1 && fits6(imm)) return c('c.addi', n(rd), n(imm));
    if (addi4spn) return c('c.addi4spn', n(rd), n(2), n(imm));
    if (addi16sp) return c('c.addi16sp', n(2), n(imm));
    return undefined;
  }
  if (addi4spn) return c('c.addi4spn', n(rd), n(2), n(imm));
  if (rd !== 0 && rd === rs1 && imm !== 0 && fits6(imm)) return c('c.addi', n(rd), n(imm));
  if (rd === 0 && rs1 === 0 && imm === 0) return c('c.addi', n(0), n(0));
  if (addi16sp) return c('c.addi16sp', n(2), n(imm));
  if (rd !== 0 && rs1 === 0 && fits6(imm)) return c('c.li', n(rd), n(imm));
  if (rd !== 0 && rs1 !== 0 && imm === 0) return c('c.mv', n(rd), n(rs1));
  return undefined;
};

/** c.and, c.or, c.xor, c.addw: rd' = rd' op rs2', either operand order (GNU lists both). */
const commutative =
  (name: string): Rule =>
  (_t, [rd, rs1, rs2]) => {
    if (!isP(rd) || !isP(rs1) || !isP(rs2)) return undefined;
    if (rd === rs1) return c(name, n(rd), n(rs2));
    if (rd === rs2) return c(name, n(rd), n(rs1));
    return undefined;
  };

const ordered =
  (name: string): Rule =>
  (_t, [rd, rs1, rs2]) =>
    isP(rd) && rd === rs1 && isP(rs2) ? c(name, n(rd), n(rs2)) : undefined;

const shiftP =
  (name: string): Rule =>
  (_t, [rd, rs1, sh]) =>
    isP(rd) && rd === rs1 && sh !== 0 ? c(name, n(rd), n(sh)) : undefined;

const RULES: Record<string, Rule> = {
  addi: addiRule,
  add: (_t, [rd, rs1, rs2]) => {
    if (rd !== 0 && rd === rs1 && rs2 !== 0) return c('c.add', n(rd), n(rs2));
    if (rd !== 0 && rd === rs2 && rs1 !== 0) return c('c.add', n(rd), n(rs1));
    if (rd !== 0 && rs1 === 0 && rs2 !== 0) return c('c.mv', n(rd), n(rs2));
    return undefined;
  },
  lui: (_t, [rd, imm]) => (rd !== 0 && rd !== 2 && cLuiFits(imm) ? c('c.lui', n(rd), n(imm)) : undefined),
  addiw: (_t, [rd, rs1, imm]) =>
    rd !== 0 && rd === rs1 && fits6(imm) ? c('c.addiw', n(rd), n(imm)) : undefined,
  addw: commutative('c.addw'),
  and: commutative('c.and'),
  or: commutative('c.or'),
  xor: commutative('c.xor'),
  sub: ordered('c.sub'),
  subw: ordered('c.subw'),
  andi: (_t, [rd, rs1, imm]) =>
    isP(rd) && rd === rs1 && fits6(imm) ? c('c.andi', n(rd), n(imm)) : undefined,
  slli: (_t, [rd, rs1, sh]) => (rd !== 0 && rd === rs1 && sh !== 0 ? c('c.slli', n(rd), n(sh)) : undefined),
  srli: shiftP('c.srli'),
  srai: shiftP('c.srai'),
  jalr: (typed, [rd, off], base) => {
    if (off !== 0 || base === 0) return undefined;
    if ((typed === 'jr' || typed === 'ret') && rd === 0) return c('c.jr', n(base));
    if (typed === 'jalr.short' && rd === 1) return c('c.jalr', n(base));
    return undefined;
  },
  ebreak: () => c('c.ebreak'),
  csrrw: (typed) => (typed === 'unimp' ? { row: C_UNIMP, ops: [] } : undefined),
  lw: memRule('c.lwsp', 'c.lw', 4, 252, 124, false),
  ld: memRule('c.ldsp', 'c.ld', 8, 504, 248, false),
  fld: memRule('c.fldsp', 'c.fld', 8, 504, 248, false),
  sw: memRule('c.swsp', 'c.sw', 4, 252, 124, true),
  sd: memRule('c.sdsp', 'c.sd', 8, 504, 248, true),
  fsd: memRule('c.fsdsp', 'c.fsd', 8, 504, 248, true),
};

/**
 * The compressed form GNU as would emit for `row` with these operands, typed as `typed`; undefined when it
 * keeps the 32-bit form. `ops` must all be numbers.
 */
export function compress(
  typed: string,
  row: InstructionRow,
  ops: readonly OpValue[],
): Compressed | undefined {
  const rule = RULES[row.name];
  if (!rule || ops.some((o) => o.n === undefined)) return undefined;
  const base = ops.find((o) => o.base !== undefined)?.base ?? -1;
  return rule(
    typed,
    ops.map((o) => o.n ?? 0),
    base,
  );
}

/** The compressed form of a branch or jump, when rvc is on (GNU: beqz/beq x,zero; bnez/bne x,zero; j). */
export function compressedBranch(
  typed: string,
  row: InstructionRow,
  regs: readonly number[],
): InstructionRow | undefined {
  if (row.name === 'jal') return typed === 'j' ? ROW_BY_NAME.get('c.j') : undefined;
  if ((row.name === 'beq' || row.name === 'bne') && isP(regs[0]) && regs[1] === 0) {
    return ROW_BY_NAME.get(row.name === 'beq' ? 'c.beqz' : 'c.bnez');
  }
  return undefined;
}
