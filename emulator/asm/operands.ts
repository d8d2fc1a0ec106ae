/**
 * Operand text to operand values, one table role at a time (roles.ts says what each role looks like). An
 * operand that is a constant when it is read becomes a number; one that names a symbol not known yet (a label,
 * or %lo(sym)) is kept as an expression and resolved after layout.
 */
import { CSR_NAMES } from '../isa/csr-names';
import { ABI_NAMES, FP_ABI_NAMES } from '../isa/registers';
import type { Loc } from './diagnostics';
import { Cursor, evaluate, type Expr, type Lookup, type ParseError, parseExpr } from './expr';
import { type Token, tokenize } from './lexer';
import { ROLES, type RoleSpec } from './roles';

/** One operand's text between commas, and the column it starts at. */
export interface OperandText {
  text: string;
  column: number;
}

export type Modifier = 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo';

/** A value resolved after layout. */
export interface Deferred {
  expr: Expr;
  mod?: Modifier;
  loc: Loc;
}

/** One role's value: a number now, or later; memory operands also carry their base register. */
export type OpValue =
  { n: number; d?: undefined; base?: number } | { n?: undefined; d: Deferred; base?: number };

export interface OperandContext {
  loc: Loc;
  /** Values of symbols known now (constants defined so far). */
  lookup: Lookup;
  /** Maps a symbol token to its symbol (`.`, numeric local labels). */
  name: (t: Token) => string | ParseError;
}

export type Parsed<T> = T | { error: string; column: number };
export const isError = <T>(v: Parsed<T>): v is { error: string; column: number } =>
  typeof v === 'object' && v !== null && 'error' in v;

/** Split operand text at the commas that are not inside parentheses or strings. */
export function splitOperands(text: string, column: number): OperandText[] {
  const out: OperandText[] = [];
  let depth = 0;
  let start = 0;
  let quote = false;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), column: column + start + lead });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  if (text.trim() !== '' || out.length > 0) push(text.length);
  return out;
}

const X_NAMES = new Map<string, number>([...ABI_NAMES.map((n, i) => [n, i] as const), ['fp', 8]]);
for (let i = 0; i < 32; i++) X_NAMES.set(`x${i}`, i);
const F_NAMES = new Map<string, number>(FP_ABI_NAMES.map((n, i) => [n, i] as const));
for (let i = 0; i < 32; i++) F_NAMES.set(`f${i}`, i);
const CSR_BY_NAME = new Map<string, number>([...CSR_NAMES].map(([num, n]) => [n, num]));
const ROUNDING = ['rne', 'rtz', 'rdn', 'rup', 'rmm', '', '', 'dyn'];

export const xRegister = (s: string): number | undefined => X_NAMES.get(s);
export const fRegister = (s: string): number | undefined => F_NAMES.get(s);

function register(op: OperandText, spec: RoleSpec, float: boolean): Parsed<number> {
  const r = (float ? F_NAMES : X_NAMES).get(op.text);
  const kind = float ? 'an f register' : 'a register';
  if (r === undefined) return { error: `expected ${kind}, found '${op.text}'`, column: op.column };
  if (spec.fixedReg !== undefined && r !== spec.fixedReg) {
    return { error: `expected ${ABI_NAMES[spec.fixedReg]} here, found '${op.text}'`, column: op.column };
  }
  if (spec.regMin !== undefined && (r < spec.regMin || r > (spec.regMax ?? 31))) {
    const range = float ? 'fs0, fs1, fa0..fa5 (f8..f15)' : 's0, s1, a0..a5 (x8..x15)';
    return { error: `expected one of ${range}, found '${op.text}'`, column: op.column };
  }
  return r;
}

/** An expression, with an optional %modifier(...) around it; a constant if it can be computed now. */
export function value(
  tokens: Token[],
  ctx: OperandContext,
  allowed: readonly Modifier[],
): Parsed<{ v: OpValue; rest: Cursor }> {
  const cur = new Cursor(tokens);
  let mod: Modifier | undefined;
  const first = cur.peek();
  if (first.kind === 'mod') {
    if (!(allowed as readonly string[]).includes(first.text)) {
      const ok = allowed.length ? `; expected ${allowed.map((m) => `%${m}`).join(' or ')}` : '';
      return { error: `%${first.text} is not allowed here${ok}`, column: first.column };
    }
    mod = first.text as Modifier;
    cur.next();
    if (!cur.isPunct('(')) return { error: `expected '(' after %${mod}`, column: cur.peek().column };
  }
  const e = parseExpr(cur, ctx.name);
  if (!('k' in e)) return { error: e.message, column: e.column };
  const loc = { ...ctx.loc, column: first.column };
  if (mod === undefined) {
    const r = evaluate(e, ctx.lookup);
    if (r.ok) return { v: { n: Number(r.value) }, rest: cur };
    if (!r.unknown) return { error: r.message, column: r.column };
  }
  return { v: { d: { expr: e, mod, loc } }, rest: cur };
}

