/**
 * The assembler's state while it reads statements: sections, symbols, options, local-label counters, and the
 * operand context that turns a symbol token into a symbol name and a name into a value known so far.
 */
import { Diagnostics, type Loc } from './diagnostics';
import { evaluate, type Expr, type ParseError } from './expr';
import type { Item } from './items';
import type { Token } from './lexer';
import type { OperandContext } from './operands';
import { type OutputKind, Section } from './section';

export type SymbolDef =
  | { kind: 'label'; section: Section; index: number; loc: Loc }
  | { kind: 'equ'; expr: Expr; value?: bigint; loc: Loc };

export interface Macro {
  params: { name: string; default?: string; required: boolean }[];
  body: import('./source').Statement[];
}

/** Limits that keep any input finite and quick (the issue: nothing a user types may hang the page). */
export const LIMITS = {
  /** Nested macro calls, .rept and .include. */
  depth: 64,
  /** Statements processed in all, counting each repetition and macro expansion. */
  statements: 1_000_000,
  /** Bytes of output in all sections. */
  outputBytes: 16 << 20,
};

export class AsmState {
  readonly diag = new Diagnostics();
  readonly sections = new Map<string, Section>();
  readonly symbols = new Map<string, SymbolDef>();
  readonly globals = new Set<string>();
  /** Symbols named by .weak: global with weak binding; one never defined has the value 0. */
  readonly weak = new Set<string>();
  readonly types = new Map<string, 'function' | 'object'>();
  readonly sizes = new Map<string, Expr>();
  readonly macros = new Map<string, Macro>();
  section: Section;
  previous: Section;
  rvc: boolean;
  readonly optionStack: boolean[] = [];
  /** .pushsection saves the current and previous sections here; .popsection restores them. */
  readonly sectionStack: [Section, Section][] = [];
  statements = 0;
  outputBytes = 0;
  macroCounter = 0;
  private readonly localCount = new Map<string, number>();
  private dotCount = 0;

  constructor(rvc: boolean) {
    this.rvc = rvc;
    this.section = this.getSection('.text');
    // GNU as gives .text the alignment of one instruction (tc-riscv.c, md_begin).
    this.section.align = rvc ? 2 : 4;
    this.previous = this.section;
  }

  getSection(name: string, flags?: string, type?: string): Section {
    let s = this.sections.get(name);
    if (!s) {
      const kind = sectionKind(name, flags, type);
      s = new Section(name, kind, kind === 'text');
      this.sections.set(name, s);
    }
    // As GNU as, the flags and type given first are the section's (later ones may only repeat them).
    if (flags !== undefined && s.flags === undefined) s.flags = flags;
    if (type !== undefined && s.type === undefined) s.type = type;
    return s;
  }

  switchTo(s: Section): void {
    if (s !== this.section) [this.previous, this.section] = [this.section, s];
  }

  emit(item: Item): void {
    this.section.items.push(item);
  }

  defineLabel(name: string, loc: Loc): void {
    const old = this.symbols.get(name);
    if (old) {
      this.diag.error(loc, `duplicate label '${name}' (first defined at line ${old.loc.line})`);
      return;
    }
    this.symbols.set(name, { kind: 'label', section: this.section, index: this.section.items.length, loc });
  }

  /** `1:` defines the next instance of local label 1. */
  defineLocal(num: string, loc: Loc): void {
    const n = (this.localCount.get(num) ?? 0) + 1;
    this.localCount.set(num, n);
    this.defineLabel(`.L${num}^B${n}`, loc);
  }

  /** The symbol a token names: `.` is here, `1b`/`1f` the previous/next instance of local label 1. */
  symbolName = (t: Token): string | ParseError => {
    if (t.kind === 'local') {
      const num = String(t.value);
      const n = this.localCount.get(num) ?? 0;
      if (t.dir === 'b' && n === 0)
        return { column: t.column, message: `no local label ${num} before '${t.text}'` };
      return `.L${num}^B${t.dir === 'b' ? n : n + 1}`;
    }
    if (t.text === '.') {
      const name = `.L.dot${this.dotCount++}`;
      this.symbols.set(name, {
        kind: 'label',
        section: this.section,
        index: this.section.items.length,
        loc: zeroLoc,
      });
      return name;
    }
    return t.text;
  };

  /** Constants known now: .equ/.set symbols whose value could be computed when they were defined. */
  lookupNow = (name: string): bigint | undefined => {
    const s = this.symbols.get(name);
    return s?.kind === 'equ' ? s.value : undefined;
  };

  context(loc: Loc): OperandContext {
    return { loc, lookup: this.lookupNow, name: this.symbolName };
  }

  defineEqu(name: string, expr: Expr, loc: Loc): void {
    const old = this.symbols.get(name);
    if (old?.kind === 'label') {
      this.diag.error(loc, `'${name}' is already a label (line ${old.loc.line})`);
      return;
    }
    const r = evaluate(expr, this.lookupNow);
    this.symbols.set(name, { kind: 'equ', expr, value: r.ok ? r.value : undefined, loc });
  }
}

const zeroLoc: Loc = { file: '', line: 0, column: 0 };

/** The output section an input section goes to, by name (as GNU ld's default script), else by flags. */
export function sectionKind(name: string, flags = '', type = ''): OutputKind {
  const prefixed = (p: string): boolean => name === p || name.startsWith(`${p}.`);
  if (prefixed('.text')) return 'text';
  if (prefixed('.rodata') || prefixed('.srodata')) return 'rodata';
  if (prefixed('.bss') || prefixed('.sbss') || type === 'nobits') return 'bss';
  if (prefixed('.data') || prefixed('.sdata')) return 'data';
  if (flags.includes('x')) return 'text';
  if (flags.includes('w')) return 'data';
  // SIMPLIFICATION: an unknown section without flags is not allocated by GNU as; here it is kept with data.
  return flags.includes('a') ? 'rodata' : 'data';
}
