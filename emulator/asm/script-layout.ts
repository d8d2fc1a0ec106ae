/**
 * Section placement by a linker script (ld manual, "SECTIONS Command"): walk the commands in order with the
 * location counter `.`, gather the input sections each output section names, align and place them, and give
 * the script's symbols their values. The input sections are this assembly's sections, in the order GNU as
 * writes them into its object file (the order of their first use).
 */
import type { Loc } from './diagnostics';
import type { Assignment, LdExpr, LinkerScript, OutputSection } from './ldscript';
import { type OutputKind, Section } from './section';

export interface PlacedOutput {
  name: string;
  kind: OutputKind;
  address: number;
  size: number;
  align: number;
  inputs: Section[];
}

export interface ScriptSymbol {
  value: bigint;
  /** The output section the symbol is relative to; undefined for an absolute symbol. */
  section?: string;
}

export interface ScriptContext {
  /** A symbol of the program: a constant, or a label of a section that is already placed. */
  lookup(name: string): bigint | undefined;
  /** Whether the program defines `name` (a label or .equ). */
  defined(name: string): boolean;
  /** Symbols the program refers to (PROVIDE defines only these). */
  referenced: ReadonlySet<string>;
  error(loc: Loc, message: string): void;
}

export interface ScriptResult {
  outputs: PlacedOutput[];
  symbols: Map<string, ScriptSymbol>;
}

/** ld's CONSTANT(MAXPAGESIZE) and CONSTANT(COMMONPAGESIZE) for RISC-V (elfnn-riscv.c: 4 KiB pages). */
const PAGE_SIZE = 0x1000n;
const ORDER: readonly OutputKind[] = ['text', 'rodata', 'data', 'bss'];

class Failure extends Error {
  constructor(
    readonly loc: Loc,
    message: string,
  ) {
    super(message);
  }
}

const alignUp = (v: bigint, a: bigint): bigint => (a <= 1n ? v : ((v + a - 1n) / a) * a);

export function placeByScript(
  script: LinkerScript,
  sections: readonly Section[],
  objectName: string,
  ctx: ScriptContext,
): ScriptResult {
  return new Placer(script, sections, objectName, ctx).run();
}

class Placer {
  private dot = 0n;
  private readonly outputs: PlacedOutput[] = [];
  private readonly symbols = new Map<string, ScriptSymbol>();
  private readonly taken = new Set<Section>();
  private readonly cursors = new Map<string, bigint>();
  /** The output section being filled, while inside one. */
  private current?: { name: string; start: bigint };

  constructor(
    private readonly script: LinkerScript,
    private readonly sections: readonly Section[],
    private readonly objectName: string,
    private readonly ctx: ScriptContext,
  ) {}

  run(): ScriptResult {
    for (const cmd of this.script.commands) {
      try {
        if (cmd.kind === 'output') this.output(cmd);
        else if (cmd.kind === 'assign') this.assign(cmd);
        else if (this.eval(cmd.expr) === 0n) this.ctx.error(cmd.loc, `ASSERT failed: ${cmd.message}`);
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        this.ctx.error(e.loc, e.message);
      }
    }
    // SIMPLIFICATION: ld puts an input section that no pattern names ("orphan") after the output section
    // of its kind; here orphans follow everything else, text first, then rodata, data and bss.
    for (const kind of ORDER) {
      for (const s of this.sections.filter((x) => x.kind === kind && !this.taken.has(x) && x.size > 0)) {
        this.taken.add(s);
        const align = BigInt(s.align);
        this.dot = alignUp(this.dot, align);
        this.place(s, s.name);
        this.outputs.push({
          name: s.name,
          kind,
          address: s.address,
          size: s.size,
          align: s.align,
          inputs: [s],
        });
      }
    }
    return { outputs: this.outputs, symbols: this.symbols };
  }

