/**
 * Directives (GNU as names and meanings): sections, symbols, alignment, data, constants and .option. The
 * statement loop (assembler.ts) handles the ones that read other statements: .macro, .rept, .include.
 */
import { Diagnostics, type Loc } from './diagnostics';
import { Cursor, evaluate, type Expr, parseExpr } from './expr';
import type { DataFixup, DataItem } from './items';
import { tokenize } from './lexer';
import { type OperandText, splitOperands } from './operands';
import type { Section } from './section';
import { LIMITS, type AsmState } from './state';

type Handler = (st: AsmState, ops: OperandText[], loc: Loc, args: string) => void;

// prettier-ignore
const DATA_SIZES: Record<string, 1 | 2 | 4 | 8> = {
  '.byte': 1, '.half': 2, '.short': 2, '.2byte': 2, '.word': 4, '.long': 4, '.4byte': 4,
  '.dword': 8, '.quad': 8, '.8byte': 8,
};

/** Directives that GNU as emits for debuggers and tools; they change nothing in the image. */
const IGNORED = ['.file', '.ident', '.attribute', '.addrsig', '.addrsig_sym', '.loc', '.hidden'];

function expr(st: AsmState, op: OperandText, loc: Loc): Expr | undefined {
  const lex = tokenize(op.text, op.column);
  if (lex.error) return void st.diag.error(Diagnostics.at(loc, lex.error.column), lex.error.message);
  const cur = new Cursor(lex.tokens);
  const e = parseExpr(cur, st.symbolName);
  if (!('k' in e)) return void st.diag.error(Diagnostics.at(loc, e.column), e.message);
  if (!cur.atEnd())
    return void st.diag.error(Diagnostics.at(loc, cur.peek().column), `unexpected '${cur.peek().text}'`);
  return e;
}

/** A constant operand (sizes, counts, alignments): symbols in it must be defined above. */
export function constant(
  st: AsmState,
  op: OperandText | undefined,
  loc: Loc,
  what: string,
): bigint | undefined {
  if (!op || op.text === '') return void st.diag.error(loc, `expected ${what}`);
  const e = expr(st, op, loc);
  if (!e) return undefined;
  const r = evaluate(e, st.lookupNow);
  if (r.ok) return r.value;
  const msg = r.unknown ? `${what} must be a constant (${r.message} above this line)` : r.message;
  st.diag.error(Diagnostics.at(loc, r.column), msg);
  return undefined;
}

/** Emit bytes, counting against the output limit; bss takes only zeros. */
function emitBytes(
  st: AsmState,
  bytes: Uint8Array,
  loc: Loc,
  fixups: DataFixup[] = [],
  parts?: DataItem['parts'],
): void {
  st.outputBytes += bytes.length;
  if (st.outputBytes > LIMITS.outputBytes) {
    if (st.outputBytes - bytes.length <= LIMITS.outputBytes)
      st.diag.error(loc, `output larger than ${LIMITS.outputBytes} bytes`);
    return;
  }
  if (st.section.kind === 'bss' && (fixups.length > 0 || bytes.some((b) => b !== 0))) {
    st.diag.error(
      loc,
      `only zeros may be placed in ${st.section.name} (a section with no contents in the file)`,
    );
    return;
  }
  st.emit({ kind: 'data', bytes, fixups, loc, ...(parts && parts.length > 1 ? { parts } : {}) });
}

export function putLE(bytes: Uint8Array, offset: number, size: number, v: bigint): void {
  for (let i = 0; i < size; i++) bytes[offset + i] = Number((v >> BigInt(8 * i)) & 0xffn);
}

/** Whether v fits `size` bytes as a signed or an unsigned number (GNU as accepts both). */
export function fitsBytes(v: bigint, size: number): boolean {
  const bits = BigInt(8 * size);
  return size === 8 || (v >= -(1n << (bits - 1n)) && v < 1n << bits);
}

