/**
 * One instruction statement to items: find the mnemonic (a pseudo-instruction, else a row of the table by
 * name), parse each operand by its table role, compress under .option rvc as GNU as does, and emit. Branches
 * and jumps to symbols become branch items whose size is chosen at layout (section.ts).
 */
import { type InstructionRow, ROW_BY_NAME } from '../isa/table';
import { Diagnostics, type Loc } from './diagnostics';
import { Cursor, evaluate, type Expr, parseExpr } from './expr';
import { tokenize } from './lexer';
import { compress, compressedBranch } from './compress';
import { expandLi } from './li';
import { isError, type OperandText, type OpValue, parseRole, splitOperands, xRegister } from './operands';
import { expandPseudo, pseudoCounts, type Special } from './pseudo';
import { checkValue, ROLES } from './roles';
import type { AsmState } from './state';

const ORDERING: Record<string, number> = { aq: 1 << 26, rl: 1 << 25, aqrl: 3 << 25 };
const DYN = 7;
// prettier-ignore
const IMMEDIATE_FORM: Record<string, string> = {
  add: 'addi', and: 'andi', or: 'ori', xor: 'xori', sll: 'slli', srl: 'srli', sra: 'srai', slt: 'slti',
  sltu: 'sltiu', addw: 'addiw', sllw: 'slliw', srlw: 'srliw', sraw: 'sraiw',
};

/** The row a mnemonic names, with the aq/rl bits of a `.aq`/`.rl`/`.aqrl` suffix on an A instruction. */
export function findRow(name: string): { row: InstructionRow; extra: number } | undefined {
  const row = ROW_BY_NAME.get(name);
  if (row) return { row, extra: 0 };
  const m = /^(.+)\.(aq|rl|aqrl)$/.exec(name);
  const base = m ? ROW_BY_NAME.get(m[1]) : undefined;
  return m && base?.ext === 'A' ? { row: base, extra: ORDERING[m[2]] } : undefined;
}

/** Assemble one instruction statement: `name` at `loc`, its operands in `args` starting at `argsColumn`. */
export function assembleInstruction(
  st: AsmState,
  name: string,
  args: string,
  argsColumn: number,
  loc: Loc,
): void {
  const ops = splitOperands(args, argsColumn);
  if (symbolicAccess(st, name, ops, loc)) return;
  const pseudo = expandPseudo(name, ops, loc.column);
  if (pseudo && 'special' in pseudo) return special(st, pseudo.special, ops, loc);
  // GNU as also accepts the register-register mnemonic with an immediate (add a0, a0, 1 is addi).
  const imm = Object.hasOwn(IMMEDIATE_FORM, name) && ops.length === 3 && xRegister(ops[2].text) === undefined;
  const list = pseudo ? pseudo.expansions : [{ name: imm ? IMMEDIATE_FORM[name] : name, ops, typed: name }];
  for (const e of list) tableInstruction(st, e.name, e.ops, e.typed, loc, name);
}

function tableInstruction(
  st: AsmState,
  name: string,
  ops: OperandText[],
  typed: string,
  loc: Loc,
  shown: string,
): void {
  const found = findRow(name);
  if (!found) {
    const counts = pseudoCounts(shown);
    const msg = counts.length
      ? `'${shown}' takes ${counts.join(' or ')} operands, found ${ops.length}`
      : `unknown instruction '${shown}'`;
    st.diag.error(loc, msg);
    return;
  }
  const { row, extra } = found;
  const roles = [...row.operands];
  const values: OpValue[] = [];
  const rmOptional = roles[roles.length - 1] === 'rm' && ops.length === roles.length - 1;
  if (ops.length !== roles.length && !rmOptional) {
    const shape = roles.length ? ` (${roles.join(', ')})` : '';
    st.diag.error(
      loc,
      `'${shown}' expects ${roles.length} operand${roles.length === 1 ? '' : 's'}${shape}, found ${ops.length}`,
    );
    return;
  }
  const ctx = st.context(loc);
  for (let i = 0; i < ops.length; i++) {
    const v = parseRole(roles[i], ops[i], ctx);
    if (isError(v)) return st.diag.error(Diagnostics.at(loc, v.column), v.error);
    const spec = ROLES[roles[i]];
    if (v.n !== undefined && spec.shape !== 'target' && spec.shape !== 'xreg' && spec.shape !== 'freg') {
      const bad = checkValue(roles[i], spec, v.n);
      if (bad)
        return st.diag.error(
          Diagnostics.at(loc, ops[i].column),
          `${roleWord(roles[i])} out of range: ${bad}`,
        );
    }
    values.push(v);
  }
  if (rmOptional) values.push({ n: DYN });
  emitRow(st, row, values, extra, typed, loc);
}

