/**
 * A section being assembled, and its layout: item offsets, alignment padding and the size of every branch.
 * Sizes are chosen as GNU as chooses them for its relaxed branches (tc-riscv.c, relaxed_branch_length):
 * start small and grow a branch whose target is out of reach, until nothing changes.
 */
import type { Loc } from './diagnostics';
import { type BranchItem, type Item, itemSize } from './items';

export type OutputKind = 'text' | 'rodata' | 'data' | 'bss';

export class Section {
  readonly items: Item[] = [];
  /** Offsets of the items, and one more for the end, from the last layout. */
  offsets: number[] = [0];
  /** Largest alignment asked for (bytes). */
  align = 1;
  /** Set by the final layout. */
  address = 0;
  /** Whether `address` is final (a linker script places sections one by one). */
  placed = false;
  /** Dropped by a linker script's /DISCARD/: its labels have no address. */
  discarded = false;
  /** The flags ("awx") and type (progbits, nobits) of `.section NAME, "FLAGS", @TYPE`, when given. */
  flags?: string;
  type?: string;

  constructor(
    readonly name: string,
    readonly kind: OutputKind,
    readonly code: boolean,
  ) {}

  get size(): number {
    return this.offsets[this.offsets.length - 1];
  }

  /** Offset of item `index` (items.length means the end). */
  offsetOf(index: number): number {
    return this.offsets[Math.min(index, this.offsets.length - 1)];
  }

  /** Recompute offsets and alignment padding from the current item sizes. */
  place(): void {
    const offsets = [0];
    let at = 0;
    for (const item of this.items) {
      if (item.kind === 'align') {
        const pad = (item.align - (at % item.align)) % item.align;
        item.size = pad > item.max ? 0 : pad;
      }
      at += itemSize(item);
      offsets.push(at);
    }
    this.offsets = offsets;
  }
}

/** Where a branch's target is, when it is a label of the same section plus a constant. */
export type SameSection = (
  branch: BranchItem,
) => { section: Section; index: number; addend: number } | undefined;

const RVC_JUMP_REACH = 1 << 11;
const RVC_BRANCH_REACH = 1 << 8;
const BRANCH_REACH = 1 << 12;

/** The size GNU as gives a branch whose distance is `distance` (undefined: not in this section). */
function branchLength(b: BranchItem, distance: number | undefined): 2 | 4 | 6 | 8 {
  const jump = b.row.name === 'jal';
  const rvc = b.compressed !== undefined;
  if (distance === undefined) return jump ? 4 : 8;
  if (
    rvc &&
    distance >= -(jump ? RVC_JUMP_REACH : RVC_BRANCH_REACH) &&
    distance < (jump ? RVC_JUMP_REACH : RVC_BRANCH_REACH)
  ) {
    return 2;
  }
  if (jump || (distance >= -BRANCH_REACH && distance < BRANCH_REACH)) return 4;
  return rvc ? 6 : 8;
}

/** Bound on layout passes; sizes only grow, so a real program settles in a few. */
const MAX_PASSES = 64;

/** Lay out all sections, choosing branch sizes. Returns where a layout failed to settle (never in practice). */
export function layout(sections: readonly Section[], sameSection: SameSection): Loc | undefined {
  for (const s of sections) {
    for (const item of s.items) if (item.kind === 'branch') item.size = item.compressed ? 2 : 4;
  }
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    for (const s of sections) s.place();
    let changed = false;
    for (const s of sections) {
      s.items.forEach((item, i) => {
        if (item.kind !== 'branch') return;
        const t = sameSection(item);
        const distance =
          t && t.section === s ? t.section.offsetOf(t.index) + t.addend - s.offsetOf(i) : undefined;
        const size = branchLength(item, distance);
        if (size > item.size) {
          item.size = size;
          changed = true;
        }
      });
    }
    if (!changed) return undefined;
  }
  return sections.flatMap((s) => s.items).find((i) => i.kind === 'branch')?.loc;
}
