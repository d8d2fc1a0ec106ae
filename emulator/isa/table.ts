/**
 * THE instruction table (DESIGN.md "One table, many uses"; CONVENTIONS.md "The instruction table"). Every
 * instruction hartscope knows is one row, written like a riscv-opcodes line: its name (the GNU mnemonic), its
 * extension, its format, its operands in assembly order, and its fixed bits as `hi..lo=value` fields. The
 * decoder, the disassembler, the hart's semantics binding and (later) the assembler and the UI's field
 * diagram are all derived from these rows. The encodings were written for this project from the ISA manual's
 * opcode maps and are checked row by row against the GNU tools (test/emulator/isa).
 */

import { floatRows } from './table-fd';

export type Extension = 'I' | 'M' | 'A' | 'C' | 'Zicsr' | 'Zifencei' | 'F' | 'D';

// prettier-ignore
export type Format =
  | 'R' | 'R4' | 'I' | 'S' | 'B' | 'U' | 'J' | 'R-atomic' | 'I-fence' | 'system'
  | 'CR' | 'CI' | 'CSS' | 'CIW' | 'CL' | 'CS' | 'CA' | 'CB' | 'CJ';

/**
 * Operand roles, each read through one accessor of fields.ts:
 * rd rs1 rs2 (x registers), imm12 (immI), shamt6/shamt5, uimm20 (immU >>> 12), bimm/jimm (branch and jump
 * targets), load = imm12(rs1), store = immS(rs1), amo = (rs1), csr, zimm, pred/succ (fence sets), and the
 * compressed ones: c.rd (= c.rs1, inst[11:7]), c.rs2 (inst[6:2]), c.rdp/c.rs1p/c.rs2p (x8..x15),
 * sp (implicit x2), c.imm6, c.shamt, c.lui, c.addi16sp, c.addi4spn, c.lw/c.ld (uimm(rs1')), c.lwsp/c.ldsp/
 * c.swsp/c.sdsp (uimm(sp)), c.jimm, c.bimm, and the f registers of the compressed D loads and stores:
 * c.frdp/c.frs2p (f8..f15, the same bits as c.rdp/c.rs2p), c.frd (inst[11:7]), c.frs2 (inst[6:2]).
 * F and D (table-fd.ts): frd frs1 frs2 frs3 (f registers in the rd, rs1, rs2 and rs3 fields), rm (the
 * rounding mode; omitted from the text when it is dyn), and flw/fld/fsw/fsd use load/store with frd/frs2.
 */
// prettier-ignore
export type Operand =
  | 'rd' | 'rs1' | 'rs2' | 'imm12' | 'shamt6' | 'shamt5' | 'uimm20' | 'bimm' | 'jimm'
  | 'load' | 'store' | 'amo' | 'csr' | 'zimm' | 'pred' | 'succ'
  | 'c.rd' | 'c.rs2' | 'c.rdp' | 'c.rs1p' | 'c.rs2p' | 'sp' | 'c.imm6' | 'c.shamt' | 'c.lui' | 'c.addi16sp'
  | 'c.addi4spn' | 'c.lw' | 'c.ld' | 'c.lwsp' | 'c.ldsp' | 'c.swsp' | 'c.sdsp' | 'c.jimm' | 'c.bimm'
  | 'c.frdp' | 'c.frs2p' | 'c.frd' | 'c.frs2'
  | 'frd' | 'frs1' | 'frs2' | 'frs3' | 'rm';

export interface InstructionRow {
  /** Index in INSTRUCTIONS. */
  id: number;
  name: string;
  ext: Extension;
  format: Format;
  mask: number;
  match: number;
  operands: readonly Operand[];
  length: 2 | 4;
  /**
   * Constraints beyond the fixed bits (like GNU opcodes' match functions): reserved encodings inside a row's
   * bit pattern, such as c.addi4spn with a zero immediate, fail here and decode as illegal.
   */
  valid?: (w: number) => boolean;
}

/** Turn 'hi..lo=value bit=value ...' into mask and match (unsigned 32-bit). */
function fixedBits(spec: string): { mask: number; match: number } {
  let mask = 0;
  let match = 0;
  for (const field of spec.trim().split(/\s+/)) {
    const [range, value] = field.split('=');
    const [hi, lo] = range.includes('..') ? range.split('..').map(Number) : [Number(range), Number(range)];
    const width = hi - lo + 1;
    const v = Number(value);
    const fieldMask = 2 ** width - 1;
    if (v > fieldMask) throw new Error(`table: ${field} does not fit`);
    mask = (mask | (fieldMask << lo)) >>> 0;
    match = (match | (v << lo)) >>> 0;
  }
  return { mask, match };
}

const rows: Omit<InstructionRow, 'id'>[] = [];