function roleWord(role: string): string {
  if (role === 'load' || role === 'store' || role.startsWith('c.l') || role.startsWith('c.s'))
    return 'offset';
  if (role === 'csr') return 'CSR number';
  return 'immediate';
}

/** Emit a row with parsed operands: as a branch item, compressed, or as it is. */
export function emitRow(
  st: AsmState,
  row: InstructionRow,
  ops: OpValue[],
  extra: number,
  typed: string,
  loc: Loc,
): void {
  const t = row.operands.findIndex((r) => r === 'bimm' || r === 'jimm');
  if (t >= 0) {
    const regs = ops.slice(0, t).map((o) => o.n ?? 0);
    const target = ops[t];
    st.emit({
      kind: 'branch',
      row,
      ops,
      compressed: st.rvc ? compressedBranch(typed, row, regs) : undefined,
      target: target.n !== undefined ? target.n : target.d,
      size: 4,
      loc,
    });
    return;
  }
  const c = st.rvc && row.length === 4 ? compress(typed, row, ops) : undefined;
  if (c) st.emit({ kind: 'insn', row: c.row, ops: c.ops, extra: 0, size: 2, loc });
  else st.emit({ kind: 'insn', row, ops, extra, size: row.length, loc });
}

const row = (name: string): InstructionRow => ROW_BY_NAME.get(name) as InstructionRow;

/** A constant operand as a full 64-bit value (li takes any 64-bit constant; a JS number would round it). */
function constantNow(st: AsmState, op: OperandText, loc: Loc): bigint | undefined {
  const lex = tokenize(op.text, op.column);
  if (lex.error) return void st.diag.error(Diagnostics.at(loc, lex.error.column), lex.error.message);
  const cur = new Cursor(lex.tokens);
  const e = parseExpr(cur, st.symbolName);
  if (!('k' in e)) return void st.diag.error(Diagnostics.at(loc, e.column), e.message);
  if (!cur.atEnd())
    return void st.diag.error(Diagnostics.at(loc, cur.peek().column), `unexpected '${cur.peek().text}'`);
  const r = evaluate(e, st.lookupNow);
  if (r.ok) return r.value;
  // GNU as refuses a constant defined below the li too ("illegal operands"): it must choose the expansion now.
  const msg = r.unknown
    ? `li needs a constant defined above this line, found '${op.text}' (use la to load an address)`
    : r.message;
  return void st.diag.error(Diagnostics.at(loc, r.unknown ? op.column : r.column), msg);
}

/** li, la, lla, call, tail and jump: several instructions, or values only known later. */
function special(st: AsmState, name: Special, ops: OperandText[], loc: Loc): void {
  const reg = (o: OperandText): number | undefined => {
    const r = xRegister(o.text);
    if (r === undefined)
      st.diag.error(Diagnostics.at(loc, o.column), `expected a register, found '${o.text}'`);
    return r;
  };
  if (name === 'li') {
    const rd = reg(ops[0]);
    const v = constantNow(st, ops[1], loc);
    if (rd === undefined || v === undefined) return;
    expandLi(rd, v).forEach((s, i) => {
      const ops2: OpValue[] =
        s.name === 'lui'
          ? [{ n: rd }, { n: Number(s.imm) }]
          : [{ n: rd }, { n: s.rs1 }, { n: Number(s.imm) }];
      emitRow(st, row(s.name), ops2, 0, i === 0 && s.name === 'addi' ? 'li' : s.name, loc);
    });
    return;
  }
  let rd: number | undefined;
  let tmp: number | undefined;
  let target: OperandText;
  if (name === 'la' || name === 'lla') [rd, tmp, target] = [reg(ops[0]), reg(ops[0]), ops[1]];
  else if (name === 'call') [rd, tmp, target] = ops.length === 2 ? [reg(ops[0]), 6, ops[1]] : [1, 1, ops[0]];
  else if (name === 'tail') [rd, tmp, target] = [0, 6, ops[0]];
  else [rd, tmp, target] = [0, reg(ops[1]), ops[0]];
  const expr = targetOf(st, target, loc);
  if (rd === undefined || tmp === undefined || !expr) return;
  const lo = pcrelPair(st, tmp, expr, target.column, loc);
  if (name === 'la' || name === 'lla') emitRow(st, row('addi'), [{ n: rd }, { n: tmp }, lo], 0, 'addi', loc);
  else emitRow(st, row('jalr'), [{ n: rd }, { ...lo, base: tmp }], 0, 'jalr', loc);
}

