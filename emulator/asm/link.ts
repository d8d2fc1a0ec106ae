/**
 * After every statement is read: lay out the sections, give them addresses (text at the caller's base, then
 * rodata, data and bss, each at its alignment), resolve symbols and encode every item into bytes.
 */
import type { ImageSymbol, ProgramImage, Segment, SourceLocation } from '../image';
import { type InstructionRow, ROW_BY_NAME } from '../isa/table';
import type { Loc } from './diagnostics';
import { evaluate, type Expr, symbolsOf } from './expr';
import { fitsBytes, putLE } from './directives';
import type { BranchItem, Item } from './items';
import type { Deferred, OpValue } from './operands';
import type { LinkerScript } from './ldscript';
import { checkValue, ROLES } from './roles';
import { placeByScript, type PlacedOutput, type ScriptSymbol } from './script-layout';
import { layout, type OutputKind, Section } from './section';
import type { AsmState } from './state';

export interface AssembledSection {
  name: string;
  kind: OutputKind;
  address: number;
  size: number;
  align: number;
  /** The contents (zeros for bss). */
  bytes: Uint8Array;
}

export interface AssembledSymbol {
  name: string;
  value: bigint;
  /** The section a label is in; undefined for an absolute (.equ) symbol. */
  section?: string;
  global: boolean;
  kind: ImageSymbol['kind'];
  size: number;
}

/** A parsed linker script, and the name the script's file patterns see (`hello.o` for hello.S). */
export interface LinkScript {
  script: LinkerScript;
  objectName: string;
}

export interface Linked {
  sections: AssembledSection[];
  symbols: AssembledSymbol[];
  image: ProgramImage;
}

// prettier-ignore
const INVERSE: Record<string, string> = {
  beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu', 'c.beqz': 'c.bnez', 'c.bnez': 'c.beqz',
};
const KINDS: readonly OutputKind[] = ['text', 'rodata', 'data', 'bss'];
const MAX_EQU_DEPTH = 100;
const sext12 = (v: bigint): bigint => ((v & 0xfffn) ^ 0x800n) - 0x800n;

export function link(st: AsmState, textBase: number, script?: LinkScript): Linked {
  const sections = orderSections(st);
  // GNU as pads the end of a code section to the section's alignment with nops (write.c,
  // SUB_SEGMENT_ALIGN), unless --no-pad-sections: the bytes must match, so do the same.
  for (const s of sections.filter((x) => x.code)) {
    const loc = s.items[s.items.length - 1]?.loc ?? { file: '', line: 0, column: 0 };
    if (s.items.length)
      s.items.push({ kind: 'align', align: s.align, fill: 0, max: s.align, code: s.code, size: 0, loc });
  }
  const settled = layout(sections, (b) => sameSection(st, b));
  if (settled) st.diag.error(settled, 'branch sizes did not settle');
  let outputs: PlacedOutput[];
  let scriptSymbols = new Map<string, ScriptSymbol>();
  if (script) {
    // A script sees the input sections in the order GNU as writes them: the order of first use.
    const r = placeByScript(script.script, [...st.sections.values()], script.objectName, {
      lookup: (name) => symbolValues(st, new Map())(name),
      defined: (name) => st.symbols.has(name),
      referenced: referencedSymbols(st),
      error: (loc, message) => st.diag.error(loc, message),
    });
    outputs = r.outputs;
    scriptSymbols = r.symbols;
  } else {
    let at = textBase;
    for (const s of sections) {
      at = Math.ceil(at / s.align) * s.align;
      s.address = at;
      s.placed = true;
      at += s.size;
    }
    outputs = sections.map((s) => ({
      name: s.name,
      kind: s.kind,
      address: s.address,
      size: s.size,
      align: s.align,
      inputs: [s],
    }));
  }
  const placed = sections.filter((s) => s.placed && !s.discarded);
  const value = symbolValues(st, scriptSymbols);
  // The value each auipc's %pcrel_hi names, by the auipc's address (undefined when it has an error already).
  const pcrelHi = new Map<number, bigint | undefined>();
  for (const s of placed) {
    s.items.forEach((item, i) => {
      if (item.kind !== 'insn') return;
      const d = item.ops.find((o) => o.d?.mod === 'pcrel_hi')?.d;
      const r = d && evaluate(d.expr, value);
      if (r) pcrelHi.set(s.address + s.offsetOf(i), r.ok ? r.value : undefined);
    });
  }
  const enc = new Encoder(st, value, pcrelHi);
  const bytesOf = new Map(placed.map((s) => [s, enc.section(s)]));
  const outputOf = new Map<Section, string>();
  const out: AssembledSection[] = outputs.map((o) => {
    const bytes = new Uint8Array(o.size);
    for (const s of o.inputs) {
      outputOf.set(s, o.name);
      const b = bytesOf.get(s);
      if (b && o.kind !== 'bss') bytes.set(b, s.address - o.address);
    }
    return { name: o.name, kind: o.kind, address: o.address, size: o.size, align: o.align, bytes };
  });
  const symbols = collectSymbols(st, value, outputOf, scriptSymbols);
  const entryName = script?.script.entry?.name ?? '_start';
  const entrySymbol = symbols.find((s) => s.name === entryName);
  const entry = entrySymbol
    ? Number(entrySymbol.value)
    : (out.find((s) => s.kind === 'text' && s.size > 0)?.address ?? textBase);
  if (script?.script.entry && !entrySymbol)
    st.diag.error(script.script.entry.loc, `ENTRY names '${entryName}', which is never defined`);
  return { sections: out, symbols, image: image(out, symbols, enc.sourceMap, entry, script !== undefined) };
}

