/**
 * The characters of a linker script, and its expressions (C precedence, as ld's grammar has it). ld's lexer
 * has two modes, and so does this cursor: in an expression a name is a C-like identifier (so `a-b` is a
 * subtraction), in a file or section pattern it is any run of characters but spaces and punctuation (so
 * `.text.*` and `*crt0.o` are single words).
 */
import type { Loc } from './diagnostics';

export type LdExpr =
  | { k: 'num'; v: bigint; loc: Loc }
  /** A symbol, or `.` (the location counter). */
  | { k: 'sym'; name: string; loc: Loc }
  | { k: 'un'; op: string; e: LdExpr; loc: Loc }
  | { k: 'bin'; op: string; a: LdExpr; b: LdExpr; loc: Loc }
  | { k: 'cond'; c: LdExpr; a: LdExpr; b: LdExpr; loc: Loc }
  /** ALIGN, ORIGIN, LENGTH, ADDR, SIZEOF, LOADADDR, ABSOLUTE, MAX, MIN, DEFINED, CONSTANT. */
  | { k: 'call'; fn: string; args: LdExpr[]; names: string[]; loc: Loc };

// prettier-ignore
const RANK: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '&': 4, '==': 5, '!=': 5, '<': 6, '<=': 6, '>': 6, '>=': 6,
  '<<': 7, '>>': 7, '+': 8, '-': 8, '*': 9, '/': 9, '%': 9,
};
const BINARY = Object.keys(RANK).sort((a, b) => b.length - a.length);
const IDENT = /[A-Za-z_.$][\w.$]*/y;
const NUMBER = /(0[xX][0-9a-fA-F]+|[0-9]+)([KM])?/y;
const PATTERN = /[^\s(){},;:=]+/y;
const MAX_DEPTH = 200;

export class ScriptError extends Error {
  constructor(
    readonly loc: Loc,
    message: string,
  ) {
    super(message);
  }
}

export class ScriptCursor {
  protected i = 0;
  private depth = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    protected readonly text: string,
    private readonly file: string,
  ) {
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') this.lineStarts.push(k + 1);
  }

  // ---- expressions (C precedence, as ld's grammar has it) ----

  expr(): LdExpr {
    const c = this.binary(1);
    this.space();
    if (!this.optional('?')) return c;
    const a = this.expr();
    this.expect(':');
    return { k: 'cond', c, a, b: this.expr(), loc: c.loc };
  }

  private binary(minRank: number): LdExpr {
    let left = this.unary();
    for (;;) {
      this.space();
      const op = BINARY.find((o) => this.text.startsWith(o, this.i));
      // `a >>= b` and `a += b` end an expression: the operator is an assignment.
      if (
        !op ||
        RANK[op] < minRank ||
        (this.text[this.i + op.length] === '=' && !['==', '!=', '<=', '>='].includes(op))
      )
        return left;
      const loc = this.loc();
      this.i += op.length;
      left = { k: 'bin', op, a: left, b: this.binary(RANK[op] + 1), loc };
    }
  }

  private unary(): LdExpr {
    if (++this.depth > MAX_DEPTH) throw this.error('expression nested too deeply');
    try {
      this.space();
      const loc = this.loc();
      const c = this.text[this.i];
      if (c === '-' || c === '!' || c === '~' || c === '+') {
        this.i++;
        return { k: 'un', op: c, e: this.unary(), loc };
      }
      if (this.optional('(')) {
        const e = this.expr();
        this.expect(')');
        return e;
      }
      NUMBER.lastIndex = this.i;
      const n = NUMBER.exec(this.text);
      if (n) {
        this.i = NUMBER.lastIndex;
        const digits = n[1];
        let v = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
        if (n[2]) v *= n[2] === 'K' ? 1024n : 1024n * 1024n;
        return { k: 'num', v, loc };
      }
      const name = this.ident('an expression');
      this.space();
      if (this.text[this.i] === '(' && /^[A-Z_]+$/.test(name)) return { ...this.call(loc), fn: name };
      return { k: 'sym', name, loc };
    } finally {
      this.depth--;
    }
  }

  /** The argument list of a function such as ALIGN(a[, b]) or SIZEOF(.text). */
  protected call(loc: Loc): { k: 'call'; fn: string; args: LdExpr[]; names: string[]; loc: Loc } {
    this.expect('(');
    const args: LdExpr[] = [];
    const names: string[] = [];
    for (this.space(); !this.optional(')'); this.space()) {
      const save = this.i;
      PATTERN.lastIndex = this.i;
      const word = PATTERN.exec(this.text)?.[0] ?? '';
      const e = this.expr();
      // ADDR(.text), SIZEOF(.data), DEFINED(sym) take a name; keep its raw text as well.
      names.push(e.k === 'sym' ? e.name : word.replace(/[)]+$/, ''));
      args.push(e);
      this.space();
      if (!this.optional(',') && this.text[this.i] !== ')') {
        this.i = save;
        throw this.error("expected ',' or ')'");
      }
    }
    return { k: 'call', fn: '', args, names, loc };
  }

  // ---- characters ----

  protected loc(): Loc {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= this.i) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: this.i - this.lineStarts[lo] + 1 };
  }

  protected error(message: string): ScriptError {
    return new ScriptError(this.loc(), message);
  }

  /** Skip spaces and C comments. */
  protected space(): void {
    for (;;) {
      while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
      if (!this.text.startsWith('/*', this.i)) return;
      const end = this.text.indexOf('*/', this.i + 2);
      if (end < 0) throw this.error('comment without its closing */');
      this.i = end + 2;
    }
  }

  protected optional(s: string): boolean {
    this.space();
    if (!this.text.startsWith(s, this.i)) return false;
    this.i += s.length;
    return true;
  }

  protected expect(s: string): void {
    if (!this.optional(s)) {
      const found = this.i < this.text.length ? `'${this.text[this.i]}'` : 'the end of the script';
      throw this.error(`expected '${s}', found ${found}`);
    }
  }

  protected ident(what: string): string {
    this.space();
    IDENT.lastIndex = this.i;
    const m = IDENT.exec(this.text);
    if (!m) throw this.error(`expected ${what}`);
    this.i = IDENT.lastIndex;
    return m[0];
  }

  protected pattern(what: string): string {
    this.space();
    PATTERN.lastIndex = this.i;
    const m = PATTERN.exec(this.text);
    if (!m) throw this.error(`expected ${what}`);
    this.i = PATTERN.lastIndex;
    return m[0];
  }

  protected skipParens(): void {
    this.expect('(');
    for (let nest = 1; nest > 0; this.i++) {
      if (this.i >= this.text.length) throw this.error("expected ')'");
      if (this.text[this.i] === '(') nest++;
      else if (this.text[this.i] === ')') nest--;
    }
  }

  protected skipBlock(): void {
    this.expect('{');
    const end = this.text.indexOf('}', this.i);
    if (end < 0) throw this.error("expected '}'");
    this.i = end + 1;
  }
}
