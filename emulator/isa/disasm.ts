import { csrName } from './csr-names';
import { decode } from './decode';
import { ALIASES } from './disasm-aliases';
import {
  type DisasmOptions,
  type Form,
  formatAddress,
  hex,
  memOperand,
  type Render,
  target,
} from './disasm-format';
import {
  aq,
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
  fenceFm,
  fencePred,
  fenceSucc,
  immB,
  immI,
  immJ,
  immS,
  immU,
  rd,
  rl,
  rm,
  rs1,
  rs2,
  rs3,
  shamt5,
  shamt6,
  zimm,
} from './fields';
import { FP_ABI_NAMES, regName as xName } from './registers';
import type { InstructionRow, Operand } from './table';

export { type DisasmOptions, formatAddress } from './disasm-format';

/**
 * The disassembler, driven by the instruction table: its text is exactly what GNU objdump 2.40 prints for
 * the same word, with `-M no-aliases` (aliases: false) or in its default alias form (aliases: true), e.g.
 * `addi\ta0,a0,1` / `add\ta0,a0,1`, `csrrw\tzero,mstatus,a0` / `csrw\tmstatus,a0`. Checked row by row
 * against objdump in test/emulator/isa/disasm.test.ts.
 *
 * Addresses (branch targets and objdump's `# address` comments) print as objdump prints them: `0x80000010`
 * for a raw binary, or `80000010 <name>` when the program has symbols and `symbol` names the address.
 *
 * SIMPLIFICATION: objdump also remembers the upper half set by a preceding lui/auipc/c.lui and comments the
 * full address on the next addi/load/store/jalr that uses it, and comments gp-relative addresses when the
 * ELF has `__global_pointer$`. This disassembler sees one word at a time, so it comments only what that
 * word alone determines (a base of zero or tp), as objdump does when no such lui/auipc came before.
 */

/** FENCE predecessor/successor sets as objdump names them (none is printed as "unknown"). */
const FENCE_SETS = [
  'unknown',
  'w',
  'r',
  'rw',
  'o',
  'ow',
  'or',
  'orw',
  'i',
  'iw',
  'ir',
  'irw',
  'io',
  'iow',
  'ior',
  'iorw',
];

const fName = (i: number): string => FP_ABI_NAMES[i & 31];

/** Rounding modes as objdump names them; 5 and 6 are reserved. */
const ROUNDING_MODES = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'unknown', 'unknown', 'dyn'];
/** rm = dyn (round as the frm CSR says) is the default: objdump omits it, and GNU as writes it when omitted. */
const RM_DYN = 7;

/** One operand of a table row, in the role the row names. */
function operand(r: Render, row: InstructionRow, op: Operand): string {
  const w = r.w;
  switch (op) {
    case 'rd':
      return xName(rd(w));
    case 'rs1':
      return xName(rs1(w));
    case 'rs2':
      return xName(rs2(w));
    case 'imm12':
      // objdump comments addi/addiw from tp (rs1 = x0 is li, an absolute constant, not an address).
      if ((row.name === 'addi' || row.name === 'addiw') && rs1(w) === 4) r.comment = BigInt(immI(w));
      return String(immI(w));
    case 'shamt6':
      return hex(shamt6(w));
    case 'shamt5':
      return hex(shamt5(w));
    case 'uimm20':
      return hex(immU(w) >>> 12);
    case 'bimm':
      return target(r, immB(w));
    case 'jimm':
      return target(r, immJ(w));
    case 'load':
      return memOperand(r, immI(w), rs1(w));
    case 'store':
      return memOperand(r, immS(w), rs1(w));
    case 'amo':
      return `(${xName(rs1(w))})`;
    case 'csr':
      return csrName(csr(w));
    case 'zimm':
      return String(zimm(w));
    case 'pred':
      return FENCE_SETS[fencePred(w)];
    case 'succ':
      return FENCE_SETS[fenceSucc(w)];
    case 'c.rd':
      return xName(cRd(w));
    case 'c.rs2':
      return xName(cRs2(w));
    case 'c.rdp':
      return xName(cRdP(w));
    case 'c.rs1p':
      return xName(cRs1P(w));
    case 'c.rs2p':
      return xName(cRs2P(w));
    case 'c.frdp':
    case 'c.frs2p':
      return fName(cRdP(w));
    case 'c.frd':
      return fName(cRd(w));
    case 'c.frs2':
      return fName(cRs2(w));
    case 'frd':
      return fName(rd(w));
    case 'frs1':
      return fName(rs1(w));
    case 'frs2':
      return fName(rs2(w));
    case 'frs3':
      return fName(rs3(w));
    case 'rm':
      return ROUNDING_MODES[rm(w)];
    case 'sp':
      return 'sp';
    case 'c.imm6':
      // c.addi/c.addiw from tp get the same address comment as addi/addiw.
      if ((row.name === 'c.addi' || row.name === 'c.addiw') && cRd(w) === 4) r.comment = BigInt(cImm6(w));
      return String(cImm6(w));
    case 'c.shamt':
      return hex(cShamt(w));
    case 'c.lui':
      return hex((cLuiImm(w) >>> 12) & 0xfffff);
    case 'c.addi16sp':
      return String(cAddi16spImm(w));
    case 'c.addi4spn':
      return String(cAddi4spnImm(w));
    case 'c.lw':
      return `${cLwImm(w)}(${xName(cRs1P(w))})`;
    case 'c.ld':
      return `${cLdImm(w)}(${xName(cRs1P(w))})`;
    case 'c.lwsp':
      return `${cLwspImm(w)}(sp)`;
    case 'c.ldsp':
      return `${cLdspImm(w)}(sp)`;
    case 'c.swsp':
      return `${cSwspImm(w)}(sp)`;
    case 'c.sdsp':
      return `${cSdspImm(w)}(sp)`;
    case 'c.jimm':
      return target(r, cJImm(w));
    case 'c.bimm':
      return target(r, cBImm(w));
  }
}