/** Adds one row; table-fd.ts is handed this function, so its rows get their ids in this file's order. */
export type RowBuilder = typeof row;

function row(
  name: string,
  ext: Extension,
  format: Format,
  operands: string,
  bits: string,
  valid?: (w: number) => boolean,
): void {
  const { mask, match } = fixedBits(bits);
  const length = (mask & 3) === 3 && (match & 3) === 3 ? 4 : 2;
  const ops = operands === '' ? [] : (operands.split(/\s+/) as Operand[]);
  rows.push({ name, ext, format, mask, match, operands: ops, length, ...(valid ? { valid } : {}) });
}

// ---------------- RV64I ----------------
row('lui', 'I', 'U', 'rd uimm20', '6..2=0x0d 1..0=3');
row('auipc', 'I', 'U', 'rd uimm20', '6..2=0x05 1..0=3');
row('jal', 'I', 'J', 'rd jimm', '6..2=0x1b 1..0=3');
row('jalr', 'I', 'I', 'rd load', '14..12=0 6..2=0x19 1..0=3');
// prettier-ignore
for (const [name, f3] of [['beq', 0], ['bne', 1], ['blt', 4], ['bge', 5], ['bltu', 6], ['bgeu', 7]] as const) {
  row(name, 'I', 'B', 'rs1 rs2 bimm', `14..12=${f3} 6..2=0x18 1..0=3`);
}
// prettier-ignore
for (const [name, f3] of [['lb', 0], ['lh', 1], ['lw', 2], ['ld', 3], ['lbu', 4], ['lhu', 5], ['lwu', 6]] as const) {
  row(name, 'I', 'I', 'rd load', `14..12=${f3} 6..2=0x00 1..0=3`);
}
// prettier-ignore
for (const [name, f3] of [['sb', 0], ['sh', 1], ['sw', 2], ['sd', 3]] as const) {
  row(name, 'I', 'S', 'rs2 store', `14..12=${f3} 6..2=0x08 1..0=3`);
}
// prettier-ignore
for (const [name, f3] of [['addi', 0], ['slti', 2], ['sltiu', 3], ['xori', 4], ['ori', 6], ['andi', 7]] as const) {
  row(name, 'I', 'I', 'rd rs1 imm12', `14..12=${f3} 6..2=0x04 1..0=3`);
}
row('slli', 'I', 'I', 'rd rs1 shamt6', '31..26=0 14..12=1 6..2=0x04 1..0=3');
row('srli', 'I', 'I', 'rd rs1 shamt6', '31..26=0 14..12=5 6..2=0x04 1..0=3');
row('srai', 'I', 'I', 'rd rs1 shamt6', '31..26=0x10 14..12=5 6..2=0x04 1..0=3');
// prettier-ignore
for (const [name, f7, f3] of [
  ['add', 0, 0], ['sub', 0x20, 0], ['sll', 0, 1], ['slt', 0, 2], ['sltu', 0, 3],
  ['xor', 0, 4], ['srl', 0, 5], ['sra', 0x20, 5], ['or', 0, 6], ['and', 0, 7],
] as const) {
  row(name, 'I', 'R', 'rd rs1 rs2', `31..25=${f7} 14..12=${f3} 6..2=0x0c 1..0=3`);
}
row('addiw', 'I', 'I', 'rd rs1 imm12', '14..12=0 6..2=0x06 1..0=3');
row('slliw', 'I', 'I', 'rd rs1 shamt5', '31..25=0 14..12=1 6..2=0x06 1..0=3');
row('srliw', 'I', 'I', 'rd rs1 shamt5', '31..25=0 14..12=5 6..2=0x06 1..0=3');
row('sraiw', 'I', 'I', 'rd rs1 shamt5', '31..25=0x20 14..12=5 6..2=0x06 1..0=3');
// prettier-ignore
for (const [name, f7, f3] of [['addw', 0, 0], ['subw', 0x20, 0], ['sllw', 0, 1], ['srlw', 0, 5], ['sraw', 0x20, 5]] as const) {
  row(name, 'I', 'R', 'rd rs1 rs2', `31..25=${f7} 14..12=${f3} 6..2=0x0e 1..0=3`);
}
// FENCE leaves fm, rs1 and rd free (reserved for future use; they execute as a plain fence).
row('fence', 'I', 'I-fence', 'pred succ', '14..12=0 6..2=0x03 1..0=3');
row('fence.tso', 'I', 'I-fence', '', '31..28=8 27..24=3 23..20=3 19..15=0 14..12=0 11..7=0 6..2=0x03 1..0=3');
row('pause', 'I', 'I-fence', '', '31..28=0 27..24=1 23..20=0 19..15=0 14..12=0 11..7=0 6..2=0x03 1..0=3');
row('ecall', 'I', 'system', '', '31..20=0x000 19..7=0 6..2=0x1c 1..0=3');
row('ebreak', 'I', 'system', '', '31..20=0x001 19..7=0 6..2=0x1c 1..0=3');