/** `offset(base)`, `(base)` or `offset`: the base register is required except for memory-less uses. */
function memory(op: OperandText, spec: RoleSpec, ctx: OperandContext, role: string): Parsed<OpValue> {
  const lex = tokenize(op.text, op.column);
  if (lex.error) return { error: lex.error.message, column: lex.error.column };
  const t = lex.tokens;
  // The base register is the last '(' reg ')' of the operand.
  const n = t.length;
  const hasBase = n >= 4 && t[n - 2].text === ')' && t[n - 3].kind === 'ident' && t[n - 4].text === '(';
  if (!hasBase)
    return { error: `expected a memory operand offset(register), found '${op.text}'`, column: op.column };
  const baseTok = t[n - 3];
  const base = register({ text: baseTok.text, column: baseTok.column }, spec, false);
  if (isError(base)) return base;
  let offset: OpValue = { n: 0 };
  if (n > 4) {
    const head = [...t.slice(0, n - 4), { kind: 'end' as const, text: '', column: t[n - 4].column }];
    const mods: Modifier[] = role === 'load' || role === 'store' ? ['lo', 'pcrel_lo'] : [];
    const r = value(head, ctx, mods);
    if (isError(r)) return r;
    if (!r.rest.atEnd()) return { error: `unexpected '${r.rest.peek().text}'`, column: r.rest.peek().column };
    offset = r.v;
  }
  return { ...offset, base };
}

const CONTROL = 'iorw';

function fenceSet(op: OperandText): Parsed<number> {
  let v = 0;
  for (const c of op.text) {
    const bit = CONTROL.indexOf(c);
    if (bit < 0 || v & (8 >> bit)) {
      return {
        error: `expected a fence set of the letters i, o, r, w, found '${op.text}'`,
        column: op.column,
      };
    }
    v |= 8 >> bit;
  }
  if (op.text === '') return { error: 'expected a fence set (i, o, r, w)', column: op.column };
  return v;
}

/** Parse one operand for a table role. */
export function parseRole(role: string, op: OperandText, ctx: OperandContext): Parsed<OpValue> {
  const spec = ROLES[role];
  if (spec === undefined) {
    return { error: `operand kind '${role}' is not supported by the assembler yet`, column: op.column };
  }
  switch (spec.shape) {
    case 'xreg':
    case 'freg': {
      const r = register(op, spec, spec.shape === 'freg');
      return isError(r) ? r : { n: r };
    }
    case 'mem':
      return memory(op, spec, ctx, role);
    case 'fence': {
      const r = fenceSet(op);
      return isError(r) ? r : { n: r };
    }
    case 'rm': {
      const i = ROUNDING.indexOf(op.text);
      if (i < 0 || op.text === '') {
        return {
          error: `expected a rounding mode (rne, rtz, rdn, rup, rmm, dyn), found '${op.text}'`,
          column: op.column,
        };
      }
      return { n: i };
    }
    case 'csr': {
      const named = CSR_BY_NAME.get(op.text);
      if (named !== undefined) return { n: named };
      break;
    }
  }
  const lex = tokenize(op.text, op.column);
  if (lex.error) return { error: lex.error.message, column: lex.error.column };
  const mods: Modifier[] =
    role === 'uimm20' ? ['hi', 'pcrel_hi'] : role === 'imm12' ? ['lo', 'pcrel_lo'] : [];
  const r = value(lex.tokens, ctx, mods);
  if (isError(r)) return r;
  if (!r.rest.atEnd()) return { error: `unexpected '${r.rest.peek().text}'`, column: r.rest.peek().column };
  if (spec.shape === 'csr' && r.v.d !== undefined) {
    return { error: `expected a CSR name or number, found '${op.text}'`, column: op.column };
  }
  return r.v;
}
