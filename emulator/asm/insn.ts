/**
 * `.insn`: an instruction given by its format and fields rather than its name, as GNU as reads it (GNU as
 * manual, "RISC-V Instruction Formats"), for encodings the table does not name:
 *
 *   .insn r  OPCODE, FUNC3, FUNC7, RD, RS1, RS2        .insn r  OPCODE, FUNC3, FUNC2, RD, RS1, RS2, RS3
 *   .insn i  OPCODE, FUNC3, RD, RS1, SIMM12            .insn i  OPCODE, FUNC3, RD, SIMM12(RS1)
 *   .insn s  OPCODE, FUNC3, RS2, SIMM12(RS1)           .insn b  OPCODE, FUNC3, RS1, RS2, TARGET
 *   .insn u  OPCODE, RD, UIMM20                        .insn j  OPCODE, RD, TARGET
 *   .insn VALUE            .insn LENGTH, VALUE         (sb = b, uj = j, r4 = r with four registers)
 *
 * OPCODE is a number or one of GNU's names (OP, OP_IMM, LOAD, BRANCH...). Registers may be x or f registers.
 * SIMPLIFICATION: the compressed formats (cr, ci, ciw, ...) and lengths beyond 4 bytes are not accepted.
 */
import type { InstructionRow, Operand } from '../isa/table';
import { Diagnostics, type Loc } from './diagnostics';
import type { OpValue, OperandText } from './operands';
import { fRegister, isError, parseRole, splitOperands, xRegister } from './operands';
import { checkValue, ROLES } from './roles';
import type { AsmState } from './state';
import { constant } from './directives';

// prettier-ignore
const OPCODES: Record<string, number> = {
  LOAD: 0x03, LOAD_FP: 0x07, CUSTOM_0: 0x0b, MISC_MEM: 0x0f, OP_IMM: 0x13, AUIPC: 0x17, OP_IMM_32: 0x1b,
  STORE: 0x23, STORE_FP: 0x27, CUSTOM_1: 0x2b, AMO: 0x2f, OP: 0x33, LUI: 0x37, OP_32: 0x3b, MADD: 0x43,
  MSUB: 0x47, NMSUB: 0x4b, NMADD: 0x4f, OP_FP: 0x53, CUSTOM_2: 0x5b, BRANCH: 0x63, JALR: 0x67, JAL: 0x6f,
  SYSTEM: 0x73, CUSTOM_3: 0x7b,
};

/** Each format: its fields in operand order ('reg@SHIFT' a register field, others a table role). */
const FORMATS: Record<string, string[][]> = {
  r: [
    ['f3', 'f7', 'reg@7', 'reg@15', 'reg@20'],
    ['f3', 'f2', 'reg@7', 'reg@15', 'reg@20', 'reg@27'],
  ],
  i: [
    ['f3', 'reg@7', 'reg@15', 'imm12'],
    ['f3', 'reg@7', 'load'],
  ],
  s: [['f3', 'reg@20', 'store']],
  b: [['f3', 'reg@15', 'reg@20', 'bimm']],
  u: [['reg@7', 'uimm20']],
  j: [['reg@7', 'jimm']],
};
FORMATS.r4 = [FORMATS.r[1]];
FORMATS.sb = FORMATS.b;
FORMATS.uj = FORMATS.j;

const FIELD = { f3: { shift: 12, max: 7 }, f7: { shift: 25, max: 0x7f }, f2: { shift: 25, max: 3 } };
const REG_ROLE: Record<string, Operand> = { '7': 'rd', '15': 'rs1', '20': 'rs2', '27': 'frs3' };