  private output(o: OutputSection): void {
    const specs = o.commands.filter((c) => c.kind === 'input');
    const matched = new Map<(typeof specs)[number], Section[]>();
    for (const spec of specs) {
      const fileOk =
        globMatch(spec.file, this.objectName) && !spec.exclude.some((g) => globMatch(g, this.objectName));
      const of = this.sections.filter(
        (s) =>
          fileOk &&
          !this.taken.has(s) &&
          (spec.sections.length === 0 || spec.sections.some((g) => globMatch(g, s.name))),
      );
      for (const s of of) this.taken.add(s);
      matched.set(spec, of);
    }
    const inputs = [...matched.values()].flat();
    if (o.name === '/DISCARD/') {
      for (const s of inputs) s.discarded = true;
      return;
    }
    const hasSymbols = o.commands.some((c) => c.kind === 'assign' && c.name !== '.');
    const hasContents = inputs.some((s) => s.size > 0) || o.commands.some((c) => c.kind === 'assign');
    // ld drops an output section with nothing in it, and ignores its address (ld manual, "Output Section
    // Discarding").
    if (!hasContents && !hasSymbols) return;
    let align = BigInt(Math.max(1, ...inputs.map((s) => s.align)));
    if (o.align) align = align > this.eval(o.align) ? align : this.eval(o.align);
    let start: bigint;
    if (o.address) start = this.eval(o.address);
    else {
      const region = o.region === undefined ? undefined : this.region(o.region, o.loc);
      start = alignUp(region ? (this.cursors.get(o.region as string) ?? region.origin) : this.dot, align);
    }
    this.dot = start;
    this.current = { name: o.name, start };
    try {
      for (const c of o.commands) {
        if (c.kind === 'assign') this.assign(c);
        else if (c.kind === 'assert') {
          if (this.eval(c.expr) === 0n) this.ctx.error(c.loc, `ASSERT failed: ${c.message}`);
        } else {
          for (const s of matched.get(c) ?? []) {
            this.dot = alignUp(this.dot, BigInt(s.align));
            this.place(s, o.name);
          }
        }
      }
    } finally {
      this.current = undefined;
    }
    const size = this.dot - start;
    const kind = outputKind(o, inputs);
    this.outputs.push({
      name: o.name,
      kind,
      address: Number(start),
      size: Number(size),
      align: Number(align),
      inputs,
    });
    if (o.region !== undefined) {
      const region = this.region(o.region, o.loc);
      this.cursors.set(o.region, this.dot);
      if (this.dot > region.origin + region.length)
        this.ctx.error(
          o.loc,
          `section ${o.name} overflows region ${o.region} by ${this.dot - region.origin - region.length} bytes`,
        );
    }
  }

  private place(s: Section, output: string): void {
    if (this.dot < 0n || this.dot + BigInt(s.size) > 0xffff_ffffn)
      throw new Failure(
        { file: '', line: 0, column: 0 },
        `section ${s.name} placed outside 32-bit addresses (in ${output})`,
      );
    s.address = Number(this.dot);
    s.placed = true;
    this.dot += BigInt(s.size);
  }

  private assign(a: Assignment): void {
    if (a.name === '.') {
      let v = this.compound(a, this.dot);
      // Inside an output section, a plain number is an offset from the section's start (ld manual,
      // "The Location Counter").
      if (this.current && isPlainNumber(a.expr) && a.op === '=') v += this.current.start;
      if (this.current && v < this.dot)
        throw new Failure(
          a.loc,
          `cannot move the location counter backwards (from 0x${this.dot.toString(16)} to 0x${v.toString(16)})`,
        );
      this.dot = v;
      return;
    }
    if (a.provide && (this.ctx.defined(a.name) || !this.ctx.referenced.has(a.name))) return;
    const old = this.symbols.get(a.name)?.value ?? this.ctx.lookup(a.name);
    if (a.op !== '=' && old === undefined)
      throw new Failure(a.loc, `undefined symbol '${a.name}' in '${a.op}'`);
    const value = this.compound(a, old ?? 0n);
    // SIMPLIFICATION: ld decides per expression whether a symbol is absolute or section-relative; here a
    // symbol is relative to the current (or last placed) output section when its expression uses `.`.
    const relative =
      this.current?.name ?? (usesDot(a.expr) ? this.outputs[this.outputs.length - 1]?.name : undefined);
    this.symbols.set(a.name, { value, section: relative });
  }

  private compound(a: Assignment, old: bigint): bigint {
    const v = this.eval(a.expr);
    return a.op === '=' ? v : binop(a.op.slice(0, -1), old, v, a.loc);
  }

  private region(name: string, loc: Loc): { origin: bigint; length: bigint } {
    const r = this.script.regions.get(name);
    if (!r)
      throw new Failure(
        loc,
        `no memory region '${name}' (MEMORY names ${[...this.script.regions.keys()].join(', ') || 'none'})`,
      );
    return { origin: this.eval(r.origin), length: this.eval(r.length) };
  }

