/**
 * A small subset of GNU ld's linker script language (ld manual, "Linker Scripts"), enough for bare-metal
 * teaching scripts such as firmware/examples/link.ld: ENTRY, OUTPUT_ARCH, MEMORY, SECTIONS with output
 * sections, input section patterns, KEEP, /DISCARD/, `.` and symbol assignments, PROVIDE and ASSERT.
 * This file parses the commands (ldscript-cursor.ts reads characters and expressions); script-layout.ts
 * places sections by the parsed script.
 */
import type { AsmError, Loc } from './diagnostics';
import { type LdExpr, ScriptCursor, ScriptError } from './ldscript-cursor';

export type { LdExpr } from './ldscript-cursor';

export interface Assignment {
  kind: 'assign';
  /** The symbol, or `.`. */
  name: string;
  /** '=', or a compound operator such as '+='. */
  op: string;
  expr: LdExpr;
  /** PROVIDE(...): only defines a symbol the program references and does not define. */
  provide: boolean;
  loc: Loc;
}

export interface Assert {
  kind: 'assert';
  expr: LdExpr;
  message: string;
  loc: Loc;
}

export interface InputSpec {
  kind: 'input';
  /** Glob over the object file name. */
  file: string;
  /** Globs over section names (empty: every section of the file). */
  sections: string[];
  /** Files EXCLUDE_FILE removes from this spec. */
  exclude: string[];
  loc: Loc;
}

export interface OutputSection {
  kind: 'output';
  name: string;
  address?: LdExpr;
  align?: LdExpr;
  /** (NOLOAD): allocated but without file contents, as .bss is. */
  noload: boolean;
  region?: string;
  commands: (Assignment | Assert | InputSpec)[];
  loc: Loc;
}

export interface MemoryRegion {
  origin: LdExpr;
  length: LdExpr;
  loc: Loc;
}

export interface LinkerScript {
  entry?: { name: string; loc: Loc };
  regions: Map<string, MemoryRegion>;
  /** Top-level assignments and the contents of SECTIONS, in order. */
  commands: (Assignment | Assert | OutputSection)[];
}

/** Script commands that are accepted and have no effect here (output format and program headers). */
const IGNORED = new Set([
  'OUTPUT_ARCH',
  'OUTPUT_FORMAT',
  'TARGET',
  'SEARCH_DIR',
  'STARTUP',
  'GROUP',
  'INPUT',
]);
const ASSIGN_OPS = ['<<=', '>>=', '+=', '-=', '*=', '/=', '&=', '|=', '='];

export function parseLinkerScript(text: string, file: string): { script?: LinkerScript; errors: AsmError[] } {
  const p = new Parser(text, file);
  try {
    return { script: p.script(), errors: [] };
  } catch (e) {
    if (e instanceof ScriptError) return { errors: [{ ...e.loc, message: e.message }] };
    throw e;
  }
}

class Parser extends ScriptCursor {
  private readonly result: LinkerScript = { regions: new Map(), commands: [] };

  script(): LinkerScript {
    for (this.space(); this.i < this.text.length; this.space()) {
      const loc = this.loc();
      const word = this.ident('a script command');
      if (word === 'SECTIONS') this.sections();
      else if (word === 'MEMORY') this.memory();
      else if (word === 'ENTRY') {
        this.expect('(');
        this.result.entry = { name: this.ident('a symbol name'), loc };
        this.expect(')');
      } else if (word === 'PHDRS') this.skipBlock();
      else if (IGNORED.has(word)) this.skipParens();
      else this.result.commands.push(this.statement(word, loc));
      this.optional(';');
    }
    return this.result;
  }