function data(size: 1 | 2 | 4 | 8): Handler {
  return (st, ops, loc) => {
    const bytes = new Uint8Array(size * ops.length);
    const fixups: DataFixup[] = [];
    ops.forEach((op, i) => {
      const e = expr(st, op, loc);
      if (!e) return;
      const r = evaluate(e, st.lookupNow);
      if (!r.ok && !r.unknown) return st.diag.error(Diagnostics.at(loc, r.column), r.message);
      if (!r.ok)
        fixups.push({ offset: i * size, size, value: { expr: e, loc: { ...loc, column: op.column } } });
      else if (!fitsBytes(r.value, size)) {
        st.diag.error(
          Diagnostics.at(loc, op.column),
          `value ${op.text} does not fit in ${size} byte${size > 1 ? 's' : ''}`,
        );
      } else putLE(bytes, i * size, size, r.value);
    });
    const parts = ops.map((op, i) => ({ offset: i * size, column: op.column }));
    emitBytes(st, bytes, loc, fixups, parts);
  };
}

function strings(terminate: boolean): Handler {
  return (st, ops, loc) => {
    for (const op of ops) {
      const lex = tokenize(op.text, op.column);
      const t = lex.tokens[0];
      if (lex.error || t.kind !== 'string' || lex.tokens[1].kind !== 'end') {
        st.diag.error(
          Diagnostics.at(loc, op.column),
          `expected a string in double quotes, found '${op.text}'`,
        );
        continue;
      }
      const bytes = new Uint8Array(t.text.length + (terminate ? 1 : 0));
      for (let i = 0; i < t.text.length; i++) bytes[i] = t.text.charCodeAt(i) & 0xff;
      emitBytes(st, bytes, ops.length > 1 ? Diagnostics.at(loc, op.column) : loc);
    }
  };
}

/** Count of bytes for .space/.fill, bounded by the output limit. */
function count(st: AsmState, op: OperandText | undefined, loc: Loc, what: string): number | undefined {
  const v = constant(st, op, loc, what);
  if (v === undefined) return undefined;
  if (v < 0n || v > BigInt(LIMITS.outputBytes))
    return void st.diag.error(loc, `${what} must be 0..${LIMITS.outputBytes}, got ${v}`);
  return Number(v);
}

function align(kind: 'p2' | 'bytes'): Handler {
  return (st, ops, loc) => {
    const n = constant(st, ops[0], loc, 'an alignment');
    if (n === undefined) return;
    const bytes = kind === 'p2' ? (n >= 0n && n <= 16n ? 1 << Number(n) : -1) : Number(n);
    if (bytes < 1 || bytes > 1 << 16 || (bytes & (bytes - 1)) !== 0) {
      const want = kind === 'p2' ? 'a power of two exponent 0..16' : 'a power of two up to 65536';
      return st.diag.error(Diagnostics.at(loc, ops[0].column), `alignment must be ${want}, got ${n}`);
    }
    const fill = ops[1] && ops[1].text !== '' ? constant(st, ops[1], loc, 'a fill value') : undefined;
    const max = ops[2] ? constant(st, ops[2], loc, 'a maximum') : undefined;
    st.section.align = Math.max(st.section.align, bytes);
    const code = st.section.code && fill === undefined;
    st.emit({
      kind: 'align',
      align: bytes,
      fill: Number(fill ?? 0n) & 0xff,
      max: max === undefined ? bytes : Number(max),
      code,
      size: 0,
      loc,
    });
  };
}

function symbolList(f: (st: AsmState, name: string) => void): Handler {
  return (st, ops) => ops.forEach((o) => f(st, o.text));
}

function equ(st: AsmState, ops: OperandText[], loc: Loc): void {
  if (ops.length !== 2 || !/^[A-Za-z_.$][\w.$]*$/.test(ops[0].text)) {
    return st.diag.error(loc, 'expected a symbol name and an expression: .equ NAME, VALUE');
  }
  const e = expr(st, ops[1], loc);
  if (e) st.defineEqu(ops[0].text, e, { ...loc, column: ops[0].column });
}