/** Every symbol the program's instructions, data and constants refer to. */
function referencedSymbols(st: AsmState): Set<string> {
  const names = new Set<string>();
  for (const s of st.sections.values()) {
    for (const item of s.items) {
      if (item.kind === 'insn' || item.kind === 'branch') {
        for (const o of item.ops) if (o.d) symbolsOf(o.d.expr, names);
      }
      if (item.kind === 'branch' && typeof item.target !== 'number') symbolsOf(item.target.expr, names);
      if (item.kind === 'data') for (const f of item.fixups) symbolsOf(f.value.expr, names);
    }
  }
  for (const sym of st.symbols.values()) if (sym.kind === 'equ') symbolsOf(sym.expr, names);
  return names;
}

function orderSections(st: AsmState): Section[] {
  const all = [...st.sections.values()];
  return KINDS.flatMap((k) => {
    const of = all.filter((s) => s.kind === k);
    return [...of.filter((s) => s.name === '.text.init'), ...of.filter((s) => s.name !== '.text.init')];
  });
}

/** A branch target that is a label of some section plus a constant, for branch sizing. */
function sameSection(
  st: AsmState,
  b: BranchItem,
): { section: Section; index: number; addend: number } | undefined {
  if (typeof b.target === 'number') return undefined;
  let e: Expr = b.target.expr;
  let addend = 0n;
  const constant =
    e.k === 'bin' && (e.op === '+' || e.op === '-') ? evaluate(e.b, () => undefined) : undefined;
  if (e.k === 'bin' && constant?.ok) {
    addend = e.op === '+' ? constant.value : -constant.value;
    e = e.a;
  }
  const sym = e.k === 'sym' ? st.symbols.get(e.name) : undefined;
  return sym?.kind === 'label'
    ? { section: sym.section, index: sym.index, addend: Number(addend) }
    : undefined;
}

/** Symbol values: a linker script's symbols, else labels of placed sections and .equ constants. */
function symbolValues(
  st: AsmState,
  script: ReadonlyMap<string, ScriptSymbol>,
): (name: string) => bigint | undefined {
  const cache = new Map<string, bigint | undefined>();
  let depth = 0;
  const value = (name: string): bigint | undefined => {
    if (cache.has(name)) return cache.get(name);
    const s = st.symbols.get(name);
    let v: bigint | undefined = script.get(name)?.value;
    if (v !== undefined) return v;
    if (s?.kind === 'label') {
      const sec = s.section;
      v = sec.placed && !sec.discarded ? BigInt(sec.address + sec.offsetOf(s.index)) : undefined;
    } else if (s?.kind === 'equ' && depth < MAX_EQU_DEPTH) {
      cache.set(name, undefined); // a symbol defined in terms of itself stays undefined
      depth++;
      const r = evaluate(s.expr, value);
      depth--;
      v = r.ok ? r.value : undefined;
    }
    cache.set(name, v);
    return v;
  };
  return value;
}

class Encoder {
  readonly sourceMap = new Map<number, SourceLocation>();
  constructor(
    private readonly st: AsmState,
    private readonly value: (name: string) => bigint | undefined,
    private readonly pcrelHi: Map<number, bigint | undefined>,
  ) {}