/** A symbol as a jump or address target (a constant is taken as an absolute address). */
function targetOf(st: AsmState, o: OperandText, loc: Loc): Expr | undefined {
  const v = parseRole('imm12', o, st.context(loc));
  if (isError(v)) return void st.diag.error(Diagnostics.at(loc, v.column), v.error);
  if (v.d?.mod)
    return void st.diag.error(Diagnostics.at(loc, o.column), `expected a symbol, found '${o.text}'`);
  return v.d ? v.d.expr : { k: 'num', v: BigInt(v.n ?? 0), column: o.column };
}

/**
 * `auipc tmp, %pcrel_hi(target)` here, and the `%pcrel_lo` operand of the instruction that follows it (which
 * names the auipc's own address, as the psABI's %pcrel_lo does).
 */
function pcrelPair(st: AsmState, tmp: number, target: Expr, column: number, loc: Loc): OpValue {
  const anchor = st.symbolName({ kind: 'ident', text: '.', column: loc.column }) as string;
  const hi: OpValue = { d: { expr: target, mod: 'pcrel_hi', loc: { ...loc, column } } };
  emitRow(st, row('auipc'), [{ n: tmp }, hi], 0, 'auipc', loc);
  return { d: { expr: { k: 'sym', name: anchor, column: loc.column }, mod: 'pcrel_lo', loc } };
}

const SYMBOL_LOADS = new Set(['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu']);
const SYMBOL_STORES = new Set(['sb', 'sh', 'sw', 'sd', 'flw', 'fld', 'fsw', 'fsd']);
const hasBase = (o: OperandText): boolean => {
  const m = /\(\s*([^()\s]+)\s*\)\s*$/.exec(o.text);
  return m !== null && xRegister(m[1]) !== undefined;
};

/**
 * A load or store of a symbol's address, as GNU as expands it: `ld rd, sym` is `auipc rd, %pcrel_hi(sym)` and
 * `ld rd, %pcrel_lo(.)(rd)`; a store (and a float load, whose rd is no address register) names the scratch
 * register to use, `sd rs, sym, rt`. False when the statement is not this form.
 */
function symbolicAccess(st: AsmState, name: string, ops: OperandText[], loc: Loc): boolean {
  const load = SYMBOL_LOADS.has(name) && ops.length === 2 && !hasBase(ops[1]);
  const store = SYMBOL_STORES.has(name) && ops.length === 3 && xRegister(ops[2].text) !== undefined;
  if (!load && !store) return false;
  const ctx = st.context(loc);
  // A constant is no symbol: GNU as refuses `lw a0, 8` ("illegal operands"), so leave it to the plain form's
  // message (expected offset(register)).
  const target = parseRole('imm12', ops[1], ctx);
  if (!isError(target) && target.n !== undefined) return false;
  const r = findRow(name)?.row as InstructionRow;
  const first = parseRole(r.operands[0], ops[0], ctx);
  if (isError(first)) {
    st.diag.error(Diagnostics.at(loc, first.column), first.error);
    return true;
  }
  const tmp = load ? first.n : xRegister(ops[2].text);
  const expr = targetOf(st, ops[1], loc);
  if (tmp === undefined || !expr) return true;
  const lo = pcrelPair(st, tmp, expr, ops[1].column, loc);
  emitRow(st, r, [first, { ...lo, base: tmp }], 0, name, loc);
  return true;
}
