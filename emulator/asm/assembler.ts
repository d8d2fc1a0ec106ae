/**
 * The assembler: GNU as syntax for RV64GC in, a program image out (DESIGN.md: "emulator/asm"). It reads
 * statements in order (labels, directives, instructions, macro calls, .rept and .include), then lays out and
 * encodes everything at once (link.ts), so all the errors of a file are reported together.
 *
 *   const { image, errors } = assemble(source, { file: 'hello.S' });
 */
import type { ProgramImage } from '../image';
import { Conditionals } from './conditionals';
import { type AsmError, Diagnostics, type Loc } from './diagnostics';
import { constant, directive } from './directives';
import { insnDirective } from './insn';
import { assembleInstruction } from './instructions';
import { tokenize } from './lexer';
import { parseLinkerScript } from './ldscript';
import { type AssembledSection, type AssembledSymbol, link, type LinkScript } from './link';
import { splitOperands } from './operands';
import { splitStatements, type Statement } from './source';
import { AsmState, LIMITS, type Macro } from './state';

export interface AssembleOptions {
  /** File name for messages and the source map (default 'input.S'). */
  file?: string;
  /** Address of the first text byte (default 0x8000_0000, where the virt board starts the hart). */
  textBase?: number;
  /** Start with compression on, as `-march=rv64gc` does (default true); `.option norvc` turns it off. */
  rvc?: boolean;
  /** Text of a file named by `.include`, or undefined when there is none (emulator/ has no file system). */
  include?: (name: string, from: string) => string | undefined;
  /** Constants defined before the first line, like GNU as --defsym NAME=VALUE. */
  defsym?: Record<string, bigint>;
  /**
   * A linker script (the subset ldscript.ts reads), as `ld -T FILE` takes it: it places the sections instead
   * of the default layout, and textBase is then unused.
   */
  linkerScript?: { text: string; file: string };
}

export interface AssembleResult {
  /** Undefined when there were errors. */
  image?: ProgramImage;
  errors: AsmError[];
  sections: AssembledSection[];
  symbols: AssembledSymbol[];
}

export const DEFAULT_TEXT_BASE = 0x8000_0000;

export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
  const st = new AsmState(options.rvc ?? true);
  const file = options.file ?? 'input.S';
  for (const [name, v] of Object.entries(options.defsym ?? {})) {
    st.defineEqu(name, { k: 'num', v, column: 1 }, { file, line: 0, column: 0 });
  }
  const reader = new Reader(st, options);
  reader.run(splitStatements(source, file), 0);
  reader.finish();
  let script: LinkScript | undefined;
  if (options.linkerScript) {
    const parsed = parseLinkerScript(options.linkerScript.text, options.linkerScript.file);
    for (const e of parsed.errors) st.diag.error(e, e.message);
    const base = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
    if (parsed.script) script = { script: parsed.script, objectName: `${base}.o` };
  }
  // Link even after errors, so that undefined symbols and out-of-range targets are reported too.
  const linked = link(st, options.textBase ?? DEFAULT_TEXT_BASE, script);
  for (const name of st.globals) {
    if (!st.symbols.has(name) && !st.weak.has(name) && !linked.symbols.some((s) => s.name === name))
      st.diag.error({ file, line: 1, column: 1 }, `.globl names '${name}', which is never defined`);
  }
  const errors = st.diag.errors;
  return {
    image: errors.length ? undefined : linked.image,
    errors,
    sections: linked.sections,
    symbols: linked.symbols,
  };
}

const LABEL = /^\s*([A-Za-z_.$][\w.$]*|[0-9]+)\s*:/;
const ASSIGN = /^\s*([A-Za-z_.$][\w.$]*)\s*=(?!=)/;
const OP = /^(\s*)(\S+)/;

/** The statement loop, with the directives that read further statements. */
class Reader {
  private stopped = false;
  private readonly conditions: Conditionals;
  constructor(
    private readonly st: AsmState,
    private readonly options: AssembleOptions,
  ) {
    this.conditions = new Conditionals(st);
  }

  /** Process statements; returns false on .exitm (ends the innermost macro expansion). */
  run(stmts: Statement[], depth: number): boolean {
    for (let i = 0; i < stmts.length && !this.stopped; i++) {
      if (++this.st.statements > LIMITS.statements) {
        this.st.diag.error(
          stmts[i].loc,
          `more than ${LIMITS.statements} statements (a .rept or macro loop?)`,
        );
        this.stopped = true;
        return true;
      }
      const r = this.statement(stmts, i, depth);
      if (r === 'exitm') return false;
      i = r;
    }
    return true;
  }