  eval(e: LdExpr): bigint {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'sym': {
        if (e.name === '.') return this.dot;
        const v = this.symbols.get(e.name)?.value ?? this.ctx.lookup(e.name);
        if (v === undefined) throw new Failure(e.loc, `undefined symbol '${e.name}' in the linker script`);
        return v;
      }
      case 'un': {
        const v = this.eval(e.e);
        return e.op === '-' ? -v : e.op === '~' ? ~v : e.op === '!' ? BigInt(v === 0n) : v;
      }
      case 'bin':
        return binop(e.op, this.eval(e.a), this.eval(e.b), e.loc);
      case 'cond':
        return this.eval(e.c) !== 0n ? this.eval(e.a) : this.eval(e.b);
      case 'call':
        return this.call(e);
    }
  }

  private call(e: Extract<LdExpr, { k: 'call' }>): bigint {
    const arity = (n: number): void => {
      if (e.args.length !== n) throw new Failure(e.loc, `${e.fn} takes ${n} argument${n === 1 ? '' : 's'}`);
    };
    const output = (): PlacedOutput => {
      arity(1);
      const o = this.outputs.find((x) => x.name === e.names[0]);
      if (!o) throw new Failure(e.loc, `${e.fn}(${e.names[0]}): no such output section before this point`);
      return o;
    };
    switch (e.fn) {
      case 'ALIGN':
        if (e.args.length === 1) return alignUp(this.dot, this.eval(e.args[0]));
        arity(2);
        return alignUp(this.eval(e.args[0]), this.eval(e.args[1]));
      case 'ABSOLUTE':
        arity(1);
        return this.eval(e.args[0]);
      case 'MAX':
      case 'MIN': {
        arity(2);
        const [a, b] = [this.eval(e.args[0]), this.eval(e.args[1])];
        return (e.fn === 'MAX') === a > b ? a : b;
      }
      case 'ADDR':
      case 'LOADADDR':
        return BigInt(output().address);
      case 'SIZEOF':
        return BigInt(output().size);
      case 'ORIGIN':
      case 'LENGTH': {
        arity(1);
        const r = this.region(e.names[0], e.loc);
        return e.fn === 'ORIGIN' ? r.origin : r.length;
      }
      case 'DEFINED':
        arity(1);
        return BigInt(this.symbols.has(e.names[0]) || this.ctx.defined(e.names[0]));
      case 'CONSTANT':
        arity(1);
        if (e.names[0] === 'MAXPAGESIZE' || e.names[0] === 'COMMONPAGESIZE') return PAGE_SIZE;
        throw new Failure(e.loc, `CONSTANT(${e.names[0]}) is not known`);
      default:
        throw new Failure(e.loc, `the linker script function ${e.fn} is not supported`);
    }
  }
}

function binop(op: string, a: bigint, b: bigint, loc: Loc): bigint {
  const flag = (c: boolean): bigint => BigInt(c);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
    case '%':
      if (b === 0n) throw new Failure(loc, 'division by zero');
      return op === '/' ? a / b : a % b;
    case '<<':
      return a << (b & 63n);
    case '>>':
      return BigInt.asUintN(64, a) >> (b & 63n);
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '==':
      return flag(a === b);
    case '!=':
      return flag(a !== b);
    case '<':
      return flag(a < b);
    case '<=':
      return flag(a <= b);
    case '>':
      return flag(a > b);
    case '>=':
      return flag(a >= b);
    case '&&':
      return flag(a !== 0n && b !== 0n);
    default:
      return flag(a !== 0n || b !== 0n);
  }
}

/** The output kind: NOLOAD or nothing but bss inputs is bss; else the strongest kind of its contents. */
function outputKind(o: OutputSection, inputs: Section[]): OutputKind {
  if (o.noload) return 'bss';
  const full = inputs.filter((s) => s.size > 0);
  if (full.some((s) => s.kind === 'text')) return 'text';
  if (full.some((s) => s.kind === 'data')) return 'data';
  if (full.some((s) => s.kind === 'rodata')) return 'rodata';
  return 'bss';
}

const isPlainNumber = (e: LdExpr): boolean =>
  e.k === 'num' ||
  (e.k === 'un' && isPlainNumber(e.e)) ||
  (e.k === 'bin' && isPlainNumber(e.a) && isPlainNumber(e.b));

function usesDot(e: LdExpr): boolean {
  switch (e.k) {
    case 'num':
      return false;
    case 'sym':
      return e.name === '.';
    case 'un':
      return usesDot(e.e);
    case 'bin':
      return usesDot(e.a) || usesDot(e.b);
    case 'cond':
      return usesDot(e.c) || usesDot(e.a) || usesDot(e.b);
    case 'call':
      return e.fn === 'ALIGN' || e.args.some(usesDot);
  }
}

/** Whether `name` matches a glob of `*`, `?` and `[...]`, as ld matches file and section names. */
export function globMatch(glob: string, name: string): boolean {
  let re = '';
  for (let k = 0; k < glob.length; k++) {
    const c = glob[k];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', k + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(k + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        k = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(name);
}
