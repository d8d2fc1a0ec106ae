/**
 * The field diagram of one instruction word, derived from its instruction-table row: the row's format gives
 * the bit boundaries (ISA manual, "Base Instruction Formats" and "Compressed Instruction Formats"), its
 * operands say which variant (a shift amount in place of an immediate, a CSR number, a compressed
 * immediate's scrambled bit order). There is no second table of instructions here: only the manual's few
 * format pictures, with the immediate labels written as the manual writes them (imm[12|10:5]).
 */
import type { InstructionRow, Operand } from '../../emulator/isa/table';

/** What a field is, for its colour (its label always says it too). */
export type FieldKind = 'opcode' | 'funct' | 'reg' | 'imm';

export interface Field {
  hi: number;
  lo: number;
  /** The manual's name for the field, e.g. `rs1`, `funct3`, `imm[12|10:5]`. */
  label: string;
  kind: FieldKind;
  /** The field's bits, most significant first. */
  bits: string;
  /** The field's value as an unsigned number. */
  value: number;
}

type Piece = readonly [hi: number, lo: number, label: string, kind: FieldKind];

const OPCODE: Piece = [6, 0, 'opcode', 'opcode'];
const RD: Piece = [11, 7, 'rd', 'reg'];
const RS1: Piece = [19, 15, 'rs1', 'reg'];
const RS2: Piece = [24, 20, 'rs2', 'reg'];
const F3: Piece = [14, 12, 'funct3', 'funct'];
const OP: Piece = [1, 0, 'op', 'opcode'];
const CF3: Piece = [15, 13, 'funct3', 'funct'];

/** Labels of a compressed immediate's pieces: the high piece (e.g. inst[12]) and the low piece. */
const C_IMM: Partial<Record<Operand, readonly [string, string]>> = {
  'c.imm6': ['imm[5]', 'imm[4:0]'],
  'c.shamt': ['shamt[5]', 'shamt[4:0]'],
  'c.lui': ['nzimm[17]', 'nzimm[16:12]'],
  'c.addi16sp': ['nzimm[9]', 'nzimm[4|6|8:7|5]'],
  'c.lwsp': ['uimm[5]', 'uimm[4:2|7:6]'],
  'c.ldsp': ['uimm[5]', 'uimm[4:3|8:6]'],
  'c.lw': ['uimm[5:3]', 'uimm[2|6]'],
  'c.ld': ['uimm[5:3]', 'uimm[7:6]'],
  'c.bimm': ['offset[8|4:3]', 'offset[7:6|2:1|5]'],
  'c.swsp': ['uimm[5:2|7:6]', ''],
  'c.sdsp': ['uimm[5:3|8:6]', ''],
  'c.addi4spn': ['nzuimm[5:4|9:6|2|3]', ''],
  'c.jimm': ['offset[11|4|9:8|10|6|7|3:1|5]', ''],
};

function cImm(row: InstructionRow): readonly [string, string] {
  for (const op of row.operands) {
    const labels = C_IMM[op];
    if (labels) return labels;
  }
  return ['imm', 'imm'];
}