  finish(): void {
    this.conditions.finish();
    if (this.st.optionStack.length > 0) {
      this.st.diag.error(
        { file: this.options.file ?? 'input.S', line: 1, column: 1 },
        '.option push without .option pop',
      );
    }
  }

  /** One statement at stmts[i]; returns the index of the last statement it consumed. */
  private statement(stmts: Statement[], i: number, depth: number): number | 'exitm' {
    const s = stmts[i];
    let text = s.text;
    let col = s.loc.column;
    const at = (offset: number): Loc => ({ ...s.loc, column: col + offset });
    const labels: [string, Loc][] = [];
    for (let m = LABEL.exec(text); m; m = LABEL.exec(text)) {
      labels.push([m[1], at(m[0].indexOf(m[1]))]);
      col += m[0].length;
      text = text.slice(m[0].length);
    }
    // In a part of a conditional not taken, only conditionals are read (to pair them up).
    const first = OP.exec(text);
    const conditional = first !== null && Conditionals.is(first[2].toLowerCase());
    if (!this.conditions.active && !conditional) return i;
    for (const [label, loc] of labels) {
      if (/^[0-9]+$/.test(label)) this.st.defineLocal(label, loc);
      else this.st.defineLabel(label, loc);
    }
    if (first && conditional) {
      const args = text.slice(first[0].length);
      this.conditions.handle(first[2].toLowerCase(), args, col + first[0].length, at(first[1].length));
      return i;
    }
    const assign = ASSIGN.exec(text);
    if (assign) {
      const rest = text.slice(assign[0].length);
      directive(
        this.st,
        '.set',
        `${assign[1]},${rest}`,
        col + assign[0].length - assign[1].length - 1,
        at(0),
      );
      return i;
    }
    const op = OP.exec(text);
    if (!op) return i;
    const name = op[2].toLowerCase();
    const loc = at(op[1].length);
    const args = text.slice(op[0].length);
    const argsColumn = col + op[0].length;
    switch (name) {
      case '.macro':
        return this.defineMacro(stmts, i, args, argsColumn, loc);
      case '.rept':
        return this.rept(stmts, i, args, argsColumn, loc, depth);
      case '.irp':
      case '.irpc':
        return this.irp(name, stmts, i, args, argsColumn, loc, depth);
      case '.include':
        this.include(args, loc, depth);
        return i;
      case '.insn':
        insnDirective(this.st, args, argsColumn, loc);
        return i;
      case '.endm':
      case '.endr':
        this.st.diag.error(
          loc,
          `${name} without a matching ${name === '.endm' ? '.macro' : '.rept, .irp or .irpc'}`,
        );
        return i;
      case '.exitm':
        return 'exitm';
    }
    const macro = this.st.macros.get(op[2]);
    if (macro) {
      if (depth >= LIMITS.depth) this.st.diag.error(loc, `macros nested more than ${LIMITS.depth} deep`);
      else this.expand(macro, args, argsColumn, loc, depth);
      return i;
    }
    if (name.startsWith('.')) {
      if (!directive(this.st, name, args, argsColumn, loc))
        this.st.diag.error(loc, `unknown directive '${name}'`);
      return i;
    }
    assembleInstruction(this.st, name, args, argsColumn, loc);
    return i;
  }

  /** The statements up to the matching `end` (nested `begin`s counted); the index of the `end`. */
  private body(
    stmts: Statement[],
    i: number,
    begin: RegExp,
    end: RegExp,
    loc: Loc,
    what: string,
    endName: string,
  ): [Statement[], number] {
    let nest = 0;
    for (let j = i + 1; j < stmts.length; j++) {
      const t = stmts[j].text.replace(LABEL, '').trim().toLowerCase();
      if (begin.test(t)) nest++;
      else if (end.test(t)) {
        if (nest === 0) return [stmts.slice(i + 1, j), j];
        nest--;
      }
    }
    this.st.diag.error(loc, `${what} without a matching ${endName}`);
    return [stmts.slice(i + 1), stmts.length];
  }

  private defineMacro(stmts: Statement[], i: number, args: string, column: number, loc: Loc): number {
    const [body, end] = this.body(stmts, i, /^\.macro\b/, /^\.endm\b/, loc, '.macro', '.endm');
    const parts = args
      .trim()
      .split(/[\s,]+/)
      .filter((p) => p !== '');
    const name = parts.shift();
    if (!name) {
      this.st.diag.error(Diagnostics.at(loc, column), 'expected a macro name: .macro NAME [PARAMS]');
      return end;
    }
    const params = parts.map((p) => {
      const [pname, def] = p.split('=');
      return { name: pname.replace(/:req$/, ''), default: def, required: pname.endsWith(':req') };
    });
    const macro: Macro = { params, body };
    this.st.macros.set(name, macro);
    return end;
  }