export function insnDirective(st: AsmState, args: string, column: number, loc: Loc): void {
  const m = /^\s*([A-Za-z_]\w*)\s+/.exec(args);
  const format = m?.[1].toLowerCase();
  if (!m || !format) return raw(st, args, column, loc);
  const forms = Object.hasOwn(FORMATS, format) ? FORMATS[format] : undefined;
  if (!forms) {
    return st.diag.error(
      Diagnostics.at(loc, column + m[0].indexOf(m[1])),
      `unknown .insn format '${m[1]}': expected r, r4, i, s, b (sb), u or j`,
    );
  }
  const ops = splitOperands(args.slice(m[0].length), column + m[0].length);
  const fields = forms.find((f) => f.length === ops.length - 1);
  if (!fields) {
    const counts = forms.map((f) => f.length + 1).join(' or ');
    return st.diag.error(loc, `.insn ${format} takes ${counts} operands, found ${ops.length}`);
  }
  const opcode = field(st, ops[0], loc, 'an opcode (0..0x7f, or a name like OP or LOAD)', 0x7f);
  if (opcode === undefined) return;
  if ((opcode & 3) !== 3)
    return st.diag.error(Diagnostics.at(loc, ops[0].column), 'a 32-bit .insn opcode must end in binary 11');
  let match = opcode;
  const roles: Operand[] = [];
  const values: OpValue[] = [];
  const ctx = st.context(loc);
  for (const [k, f] of fields.entries()) {
    const op = ops[k + 1];
    if (f in FIELD) {
      const { shift, max } = FIELD[f as keyof typeof FIELD];
      const v = field(st, op, loc, `${f === 'f3' ? 'func3' : f === 'f7' ? 'func7' : 'func2'} 0..${max}`, max);
      if (v === undefined) return;
      match |= v << shift;
    } else if (f.startsWith('reg@')) {
      const r = xRegister(op.text) ?? fRegister(op.text);
      if (r === undefined)
        return st.diag.error(Diagnostics.at(loc, op.column), `expected a register, found '${op.text}'`);
      roles.push(REG_ROLE[f.slice(4)]);
      values.push({ n: r });
    } else {
      const v = parseRole(f, op, ctx);
      if (isError(v)) return st.diag.error(Diagnostics.at(loc, v.column), v.error);
      const bad = v.n !== undefined && ROLES[f].shape !== 'target' ? checkValue(f, ROLES[f], v.n) : undefined;
      if (bad) return st.diag.error(Diagnostics.at(loc, op.column), `immediate out of range: ${bad}`);
      roles.push(f as Operand);
      values.push(v);
    }
  }
  // GNU as never compresses or relaxes an .insn: emit exactly this word.
  st.emit({ kind: 'insn', row: synthetic(match >>> 0, roles, 4), ops: values, extra: 0, size: 4, loc });
}

/** `.insn VALUE` or `.insn LENGTH, VALUE`: the length comes from the value's low bits when not given. */
function raw(st: AsmState, args: string, column: number, loc: Loc): void {
  const ops = splitOperands(args, column);
  if (ops.length < 1 || ops.length > 2)
    return st.diag.error(loc, 'expected .insn FORMAT, FIELDS... or .insn [LENGTH,] VALUE');
  const value = constant(st, ops[ops.length - 1], loc, 'an instruction value');
  const given = ops.length === 2 ? constant(st, ops[0], loc, 'a length') : undefined;
  if (value === undefined || (ops.length === 2 && given === undefined)) return;
  const natural = (value & 3n) !== 3n ? 2 : (value & 0x1fn) !== 0x1fn ? 4 : 0;
  const length = given === undefined ? natural : Number(given);
  if ((length !== 2 && length !== 4) || length !== natural) {
    return st.diag.error(
      loc,
      `.insn value 0x${value.toString(16)} is not a ${length || 'supported'}-byte instruction ` +
        '(2 bytes: low bits not 11; 4 bytes: low bits 11, bits 4..2 not 111)',
    );
  }
  if (value < 0n || value >= 1n << BigInt(8 * length))
    return st.diag.error(loc, `.insn value does not fit in ${length} bytes`);
  st.emit({ kind: 'insn', row: synthetic(Number(value), [], length), ops: [], extra: 0, size: length, loc });
}

function field(st: AsmState, op: OperandText, loc: Loc, what: string, max: number): number | undefined {
  const upper = op.text.toUpperCase();
  const named = Object.hasOwn(OPCODES, upper) ? OPCODES[upper] : undefined;
  if (named !== undefined && what.startsWith('an opcode')) return named;
  const v = constant(st, op, loc, what);
  if (v === undefined) return undefined;
  if (v < 0n || v > BigInt(max))
    return void st.diag.error(Diagnostics.at(loc, op.column), `expected ${what}, got ${v}`);
  return Number(v);
}

function synthetic(match: number, operands: Operand[], length: 2 | 4): InstructionRow {
  return { id: -1, name: '.insn', ext: 'I', format: 'R', mask: 0, match, operands, length };
}