// ---------------- Privileged instructions ----------------
row('sret', 'I', 'system', '', '31..20=0x102 19..7=0 6..2=0x1c 1..0=3');
row('mret', 'I', 'system', '', '31..20=0x302 19..7=0 6..2=0x1c 1..0=3');
row('wfi', 'I', 'system', '', '31..20=0x105 19..7=0 6..2=0x1c 1..0=3');
row('sfence.vma', 'I', 'R', 'rs1 rs2', '31..25=0x09 14..12=0 11..7=0 6..2=0x1c 1..0=3');

// ---------------- Zifencei, Zicsr ----------------
row('fence.i', 'Zifencei', 'I', '', '14..12=1 6..2=0x03 1..0=3');
// prettier-ignore
for (const [name, f3, src] of [
  ['csrrw', 1, 'rs1'], ['csrrs', 2, 'rs1'], ['csrrc', 3, 'rs1'],
  ['csrrwi', 5, 'zimm'], ['csrrsi', 6, 'zimm'], ['csrrci', 7, 'zimm'],
] as const) {
  row(name, 'Zicsr', 'I', `rd csr ${src}`, `14..12=${f3} 6..2=0x1c 1..0=3`);
}

// ---------------- M ----------------
// prettier-ignore
for (const [i, name] of ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'].entries()) {
  row(name, 'M', 'R', 'rd rs1 rs2', `31..25=1 14..12=${i} 6..2=0x0c 1..0=3`);
}
// prettier-ignore
for (const [name, f3] of [['mulw', 0], ['divw', 4], ['divuw', 5], ['remw', 6], ['remuw', 7]] as const) {
  row(name, 'M', 'R', 'rd rs1 rs2', `31..25=1 14..12=${f3} 6..2=0x0e 1..0=3`);
}

// ---------------- A (aq and rl, bits 26 and 25, are operand fields of every row) ----------------
// prettier-ignore
for (const [suffix, f3] of [['w', 2], ['d', 3]] as const) {
  row(`lr.${suffix}`, 'A', 'R-atomic', 'rd amo', `31..27=0x02 24..20=0 14..12=${f3} 6..2=0x0b 1..0=3`);
  row(`sc.${suffix}`, 'A', 'R-atomic', 'rd rs2 amo', `31..27=0x03 14..12=${f3} 6..2=0x0b 1..0=3`);
  for (const [op, f5] of [
    ['amoswap', 0x01], ['amoadd', 0x00], ['amoxor', 0x04], ['amoand', 0x0c], ['amoor', 0x08],
    ['amomin', 0x10], ['amomax', 0x14], ['amominu', 0x18], ['amomaxu', 0x1c],
  ] as const) {
    row(`${op}.${suffix}`, 'A', 'R-atomic', 'rd rs2 amo', `31..27=${f5} 14..12=${f3} 6..2=0x0b 1..0=3`);
  }
}

// ---------------- F and D (table-fd.ts) ----------------
floatRows(row);

// ---------------- C (RV64C; ISA manual, "RVC Instruction Set Listings") ----------------
const bits = (w: number, hi: number, lo: number): number => (w >>> lo) & ((1 << (hi - lo + 1)) - 1);
const rdField = (w: number): number => bits(w, 11, 7);
const rs2Field = (w: number): number => bits(w, 6, 2);
const imm6Zero = (w: number): boolean => bits(w, 12, 12) === 0 && bits(w, 6, 2) === 0;