/** Extensions `.option arch` may name: what -march=rv64gc has, and what changes nothing here. */
const ARCH_EXTENSIONS = new Set(['i', 'm', 'a', 'f', 'd', 'c', 'g', 'zicsr', 'zifencei', 'zihintpause']);

/**
 * `.option arch, +c` / `-c` / `rv64imac`: of the architecture, the assembler only tracks whether the C
 * extension is on (the table has no rows outside RV64GC to switch off).
 */
function optionArch(st: AsmState, ops: OperandText[], loc: Loc): void {
  if (ops.length < 2) return st.diag.error(loc, 'expected .option arch, +EXT or -EXT or rv64...');
  for (const op of ops.slice(1)) {
    const t = op.text.toLowerCase();
    const m = /^([+-])([a-z][a-z0-9]*)$/.exec(t);
    const full = /^rv64([a-z]+)((?:_[a-z0-9]+)*)$/.exec(t);
    if (m && ARCH_EXTENSIONS.has(m[2].replace(/\d+p\d+$/, ''))) {
      if (m[2] === 'c') st.rvc = m[1] === '+';
    } else if (full && [...full[1]].every((c) => ARCH_EXTENSIONS.has(c))) {
      st.rvc = full[1].includes('c');
    } else {
      st.diag.error(
        Diagnostics.at(loc, op.column),
        `unsupported .option arch '${op.text}': expected +EXT, -EXT or rv64 with i, m, a, f, d, c, g`,
      );
    }
  }
}

function option(st: AsmState, ops: OperandText[], loc: Loc): void {
  const o = ops[0]?.text;
  if (o === 'arch') optionArch(st, ops, loc);
  else if (o === 'rvc') st.rvc = true;
  else if (o === 'norvc') st.rvc = false;
  else if (o === 'push') st.optionStack.push(st.rvc);
  else if (o === 'pop') {
    const v = st.optionStack.pop();
    if (v === undefined) st.diag.error(loc, '.option pop without a matching .option push');
    else st.rvc = v;
  } else if (!['relax', 'norelax', 'pic', 'nopic'].includes(o ?? '')) {
    st.diag.error(
      loc,
      `unknown .option '${o ?? ''}': expected rvc, norvc, arch, push, pop, relax, norelax, pic or nopic`,
    );
  }
}

/** `.section NAME [, "FLAGS" [, @TYPE]]`: the section, created with its flags and type if it is new. */
function namedSection(st: AsmState, ops: OperandText[], loc: Loc, what: string): Section | undefined {
  const name = ops[0]?.text;
  if (!name || !/^[A-Za-z_.$][\w.$-]*$/.test(name))
    return void st.diag.error(loc, `expected a section name: ${what} NAME [, "FLAGS" [, @TYPE]]`);
  const flagOp = ops[1];
  if (flagOp && !/^"[awxMSGTe0-9]*"$/.test(flagOp.text)) {
    return void st.diag.error(
      Diagnostics.at(loc, flagOp.column),
      `expected section flags in double quotes (letters a, w, x), found '${flagOp.text}'`,
    );
  }
  const typeOp = ops[2];
  const type = typeOp?.text.replace(/^[@%]/, '');
  if (typeOp && type !== 'progbits' && type !== 'nobits') {
    return void st.diag.error(
      Diagnostics.at(loc, typeOp.column),
      `expected a section type @progbits or @nobits, found '${typeOp.text}'`,
    );
  }
  return st.getSection(name, flagOp?.text.slice(1, -1), type);
}

function section(st: AsmState, ops: OperandText[], loc: Loc): void {
  const s = namedSection(st, ops, loc, '.section');
  if (s) st.switchTo(s);
}

function pushSection(st: AsmState, ops: OperandText[], loc: Loc): void {
  const s = namedSection(st, ops, loc, '.pushsection');
  if (!s) return;
  st.sectionStack.push([st.section, st.previous]);
  st.switchTo(s);
}