  section(s: Section): Uint8Array {
    const bytes = new Uint8Array(s.size);
    s.items.forEach((item, i) => this.item(item, bytes, s.offsetOf(i), s.address + s.offsetOf(i)));
    return bytes;
  }

  private item(item: Item, bytes: Uint8Array, off: number, pc: number): void {
    if (item.kind !== 'align' && item.kind !== 'data') this.sourceMap.set(pc, item.loc);
    switch (item.kind) {
      case 'data':
        bytes.set(item.bytes, off);
        for (const f of item.fixups) {
          const v = this.resolve(f.value, pc + f.offset);
          if (v === undefined) continue;
          if (!fitsBytes(v, f.size)) this.error(f.value.loc, `value ${v} does not fit in ${f.size} bytes`);
          else putLE(bytes, off + f.offset, f.size, v);
        }
        return;
      case 'align':
        if (item.code) nops(bytes, off, item.size);
        else bytes.fill(item.fill, off, off + item.size);
        return;
      case 'insn':
        return this.put(bytes, off, this.encode(item.row, item.ops, item.extra, pc, item.loc), item.size);
      case 'branch':
        return this.branch(item, bytes, off, pc);
    }
  }

  private put(bytes: Uint8Array, off: number, word: number | undefined, size: number): void {
    if (word !== undefined) putLE(bytes, off, size, BigInt(word >>> 0));
  }

  private branch(b: BranchItem, bytes: Uint8Array, off: number, pc: number): void {
    const target: OpValue = typeof b.target === 'number' ? { n: b.target } : { d: b.target };
    const regs = b.ops.slice(0, -1);
    const jal = ROW_BY_NAME.get('jal') as InstructionRow;
    // The opposite condition (GNU as flips the lowest funct3 bit).
    const inverted = (r: InstructionRow): InstructionRow =>
      ROW_BY_NAME.get(INVERSE[r.name]) as InstructionRow;
    if (b.size === 2 && b.compressed) {
      const ops = b.row.name === 'jal' ? [target] : [regs[0], target];
      return this.put(bytes, off, this.encode(b.compressed, ops, 0, pc, b.loc), 2);
    }
    if (b.size === 4) return this.put(bytes, off, this.encode(b.row, [...regs, target], 0, pc, b.loc), 4);
    // Too far for a branch: the inverted branch skips over a jal to the target (GNU as, md_convert_frag).
    const skip = b.size === 6 && b.compressed ? inverted(b.compressed) : inverted(b.row);
    const skipOps = b.size === 6 ? [regs[0], { n: pc + b.size }] : [...regs, { n: pc + b.size }];
    const first = b.size - 4;
    this.put(bytes, off, this.encode(skip, skipOps, 0, pc, b.loc), first);
    this.put(bytes, off + first, this.encode(jal, [{ n: 0 }, target], 0, pc + first, b.loc), 4);
  }

  /** The value of a deferred operand, after its %modifier. */
  private resolve(d: Deferred, pc: number): bigint | undefined {
    const r = evaluate(d.expr, this.value);
    if (!r.ok) {
      const local = /'\.L(\d+)\^B\d+'/.exec(r.message);
      const msg = local
        ? `undefined local label '${local[1]}' (no '${local[1]}:' after this line)`
        : r.message;
      return void this.error({ ...d.loc, column: r.column }, msg);
    }
    const v = r.value;
    switch (d.mod) {
      case 'hi':
      case 'pcrel_hi': {
        // On RV64, lui and auipc sign-extend their 32-bit result, so GNU ld refuses what does not fit.
        const x = d.mod === 'hi' ? v + 0x800n : v - BigInt(pc) + 0x800n;
        if (BigInt.asIntN(32, x) !== x) {
          const what = d.mod === 'hi' ? `the value 0x${BigInt.asUintN(64, v).toString(16)}` : 'the distance';
          return void this.error(d.loc, `%${d.mod} out of range: ${what} does not fit in 32 signed bits`);
        }
        return (x >> 12n) & 0xfffffn;
      }
      case 'lo':
        return sext12(v);
      case 'pcrel_lo': {
        if (!this.pcrelHi.has(Number(v)))
          return void this.error(d.loc, '%pcrel_lo must name the label of an auipc with %pcrel_hi');
        const hi = this.pcrelHi.get(Number(v));
        return hi === undefined ? undefined : sext12(hi - v);
      }
      default:
        return v;
    }
  }