// Quadrant 0
row('c.addi4spn', 'C', 'CIW', 'c.rdp sp c.addi4spn', '15..13=0 1..0=0', (w) => bits(w, 12, 5) !== 0);
row('c.fld', 'D', 'CL', 'c.frdp c.ld', '15..13=1 1..0=0');
row('c.lw', 'C', 'CL', 'c.rdp c.lw', '15..13=2 1..0=0');
row('c.ld', 'C', 'CL', 'c.rdp c.ld', '15..13=3 1..0=0');
row('c.fsd', 'D', 'CS', 'c.frs2p c.ld', '15..13=5 1..0=0');
row('c.sw', 'C', 'CS', 'c.rs2p c.lw', '15..13=6 1..0=0');
row('c.sd', 'C', 'CS', 'c.rs2p c.ld', '15..13=7 1..0=0');
// Quadrant 1. c.addi with rd = x0 is c.nop (with a nonzero immediate, a HINT), and c.addi with a zero
// immediate is a HINT too: all legal, all no-ops. One row, as objdump -M no-aliases prints them all as c.addi.
row('c.addi', 'C', 'CI', 'c.rd c.imm6', '15..13=0 1..0=1');
row('c.addiw', 'C', 'CI', 'c.rd c.imm6', '15..13=1 1..0=1', (w) => rdField(w) !== 0);
row('c.li', 'C', 'CI', 'c.rd c.imm6', '15..13=2 1..0=1');
row('c.addi16sp', 'C', 'CI', 'sp c.addi16sp', '15..13=3 11..7=2 1..0=1', (w) => !imm6Zero(w));
row('c.lui', 'C', 'CI', 'c.rd c.lui', '15..13=3 1..0=1', (w) => rdField(w) !== 2 && !imm6Zero(w));
row('c.srli', 'C', 'CB', 'c.rs1p c.shamt', '15..13=4 11..10=0 1..0=1');
row('c.srai', 'C', 'CB', 'c.rs1p c.shamt', '15..13=4 11..10=1 1..0=1');
row('c.andi', 'C', 'CB', 'c.rs1p c.imm6', '15..13=4 11..10=2 1..0=1');
row('c.sub', 'C', 'CA', 'c.rs1p c.rs2p', '15..10=0x23 6..5=0 1..0=1');
row('c.xor', 'C', 'CA', 'c.rs1p c.rs2p', '15..10=0x23 6..5=1 1..0=1');
row('c.or', 'C', 'CA', 'c.rs1p c.rs2p', '15..10=0x23 6..5=2 1..0=1');
row('c.and', 'C', 'CA', 'c.rs1p c.rs2p', '15..10=0x23 6..5=3 1..0=1');
row('c.subw', 'C', 'CA', 'c.rs1p c.rs2p', '15..10=0x27 6..5=0 1..0=1');
row('c.addw', 'C', 'CA', 'c.rs1p c.rs2p', '15..10=0x27 6..5=1 1..0=1');
row('c.j', 'C', 'CJ', 'c.jimm', '15..13=5 1..0=1');
row('c.beqz', 'C', 'CB', 'c.rs1p c.bimm', '15..13=6 1..0=1');
row('c.bnez', 'C', 'CB', 'c.rs1p c.bimm', '15..13=7 1..0=1');
// Quadrant 2
row('c.slli', 'C', 'CI', 'c.rd c.shamt', '15..13=0 1..0=2');
row('c.fldsp', 'D', 'CI', 'c.frd c.ldsp', '15..13=1 1..0=2');
row('c.lwsp', 'C', 'CI', 'c.rd c.lwsp', '15..13=2 1..0=2', (w) => rdField(w) !== 0);
row('c.ldsp', 'C', 'CI', 'c.rd c.ldsp', '15..13=3 1..0=2', (w) => rdField(w) !== 0);
row('c.jr', 'C', 'CR', 'c.rd', '15..12=8 6..2=0 1..0=2', (w) => rdField(w) !== 0);
row('c.mv', 'C', 'CR', 'c.rd c.rs2', '15..12=8 1..0=2', (w) => rs2Field(w) !== 0);
row('c.ebreak', 'C', 'CR', '', '15..12=9 11..7=0 6..2=0 1..0=2');
row('c.jalr', 'C', 'CR', 'c.rd', '15..12=9 6..2=0 1..0=2', (w) => rdField(w) !== 0);
row('c.add', 'C', 'CR', 'c.rd c.rs2', '15..12=9 1..0=2', (w) => rs2Field(w) !== 0);
row('c.fsdsp', 'D', 'CSS', 'c.frs2 c.sdsp', '15..13=5 1..0=2');
row('c.swsp', 'C', 'CSS', 'c.rs2 c.swsp', '15..13=6 1..0=2');
row('c.sdsp', 'C', 'CSS', 'c.rs2 c.sdsp', '15..13=7 1..0=2');

/**
 * Pairs whose fixed bits overlap on purpose: the more specific row (more fixed bits) wins in the decoder, or
 * the rows' `valid` constraints split the space. The table test checks each pair really overlaps.
 */
export const OVERLAP_ALLOWED: readonly (readonly [string, string])[] = [
  ['fence', 'fence.tso'],
  ['fence', 'pause'],
  ['c.addi16sp', 'c.lui'],
  ['c.jr', 'c.mv'],
  ['c.ebreak', 'c.jalr'],
  ['c.ebreak', 'c.add'],
  ['c.jalr', 'c.add'],
];

export const INSTRUCTIONS: readonly InstructionRow[] = rows.map((r, id) => Object.freeze({ ...r, id }));

export const ROW_BY_NAME: ReadonlyMap<string, InstructionRow> = new Map(INSTRUCTIONS.map((r) => [r.name, r]));