  private expand(macro: Macro, args: string, column: number, loc: Loc, depth: number): void {
    const given = args.includes(',') ? splitOperands(args, column) : splitWords(args, column);
    const values = new Map<string, string>();
    macro.params.forEach((p, k) => {
      const named = given.find((g) => g.text.startsWith(`${p.name}=`));
      const v = named
        ? named.text.slice(p.name.length + 1)
        : given[k] && !/^\w+=/.test(given[k].text)
          ? given[k].text
          : p.default;
      if (v === undefined && p.required) this.st.diag.error(loc, `macro argument '${p.name}' is required`);
      values.set(p.name, v ?? '');
    });
    this.run(substitute(macro.body, values, String(this.st.macroCounter++)), depth + 1);
  }

  /**
   * `.irp NAME, V1, V2...` repeats its body once per value with `\NAME` replaced by it (once with an empty
   * value when there are none, as GNU as does); `.irpc NAME, CHARS` once per character.
   */
  private irp(
    kind: string,
    stmts: Statement[],
    i: number,
    args: string,
    column: number,
    loc: Loc,
    depth: number,
  ): number {
    const [body, end] = this.body(stmts, i, /^\.(rept|irp|irpc)\b/, /^\.endr\b/, loc, kind, '.endr');
    const m = /^\s*([A-Za-z_$][\w$]*)\s*(?:,|\s|$)/.exec(args);
    if (!m) {
      this.st.diag.error(Diagnostics.at(loc, column), `expected a parameter name: ${kind} NAME, VALUES`);
      return end;
    }
    const rest = args.slice(m[0].length);
    const restColumn = column + m[0].length;
    let values: string[];
    if (kind === '.irpc') values = [...rest.trim()];
    else
      values = (rest.includes(',') ? splitOperands(rest, restColumn) : splitWords(rest, restColumn)).map(
        (v) => v.text,
      );
    if (values.length === 0) values = [''];
    if (depth >= LIMITS.depth) this.st.diag.error(loc, `${kind} nested more than ${LIMITS.depth} deep`);
    else {
      for (const v of values) {
        if (this.stopped) break;
        this.run(substitute(body, new Map([[m[1], v]]), String(this.st.macroCounter++)), depth + 1);
      }
    }
    return end;
  }

  private rept(stmts: Statement[], i: number, args: string, column: number, loc: Loc, depth: number): number {
    const [body, end] = this.body(stmts, i, /^\.(rept|irp|irpc)\b/, /^\.endr\b/, loc, '.rept', '.endr');
    const n = constant(this.st, { text: args.trim(), column }, loc, 'a repeat count');
    if (n === undefined) return end;
    if (n < 0n || n > BigInt(LIMITS.statements)) {
      this.st.diag.error(loc, `.rept count must be 0..${LIMITS.statements}, got ${n}`);
    } else if (depth >= LIMITS.depth) this.st.diag.error(loc, `.rept nested more than ${LIMITS.depth} deep`);
    else for (let k = 0n; k < n && !this.stopped; k++) this.run(body, depth + 1);
    return end;
  }

  private include(args: string, loc: Loc, depth: number): void {
    const lex = tokenize(args.trim(), loc.column);
    const t = lex.tokens[0];
    if (lex.error || t.kind !== 'string') return this.st.diag.error(loc, 'expected .include "FILE"');
    const text = this.options.include?.(t.text, loc.file);
    if (text === undefined) return this.st.diag.error(loc, `cannot find include file "${t.text}"`);
    if (depth >= LIMITS.depth)
      return this.st.diag.error(loc, `.include nested more than ${LIMITS.depth} deep`);
    this.run(splitStatements(text, t.text), depth + 1);
  }
}

/** A macro or .irp body with `\NAME` replaced by each parameter's value and `\@` by the expansion count. */
function substitute(body: Statement[], values: ReadonlyMap<string, string>, counter: string): Statement[] {
  const names = [...values.keys()].sort((a, b) => b.length - a.length);
  return body.map((s) => {
    let text = s.text.replace(/\\@/g, counter);
    for (const n of names) text = text.split(`\\${n}`).join(values.get(n) as string);
    return { text: text.replace(/\\\(\)/g, ''), loc: s.loc };
  });
}

function splitWords(args: string, column: number): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  for (const m of args.matchAll(/\S+/g)) out.push({ text: m[0], column: column + (m.index ?? 0) });
  return out;
}