function popSection(st: AsmState, _ops: OperandText[], loc: Loc): void {
  const saved = st.sectionStack.pop();
  if (!saved) return st.diag.error(loc, '.popsection without a matching .pushsection');
  [st.section, st.previous] = saved;
}

const HANDLERS: Record<string, Handler> = {
  '.text': (st) => st.switchTo(st.getSection('.text')),
  '.data': (st) => st.switchTo(st.getSection('.data')),
  '.rodata': (st) => st.switchTo(st.getSection('.rodata')),
  '.bss': (st) => st.switchTo(st.getSection('.bss')),
  '.section': section,
  '.pushsection': pushSection,
  '.popsection': popSection,
  '.previous': (st) => st.switchTo(st.previous),
  '.weak': symbolList((st, n) => {
    st.globals.add(n);
    st.weak.add(n);
  }),
  '.globl': symbolList((st, n) => st.globals.add(n)),
  '.global': symbolList((st, n) => st.globals.add(n)),
  '.local': symbolList((st, n) => st.globals.delete(n)),
  '.type': (st, ops, loc) => {
    const t = ops[1]?.text.replace(/^[@%]/, '');
    if (t === 'function' || t === 'object') st.types.set(ops[0].text, t);
    else st.diag.error(loc, 'expected .type NAME, @function or .type NAME, @object');
  },
  '.size': (st, ops, loc) => {
    const e =
      ops.length === 2 ? expr(st, ops[1], loc) : void st.diag.error(loc, 'expected .size NAME, EXPRESSION');
    if (e) st.sizes.set(ops[0].text, e);
  },
  '.align': align('p2'),
  '.p2align': align('p2'),
  '.balign': align('bytes'),
  '.ascii': strings(false),
  '.asciz': strings(true),
  '.string': strings(true),
  '.equ': equ,
  '.set': equ,
  '.option': option,
  '.zero': (st, ops, loc) => {
    const n = count(st, ops[0], loc, 'a size');
    if (n !== undefined) emitBytes(st, new Uint8Array(n), loc);
  },
  '.fill': (st, ops, loc) => {
    const repeat = count(st, ops[0], loc, 'a repeat count');
    const size = ops[1] ? constant(st, ops[1], loc, 'a size') : 1n;
    const v = ops[2] ? constant(st, ops[2], loc, 'a value') : 0n;
    if (repeat === undefined || size === undefined || v === undefined) return;
    if (size < 0n || size > 8n) return st.diag.error(loc, `.fill size must be 0..8, got ${size}`);
    const s = Number(size);
    if (repeat * s > LIMITS.outputBytes)
      return st.diag.error(loc, `output larger than ${LIMITS.outputBytes} bytes`);
    const bytes = new Uint8Array(repeat * s);
    // GNU as writes the value's low 4 bytes and zeros above them.
    for (let i = 0; i < repeat; i++) putLE(bytes, i * s, Math.min(s, 4), v);
    emitBytes(st, bytes, loc);
  },
};
HANDLERS['.space'] = HANDLERS['.skip'] = (st, ops, loc) => {
  const n = count(st, ops[0], loc, 'a size');
  const fill = ops[1] ? constant(st, ops[1], loc, 'a fill value') : 0n;
  if (n !== undefined && fill !== undefined) emitBytes(st, new Uint8Array(n).fill(Number(fill & 0xffn)), loc);
};
for (const [name, size] of Object.entries(DATA_SIZES)) HANDLERS[name] = data(size);

/** Run a directive; false when `name` is not one. */
export function directive(st: AsmState, name: string, args: string, argsColumn: number, loc: Loc): boolean {
  if (IGNORED.includes(name) || name.startsWith('.cfi_')) return true;
  const h = HANDLERS[name];
  if (!h) return false;
  h(st, splitOperands(args, argsColumn), loc, args);
  return true;
}
