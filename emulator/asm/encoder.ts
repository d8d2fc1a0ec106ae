/**
 * Encoding after layout: every item of a placed section to bytes, with each deferred value (a label, a %hi,
 * a %pcrel_lo) resolved and range-checked, branches written in the size layout chose, and a source-map entry
 * for every item that takes space.
 */
import type { SourceLocation } from '../image';
import { type InstructionRow, ROW_BY_NAME } from '../isa/table';
import type { Loc } from './diagnostics';
import { fitsBytes, putLE } from './directives';
import { evaluate } from './expr';
import { type BranchItem, type Item, itemSize } from './items';
import type { Deferred, OpValue } from './operands';
import { checkValue, ROLES } from './roles';
import type { Section } from './section';
import type { AsmState } from './state';

// prettier-ignore
const INVERSE: Record<string, string> = {
  beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu', 'c.beqz': 'c.bnez', 'c.bnez': 'c.beqz',
};
const sext12 = (v: bigint): bigint => ((v & 0xfffn) ^ 0x800n) - 0x800n;

export class Encoder {
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
    // Every item that takes space maps its first address to its line: instructions, data (each value of a
    // list to its own column) and alignment padding (to the .align that asked for it).
    if (itemSize(item) > 0 && item.loc.line > 0) this.sourceMap.set(pc, item.loc);
    switch (item.kind) {
      case 'data':
        for (const p of item.parts ?? [])
          this.sourceMap.set(pc + p.offset, { ...item.loc, column: p.column });
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