  /** An assignment, PROVIDE(...) or ASSERT(...), its first word already read. */
  private statement(word: string, loc: Loc): Assignment | Assert {
    if (word === 'PROVIDE' || word === 'PROVIDE_HIDDEN') {
      this.expect('(');
      const a = this.assignment(this.ident('a symbol name'), loc, true);
      this.expect(')');
      return a;
    }
    if (word === 'ASSERT') {
      this.expect('(');
      const expr = this.expr();
      this.expect(',');
      const m = /"([^"]*)"|[^)]*/y;
      this.space();
      m.lastIndex = this.i;
      const found = m.exec(this.text) as RegExpExecArray;
      this.i = m.lastIndex;
      this.expect(')');
      return { kind: 'assert', expr, message: (found[1] ?? found[0]).trim(), loc };
    }
    const a = this.assignment(word, loc, false);
    this.expect(';');
    return a;
  }

  private assignment(name: string, loc: Loc, provide: boolean): Assignment {
    this.space();
    const op = ASSIGN_OPS.find((o) => this.text.startsWith(o, this.i));
    if (!op) throw this.error(`expected an assignment (${name} = EXPRESSION;) or a known command`);
    this.i += op.length;
    return { kind: 'assign', name, op, expr: this.expr(), provide, loc };
  }

  private sections(): void {
    this.expect('{');
    for (this.space(); !this.optional('}'); this.space()) {
      if (this.i >= this.text.length) throw this.error("SECTIONS without its closing '}'");
      const loc = this.loc();
      const word = this.pattern('an output section or an assignment');
      this.space();
      const isAssign = ASSIGN_OPS.some((o) => this.text.startsWith(o, this.i));
      if (word === 'ENTRY') {
        this.expect('(');
        this.result.entry = { name: this.ident('a symbol name'), loc };
        this.expect(')');
      } else if (isAssign || ['PROVIDE', 'PROVIDE_HIDDEN', 'ASSERT'].includes(word)) {
        this.result.commands.push(this.statement(word, loc));
      } else this.result.commands.push(this.outputSection(word, loc));
      this.optional(';');
    }
  }

  private outputSection(name: string, loc: Loc): OutputSection {
    const out: OutputSection = { kind: 'output', name, noload: false, commands: [], loc };
    this.space();
    if (this.text[this.i] !== ':' && !this.typeAhead()) out.address = this.expr();
    this.space();
    if (this.typeAhead()) {
      this.expect('(');
      out.noload = this.ident('a section type') === 'NOLOAD';
      this.expect(')');
    }
    this.expect(':');
    for (;;) {
      this.space();
      const save = this.i;
      const w = /[A-Za-z_]/.test(this.text[this.i] ?? '') ? this.ident('') : '';
      if (w === 'ALIGN') out.align = this.call(loc).args[0];
      else if (w === 'AT' || w === 'SUBALIGN') this.skipParens();
      else {
        this.i = save;
        break;
      }
    }
    this.expect('{');
    for (this.space(); !this.optional('}'); this.space()) {
      if (this.i >= this.text.length) throw this.error(`output section ${name} without its closing '}'`);
      out.commands.push(this.sectionCommand());
      this.optional(';');
    }
    // After the braces: > REGION, AT > REGION (load address; ignored), :PHDR..., =FILL.
    for (;;) {
      this.space();
      if (this.optional('>')) out.region = this.ident('a memory region name');
      else if (this.text.startsWith('AT', this.i) && /^AT\s*>/.test(this.text.slice(this.i, this.i + 8))) {
        this.i += 2;
        this.expect('>');
        this.ident('a memory region name');
      } else if (this.optional(':')) this.ident('a program header name');
      else if (this.text[this.i] === '=' && this.text[this.i + 1] !== '=') {
        throw this.error('a fill pattern (=FILL) is not supported');
      } else break;
    }
    this.optional(',');
    return out;
  }

  private typeAhead(): boolean {
    return /^\(\s*(NOLOAD|COPY|INFO|OVERLAY|DSECT)\s*\)/.test(this.text.slice(this.i, this.i + 16));
  }

  private sectionCommand(): Assignment | Assert | InputSpec {
    const loc = this.loc();
    const word = this.pattern('an input section description or an assignment');
    this.space();
    if (
      ASSIGN_OPS.some((o) => this.text.startsWith(o, this.i)) ||
      ['PROVIDE', 'PROVIDE_HIDDEN', 'ASSERT'].includes(word)
    )
      return this.statement(word, loc);
    if (word === 'KEEP') {
      this.expect('(');
      const spec = this.inputSpec(this.pattern('an input section description'), loc);
      this.expect(')');
      return spec;
    }
    if (['BYTE', 'SHORT', 'LONG', 'QUAD', 'FILL', 'SQUAD', 'CREATE_OBJECT_SYMBOLS'].includes(word))
      throw new ScriptError(loc, `${word} in an output section is not supported`);
    return this.inputSpec(word, loc);
  }

  /** FILE(SECTIONS...) or FILE alone, the file pattern already read. */
  private inputSpec(file: string, loc: Loc): InputSpec {
    const spec: InputSpec = { kind: 'input', file, sections: [], exclude: [], loc };
    this.space();
    if (!this.optional('(')) return spec;
    for (this.space(); !this.optional(')'); this.space()) {
      if (this.i >= this.text.length) throw this.error("expected ')'");
      const w = this.pattern('a section name pattern');
      if (w === 'EXCLUDE_FILE') {
        this.expect('(');
        for (this.space(); !this.optional(')'); this.space()) spec.exclude.push(this.pattern('a file name'));
      } else if (w.startsWith('SORT')) {
        // SIMPLIFICATION: SORT_BY_NAME and friends keep the input order (one input file, few sections).
        this.expect('(');
        for (this.space(); !this.optional(')'); this.space())
          spec.sections.push(this.pattern('a section name'));
      } else spec.sections.push(w);
      this.optional(',');
    }
    return spec;
  }

  private memory(): void {
    this.expect('{');
    for (this.space(); !this.optional('}'); this.space()) {
      const loc = this.loc();
      const name = this.ident('a memory region name');
      this.space();
      if (this.text[this.i] === '(') this.skipParens();
      this.expect(':');
      const origin = this.regionField(['ORIGIN', 'org', 'o']);
      this.expect(',');
      const length = this.regionField(['LENGTH', 'len', 'l']);
      this.result.regions.set(name, { origin, length, loc });
    }
  }

  private regionField(names: string[]): LdExpr {
    const w = this.ident(names[0]);
    if (!names.includes(w)) throw this.error(`expected ${names[0]} =`);
    this.expect('=');
    return this.expr();
  }
}
