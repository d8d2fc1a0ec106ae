/**
 * After every statement is read: lay out the sections, give them addresses (text at the caller's base, then
 * rodata, data and bss, each at its alignment; or as a linker script says), resolve symbols, and encode every
 * item into bytes (encoder.ts).
 */
import type { ImageSymbol, ProgramImage, Segment, SourceLocation } from '../image';
import { Encoder } from './encoder';
import { evaluate, type Expr, symbolsOf } from './expr';
import type { BranchItem } from './items';
import type { LinkerScript } from './ldscript';
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
  /** The flags ("awx") `.section` gave it, which the ELF writer writes; else they follow from `kind`. */
  flags?: string;
}

export interface AssembledSymbol {
  name: string;
  value: bigint;
  /** The section a label is in; undefined for an absolute (.equ) symbol. */
  section?: string;
  global: boolean;
  /** Named by .weak (ELF binding STB_WEAK). */
  weak?: boolean;
  /** A weak symbol used but never defined (ELF section index SHN_UNDEF). */
  undef?: boolean;
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

const KINDS: readonly OutputKind[] = ['text', 'rodata', 'data', 'bss'];
const MAX_EQU_DEPTH = 100;

export function link(st: AsmState, textBase: number, script?: LinkScript): Linked {
  const sections = orderSections(st);
  // GNU as pads the end of a code section to the section's alignment with nops (write.c,
  // SUB_SEGMENT_ALIGN), unless --no-pad-sections: the bytes must match, so do the same.
  for (const s of sections.filter((x) => x.code)) {
    // Line 0: this padding comes from no line of the source, so the source map leaves it out.
    const loc = { file: s.items[s.items.length - 1]?.loc.file ?? '', line: 0, column: 0 };
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
    // The flags `.section NAME, "FLAGS"` gave, when this output holds that one section.
    const flags = o.inputs.length === 1 ? o.inputs[0].flags : undefined;
    const { name, kind, address, size, align } = o;
    return { name, kind, address, size, align, bytes, ...(flags !== undefined ? { flags } : {}) };
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
    } else if (!s && st.weak.has(name)) {
      // An undefined weak symbol is 0, as GNU ld links it.
      v = 0n;
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
      ...(st.weak.has(name) ? { weak: true } : {}),
      kind: st.types.get(name) ?? 'label',
      size: size?.ok ? Number(size.value) : 0,
    });
  }
  // A weak symbol that is never defined but is used stays in the table, undefined, with the value 0.
  const used = referencedSymbols(st);
  for (const name of st.weak) {
    if (!st.symbols.has(name) && !script.has(name) && used.has(name))
      out.push({ name, value: 0n, global: true, weak: true, undef: true, kind: 'label', size: 0 });
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