  private encode(
    row: InstructionRow,
    ops: OpValue[],
    extra: number,
    pc: number,
    loc: Loc,
  ): number | undefined {
    let word = (row.match | extra) >>> 0;
    for (let i = 0; i < row.operands.length; i++) {
      const role = row.operands[i];
      const spec = ROLES[role];
      const o = ops[i];
      let v = o.n !== undefined ? BigInt(o.n) : this.resolve(o.d, pc);
      if (v === undefined) return undefined;
      if (spec.shape === 'target') v -= BigInt(pc);
      if (o.d || spec.shape === 'target') {
        const bad =
          v < -(1n << 40n) || v > 1n << 40n ? 'far out of range' : checkValue(role, spec, Number(v));
        if (bad) {
          const what = spec.shape === 'target' ? `${row.name} target` : `value of '${row.name}' operand`;
          const why =
            spec.shape === 'target' && Number(v) % 2 !== 0 ? `${what} is misaligned` : `${what} out of range`;
          return void this.error(
            o.d?.loc ?? loc,
            `${why}: ${bad}${spec.shape === 'target' ? ' bytes from here' : ''}`,
          );
        }
      }
      word = (word | spec.insert(Number(v), o.base)) >>> 0;
    }
    if (row.valid && !row.valid(word))
      return void this.error(loc, `${row.name}: these operands make a reserved encoding`);
    return word;
  }

  private error(loc: Loc, message: string): void {
    this.st.diag.error(loc, message);
  }
}

/** Code padding as GNU as writes it without linker relaxation: a zero byte if odd, a c.nop, then nops. */
function nops(bytes: Uint8Array, off: number, size: number): void {
  let i = 0;
  if (size % 2 === 1) bytes[off + i++] = 0;
  if ((size - i) % 4 === 2) {
    putLE(bytes, off + i, 2, 0x0001n);
    i += 2;
  }
  for (; i < size; i += 4) putLE(bytes, off + i, 4, 0x00000013n);
}

function collectSymbols(
  st: AsmState,
  value: (name: string) => bigint | undefined,
  outputOf: ReadonlyMap<Section, string>,
  script: ReadonlyMap<string, ScriptSymbol>,
): AssembledSymbol[] {
  const out: AssembledSymbol[] = [];
  for (const [name, s] of st.symbols) {
    if (name.startsWith('.L') || script.has(name)) continue;
    const v = value(name);
    if (v === undefined) continue;
    const sizeExpr = st.sizes.get(name);
    const size = sizeExpr ? evaluate(sizeExpr, value) : undefined;
    out.push({
      name,
      value: v,
      section: s.kind === 'label' ? outputOf.get(s.section) : undefined,
      global: st.globals.has(name),
      kind: st.types.get(name) ?? 'label',
      size: size?.ok ? Number(size.value) : 0,
    });
  }
  // Symbols a linker script defines are global, as ld makes them.
  for (const [name, s] of script) {
    out.push({ name, value: s.value, section: s.section, global: true, kind: 'label', size: 0 });
  }
  return out;
}

function image(
  sections: AssembledSection[],
  symbols: AssembledSymbol[],
  sourceMap: Map<number, SourceLocation>,
  entry: number,
  perSection: boolean,
): ProgramImage {
  const segments: Segment[] = [];
  // The default layout makes one segment per kind; a linker script's output sections may lie anywhere, so
  // each is its own segment.
  const groups = perSection
    ? sections.filter((s) => s.size > 0).map((s) => [s])
    : KINDS.map((kind) => sections.filter((s) => s.kind === kind && s.size > 0));
  for (const of of groups) {
    if (of.length === 0) continue;
    const kind = of[0].kind;
    const start = of[0].address;
    const end = of[of.length - 1].address + of[of.length - 1].size;
    const data = new Uint8Array(kind === 'bss' ? 0 : end - start);
    if (kind !== 'bss') for (const s of of) data.set(s.bytes, s.address - start);
    const flags = { read: true, write: kind === 'data' || kind === 'bss', execute: kind === 'text' };
    segments.push({ address: start, data, memSize: end - start, flags });
  }
  const labels = symbols
    .filter((s) => s.section !== undefined)
    .map((s) => ({ name: s.name, address: Number(s.value), size: s.size, kind: s.kind }))
    .sort((a, b) => a.address - b.address || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entry, segments, symbols: labels, sourceMap };
}
