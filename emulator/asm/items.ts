/**
 * What a section holds between reading the source and laying it out: instructions (some with values still to
 * resolve), branches whose size depends on the distance to their target, data, and alignment padding.
 */
import type { InstructionRow } from '../isa/table';
import type { Loc } from './diagnostics';
import type { Deferred, OpValue } from './operands';

export interface InsnItem {
  kind: 'insn';
  row: InstructionRow;
  /** One value per row operand, in the row's order. */
  ops: OpValue[];
  /** Bits beyond the operands (the aq/rl bits of an A instruction). */
  extra: number;
  size: 2 | 4;
  loc: Loc;
}

/**
 * A branch or jump to a target: GNU as picks its size after layout (its "relaxed branches", which happen
 * with -mno-relax too): 2 bytes for the compressed form when rvc is on and the target is near, 4 for the
 * plain instruction, and for a conditional branch whose target is too far, the inverted branch over a jal
 * (8 bytes, or 6 with a compressed inverted branch).
 */
export interface BranchItem {
  kind: 'branch';
  /** The 32-bit row (a B-type branch or jal) and its operands; the target operand is `target`. */
  row: InstructionRow;
  ops: OpValue[];
  /** The compressed row to use when it reaches (c.beqz, c.bnez, c.j), if rvc was on. */
  compressed?: InstructionRow;
  target: Deferred | number;
  size: 2 | 4 | 6 | 8;
  loc: Loc;
}

export interface DataFixup {
  offset: number;
  size: 1 | 2 | 4 | 8;
  value: Deferred;
}

export interface DataItem {
  kind: 'data';
  bytes: Uint8Array;
  fixups: DataFixup[];
  loc: Loc;
  /** Where each value of a list (`.word 1, 2, 3`) starts, and its column, for the source map. */
  parts?: { offset: number; column: number }[];
}

export interface AlignItem {
  kind: 'align';
  /** Alignment in bytes (a power of two). */
  align: number;
  /** Fill byte for data sections; code sections get nops. */
  fill: number;
  /** Skip the alignment if it needs more than this many bytes. */
  max: number;
  code: boolean;
  size: number;
  loc: Loc;
}

export type Item = InsnItem | BranchItem | DataItem | AlignItem;

export function itemSize(item: Item): number {
  return item.kind === 'data' ? item.bytes.length : item.size;
}