function pieces(row: InstructionRow): Piece[] {
  const has = (op: Operand): boolean => row.operands.includes(op);
  const float = row.ext === 'F' || row.ext === 'D';
  switch (row.format) {
    case 'R':
      return float
        ? [
            [31, 27, 'funct5', 'funct'],
            [26, 25, 'fmt', 'funct'],
            RS2,
            RS1,
            has('rm') ? [14, 12, 'rm', 'funct'] : F3,
            RD,
            OPCODE,
          ]
        : [[31, 25, 'funct7', 'funct'], RS2, RS1, F3, RD, OPCODE];
    case 'R4':
      return [
        [31, 27, 'rs3', 'reg'],
        [26, 25, 'fmt', 'funct'],
        RS2,
        RS1,
        [14, 12, 'rm', 'funct'],
        RD,
        OPCODE,
      ];
    case 'R-atomic':
      return [
        [31, 27, 'funct5', 'funct'],
        [26, 26, 'aq', 'funct'],
        [25, 25, 'rl', 'funct'],
        RS2,
        RS1,
        F3,
        RD,
        OPCODE,
      ];
    case 'I':
      if (has('shamt6')) return [[31, 26, 'funct6', 'funct'], [25, 20, 'shamt', 'imm'], RS1, F3, RD, OPCODE];
      if (has('shamt5')) return [[31, 25, 'funct7', 'funct'], [24, 20, 'shamt', 'imm'], RS1, F3, RD, OPCODE];
      if (has('csr'))
        return [[31, 20, 'csr', 'imm'], has('zimm') ? [19, 15, 'uimm[4:0]', 'imm'] : RS1, F3, RD, OPCODE];
      return [[31, 20, 'imm[11:0]', 'imm'], RS1, F3, RD, OPCODE];
    case 'I-fence':
      return [[31, 28, 'fm', 'funct'], [27, 24, 'pred', 'imm'], [23, 20, 'succ', 'imm'], RS1, F3, RD, OPCODE];
    case 'system':
      return [[31, 20, 'funct12', 'funct'], RS1, F3, RD, OPCODE];
    case 'S':
      return [[31, 25, 'imm[11:5]', 'imm'], RS2, RS1, F3, [11, 7, 'imm[4:0]', 'imm'], OPCODE];
    case 'B':
      return [[31, 25, 'imm[12|10:5]', 'imm'], RS2, RS1, F3, [11, 7, 'imm[4:1|11]', 'imm'], OPCODE];
    case 'U':
      return [[31, 12, 'imm[31:12]', 'imm'], RD, OPCODE];
    case 'J':
      return [[31, 12, 'imm[20|10:1|11|19:12]', 'imm'], RD, OPCODE];
    case 'CR':
      return [[15, 12, 'funct4', 'funct'], [11, 7, 'rd/rs1', 'reg'], [6, 2, 'rs2', 'reg'], OP];
    case 'CI': {
      const [hi, lo] = cImm(row);
      return [CF3, [12, 12, hi, 'imm'], [11, 7, 'rd/rs1', 'reg'], [6, 2, lo, 'imm'], OP];
    }
    case 'CSS':
      return [CF3, [12, 7, cImm(row)[0], 'imm'], [6, 2, 'rs2', 'reg'], OP];
    case 'CIW':
      return [CF3, [12, 5, cImm(row)[0], 'imm'], [4, 2, "rd'", 'reg'], OP];
    case 'CL':
    case 'CS': {
      const [hi, lo] = cImm(row);
      const reg = row.format === 'CL' ? "rd'" : "rs2'";
      return [CF3, [12, 10, hi, 'imm'], [9, 7, "rs1'", 'reg'], [6, 5, lo, 'imm'], [4, 2, reg, 'reg'], OP];
    }
    case 'CA':
      return [
        [15, 10, 'funct6', 'funct'],
        [9, 7, "rd'/rs1'", 'reg'],
        [6, 5, 'funct2', 'funct'],
        [4, 2, "rs2'", 'reg'],
        OP,
      ];
    case 'CB': {
      const [hi, lo] = cImm(row);
      // c.srli, c.srai and c.andi fix inst[11:10] (funct2) inside the CB format's offset bits.
      if (((row.mask >>> 10) & 3) === 3) {
        return [
          CF3,
          [12, 12, hi, 'imm'],
          [11, 10, 'funct2', 'funct'],
          [9, 7, "rd'/rs1'", 'reg'],
          [6, 2, lo, 'imm'],
          OP,
        ];
      }
      return [CF3, [12, 10, hi, 'imm'], [9, 7, "rs1'", 'reg'], [6, 2, lo, 'imm'], OP];
    }
    case 'CJ':
      return [CF3, [12, 2, cImm(row)[0], 'imm'], OP];
  }
}

/** The word's fields for `row`, most significant first; together they cover every bit exactly once. */
export function instructionFields(row: InstructionRow, word: number): Field[] {
  const w = row.length === 4 ? word >>> 0 : word & 0xffff;
  return pieces(row).map(([hi, lo, label, kind]) => {
    const width = hi - lo + 1;
    const value = Math.floor(w / 2 ** lo) % 2 ** width;
    return { hi, lo, label, kind, value, bits: value.toString(2).padStart(width, '0') };
  });
}
