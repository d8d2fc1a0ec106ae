/**
 * Expressions as GNU as reads them: 64-bit integers, symbols, unary - ~ ! +, and binary operators with GNU
 * as precedence (tighter first): * / % << >>, then | ^ & (tighter than + - in GNU as, unlike C), then + -,
 * then comparisons (true is -1, as GNU as gives), then && and ||. Values are BigInt, kept to 64 bits.
 */
import type { Token } from './lexer';

export type Expr =
  | { k: 'num'; v: bigint; column: number }
  | { k: 'sym'; name: string; column: number }
  | { k: 'un'; op: string; e: Expr; column: number }
  | { k: 'bin'; op: string; a: Expr; b: Expr; column: number };

export interface ParseError {
  column: number;
  message: string;
}

/** Deep expressions are almost certainly typing accidents; bounding them keeps the parser's stack safe. */
const MAX_DEPTH = 200;

// prettier-ignore
const RANK: Record<string, number> = {
  '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5,
  '|': 4, '^': 4, '&': 4,
  '+': 3, '-': 3,
  '==': 2, '!=': 2, '<': 2, '>': 2, '<=': 2, '>=': 2,
  '&&': 1, '||': 0,
};

/** A cursor over tokens, shared by the expression and operand parsers. */
export class Cursor {
  i = 0;
  constructor(readonly tokens: Token[]) {}
  peek(): Token {
    return this.tokens[this.i];
  }
  next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'end') this.i++;
    return t;
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }
  atEnd(): boolean {
    return this.peek().kind === 'end';
  }
}

/**
 * Parse one expression at the cursor. `name` maps a symbol token to the symbol it means (it resolves `.`
 * and numeric local labels); it may return an error message instead.
 */
export function parseExpr(cur: Cursor, name: (t: Token) => string | ParseError): Expr | ParseError {
  let depth = 0;
  const primary = (): Expr | ParseError => {
    if (++depth > MAX_DEPTH) return { column: cur.peek().column, message: 'expression nested too deeply' };
    const t = cur.next();
    if (t.kind === 'number') return { k: 'num', v: t.value ?? 0n, column: t.column };
    if (t.kind === 'ident' || t.kind === 'local') {
      const n = name(t);
      return typeof n === 'string' ? { k: 'sym', name: n, column: t.column } : n;
    }
    if (t.kind === 'punct' && ['-', '~', '!', '+'].includes(t.text)) {
      const e = primary();
      return 'k' in e ? { k: 'un', op: t.text, e, column: t.column } : e;
    }
    if (t.kind === 'punct' && t.text === '(') {
      const e = binary(0);
      if (!('k' in e)) return e;
      if (!cur.isPunct(')')) return { column: cur.peek().column, message: "expected ')'" };
      cur.next();
      return e;
    }
    const what = t.kind === 'end' ? 'end of operand' : `'${t.text}'`;
    return { column: t.column, message: `expected an expression, found ${what}` };
  };
  const binary = (minRank: number): Expr | ParseError => {
    let left = primary();
    while ('k' in left) {
      const t = cur.peek();
      const rank = t.kind === 'punct' ? RANK[t.text] : undefined;
      if (rank === undefined || rank < minRank) break;
      cur.next();
      const right = binary(rank + 1);
      if (!('k' in right)) return right;
      left = { k: 'bin', op: t.text, a: left, b: right, column: t.column };
    }
    return left;
  };
  return binary(0);
}

export type EvalResult =
  { ok: true; value: bigint } | { ok: false; column: number; message: string; unknown?: boolean };

/** A symbol's value, or undefined while it is not known (not yet defined, or defined by a label). */
export type Lookup = (name: string) => bigint | undefined;

const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

export function evaluate(e: Expr, lookup: Lookup): EvalResult {
  switch (e.k) {
    case 'num':
      return { ok: true, value: s64(e.v) };
    case 'sym': {
      const v = lookup(e.name);
      if (v === undefined) {
        return { ok: false, column: e.column, message: `undefined symbol '${e.name}'`, unknown: true };
      }
      return { ok: true, value: s64(v) };
    }
    case 'un': {
      const r = evaluate(e.e, lookup);
      if (!r.ok) return r;
      const v =
        e.op === '-' ? -r.value : e.op === '~' ? ~r.value : e.op === '!' ? BigInt(r.value === 0n) : r.value;
      return { ok: true, value: s64(v) };
    }
    case 'bin': {
      const a = evaluate(e.a, lookup);
      if (!a.ok) return a;
      const b = evaluate(e.b, lookup);
      if (!b.ok) return b;
      return binop(e.op, a.value, b.value, e.column);
    }
  }
}

// prettier-ignore
function binop(op: string, a: bigint, b: bigint, column: number): EvalResult {
  const flag = (c: boolean): bigint => (c ? -1n : 0n);
  let v: bigint;
  switch (op) {
    case '+': v = a + b; break;
    case '-': v = a - b; break;
    case '*': v = a * b; break;
    case '/':
    case '%':
      if (b === 0n) return { ok: false, column, message: 'division by zero' };
      v = op === '/' ? a / b : a % b;
      break;
    case '<<': v = b < 0n || b > 63n ? 0n : a << b; break;
    case '>>': v = b < 0n || b > 63n ? 0n : u64(a) >> b; break;
    case '&': v = a & b; break;
    case '|': v = a | b; break;
    case '^': v = a ^ b; break;
    case '==': v = flag(a === b); break;
    case '!=': v = flag(a !== b); break;
    case '<': v = flag(a < b); break;
    case '>': v = flag(a > b); break;
    case '<=': v = flag(a <= b); break;
    case '>=': v = flag(a >= b); break;
    case '&&': v = BigInt(a !== 0n && b !== 0n); break;
    default: v = BigInt(a !== 0n || b !== 0n); break;
  }
  return { ok: true, value: s64(v) };
}

/** Every symbol an expression mentions. */
export function symbolsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.k === 'sym') out.add(e.name);
  else if (e.k === 'un') symbolsOf(e.e, out);
  else if (e.k === 'bin') {
    symbolsOf(e.a, out);
    symbolsOf(e.b, out);
  }
  return out;
}
