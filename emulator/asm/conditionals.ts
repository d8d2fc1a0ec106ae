/**
 * Conditional assembly, as GNU as reads it (GNU as manual, ".if"): `.if EXPR` (and `.ifeq`, `.ifne`, `.ifgt`,
 * `.ifge`, `.iflt`, `.ifle`), `.ifdef SYM` / `.ifndef SYM` (`.ifnotdef`), `.ifb TEXT` / `.ifnb TEXT`,
 * `.ifc A, B` / `.ifnc A, B` (string comparison), then `.elseif EXPR`, `.else` and `.endif`. Lines in a part
 * not taken are skipped without being read, except to count nested conditionals.
 */
import { Diagnostics, type Loc } from './diagnostics';
import { constant } from './directives';
import type { OperandText } from './operands';
import { splitOperands } from './operands';
import type { AsmState } from './state';

interface Level {
  /** Whether lines of the current part are assembled. */
  active: boolean;
  /** Whether some part of this conditional has been taken already (so .else/.elseif are not). */
  taken: boolean;
  /** Whether the enclosing part is assembled (a skipped conditional takes no part). */
  outer: boolean;
  seenElse: boolean;
  loc: Loc;
}

const COMPARE: Record<string, (v: bigint) => boolean> = {
  '.if': (v) => v !== 0n,
  '.ifne': (v) => v !== 0n,
  '.ifeq': (v) => v === 0n,
  '.ifgt': (v) => v > 0n,
  '.ifge': (v) => v >= 0n,
  '.iflt': (v) => v < 0n,
  '.ifle': (v) => v <= 0n,
};

const NAMES = new Set([
  ...Object.keys(COMPARE),
  '.ifdef',
  '.ifndef',
  '.ifnotdef',
  '.ifb',
  '.ifnb',
  '.ifc',
  '.ifnc',
  '.else',
  '.elseif',
  '.endif',
]);

export class Conditionals {
  private readonly levels: Level[] = [];

  constructor(private readonly st: AsmState) {}

  /** Whether lines are assembled here. */
  get active(): boolean {
    return this.levels.length === 0 || this.levels[this.levels.length - 1].active;
  }

  /** Whether `name` is a conditional directive. */
  static is(name: string): boolean {
    return NAMES.has(name);
  }

  /** Handle a conditional directive (Conditionals.is(name)). */
  handle(name: string, args: string, column: number, loc: Loc): void {
    const top = this.levels[this.levels.length - 1];
    if (name === '.endif') {
      if (!top) this.st.diag.error(loc, '.endif without a matching .if');
      else this.levels.pop();
    } else if (name === '.else' || name === '.elseif') {
      if (!top) this.st.diag.error(loc, `${name} without a matching .if`);
      else if (top.seenElse)
        this.st.diag.error(loc, `${name} after .else (first .else at line ${top.loc.line})`);
      else {
        const take = top.outer && !top.taken && (name === '.else' || this.test('.if', args, column, loc));
        top.active = take;
        top.taken ||= take;
        if (name === '.else') [top.seenElse, top.loc] = [true, loc];
      }
    } else {
      const outer = this.active;
      const take = outer && this.test(name, args, column, loc);
      this.levels.push({ active: take, taken: take, outer, seenElse: false, loc });
    }
  }

  /** At the end of the source: every .if must have had its .endif. */
  finish(): void {
    for (const level of this.levels) this.st.diag.error(level.loc, '.if without a matching .endif');
  }

  private test(name: string, args: string, column: number, loc: Loc): boolean {
    const text = args.trim();
    switch (name) {
      case '.ifdef':
      case '.ifndef':
      case '.ifnotdef': {
        if (!/^[A-Za-z_.$][\w.$]*$/.test(text)) {
          const at = column + args.length - args.trimStart().length;
          this.st.diag.error(Diagnostics.at(loc, at), `expected a symbol name: ${name} SYMBOL`);
          return false;
        }
        return this.st.symbols.has(text) === (name === '.ifdef');
      }
      case '.ifb':
      case '.ifnb':
        return (text === '') === (name === '.ifb');
      case '.ifc':
      case '.ifnc': {
        const ops = splitOperands(args, column);
        if (ops.length !== 2) {
          this.st.diag.error(loc, `expected two strings to compare: ${name} A, B`);
          return false;
        }
        return (unquote(ops[0]) === unquote(ops[1])) === (name === '.ifc');
      }
    }
    const v = constant(this.st, { text, column: column + args.indexOf(text) }, loc, 'a constant condition');
    return v !== undefined && COMPARE[name](v);
  }
}

/** `.ifc` compares strings; one in single quotes is taken without them (GNU as). */
function unquote(op: OperandText): string {
  return /^'.*'$/.test(op.text) ? op.text.slice(1, -1) : op.text;
}