/** The `-M no-aliases` form: the row's own mnemonic and its operands in assembly order. */
function plainForm(r: Render, row: InstructionRow): Form {
  const w = r.w;
  let m = row.name;
  let ops = row.operands;
  if (ops.includes('rm') && rm(w) === RM_DYN) ops = ops.filter((op) => op !== 'rm');
  if (row.ext === 'A') m += ['', '.rl', '.aq', '.aqrl'][(aq(w) << 1) | rl(w)];
  // On RV64 a compressed shift by zero is a HINT that binutils names c.slli64/c.srli64/c.srai64.
  if ((m === 'c.slli' || m === 'c.srli' || m === 'c.srai') && cShamt(w) === 0) {
    m = `${m}64`;
    ops = ops.slice(0, 1);
  }
  return { m, a: ops.map((op) => operand(r, row, op)) };
}

/**
 * Words that objdump prints as data although the ISA manual makes them legal. FENCE and FENCE.I with
 * nonzero "unused" fields (rd, rs1, fm, imm) must execute as plain fences ("implementations shall ignore
 * these fields"), so the decoder accepts them; objdump's opcode table fixes those fields to zero. Likewise
 * fcvt.d.w, fcvt.d.wu and fcvt.d.s with a nonzero rounding mode (they never round, but the manual and
 * riscv-opcodes give them an rm field, and QEMU accepts any valid rm there).
 */
function objdumpPrintsAsData(row: InstructionRow, w: number): boolean {
  if (row.name === 'fence') return rd(w) !== 0 || rs1(w) !== 0 || fenceFm(w) !== 0;
  if (row.name === 'fence.i') return immI(w) !== 0 || rd(w) !== 0 || rs1(w) !== 0;
  // The exact conversions keep an rm field in the manual; binutils 2.40 fixes it to zero.
  if (row.name === 'fcvt.d.w' || row.name === 'fcvt.d.wu' || row.name === 'fcvt.d.s') return rm(w) !== 0;
  return false;
}

function data(w: number, length: 2 | 4): string {
  return length === 2 ? `.2byte\t${hex(w & 0xffff)}` : `.4byte\t${hex(w)}`;
}

/**
 * objdump's text for one instruction word at `pc`. A 16-bit instruction is passed as its halfword (the
 * upper 16 bits are ignored). Illegal and reserved words print as objdump prints unknown words, `.2byte`
 * or `.4byte` followed by the value.
 *
 * Deliberately unlike objdump 2.40, a word the ISA manual reserves but objdump decodes prints as data:
 * the only one in this table's space is c.addi16sp with nzimm = 0 (0x6101), `c.addi16sp sp,0` to objdump.
 *
 * SIMPLIFICATION: encodings longer than 32 bits (low bits 11111) are not supported; they print as
 * `.4byte` of the word given.
 */
export function disassemble(word: number, pc: bigint, options: DisasmOptions = {}): string {
  const aliases = options.aliases ?? true;
  const length = (word & 3) === 3 ? 4 : 2;
  const w = length === 4 ? word >>> 0 : word & 0xffff;
  // The defined-illegal all-zero halfword, and `csrrw x0, cycle, x0`, which binutils prints as unimp in
  // both modes (its canonical 32-bit unimp: a write to the read-only cycle CSR traps).
  if (length === 2 && w === 0) return aliases ? 'unimp' : 'c.unimp';
  if (w === 0xc0001073) return 'unimp';
  const row = decode(w);
  if (row === undefined || objdumpPrintsAsData(row, w)) return data(w, length);

  const r: Render = { w, pc, options };
  const form = (aliases ? ALIASES[row.name]?.(r) : null) ?? plainForm(r, row);
  const text = form.a.length > 0 ? `${form.m}\t${form.a.join(',')}` : form.m;
  return r.comment === undefined ? text : `${text} # ${formatAddress(r.comment, options)}`;
}
