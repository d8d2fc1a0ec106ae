import { halved } from '../address-halving';
import { interpretSteps, pcKey, type StepOutcome } from '../execute';
import { type Hart, TRAP } from '../hart';
import { CODE_BLOCKS } from '../hart-memory';
import { takeTrap } from '../trap';
import { type Block, translateBlock } from './block';

/** A pc whose first instruction cannot be translated (a system instruction, an illegal word). */
const UNTRANSLATABLE = 'untranslatable';
/** Slots of the direct-mapped table in front of the block map (a Map lookup per block costs too much). */
const FAST_SLOTS = 4096;

/**
 * The translator's cache and run loop. Blocks are found by the physical address of their first instruction
 * (as an index into RAM halfwords) and checked against the virtual pc they were compiled for, so a page
 * mapped at a new virtual address, or a new satp, can never run a block with the wrong pc constants: every
 * block entry translates pc afresh through the fetch path (TLB, PMP), which also raises fetch faults exactly.
 * SIMPLIFICATION: so satp writes need not drop blocks; sfence.vma and fence.i drop them all anyway.
 *
 * Blocks are remembered per 4 KiB page of RAM (Hart.codePages): a store into such a page drops that page's
 * blocks, so self-modifying code behaves as in the interpreter, with or without fence.i.
 *
 * Code runs in the interpreter until it has been entered `hotEntries` times, so code that runs once (boot,
 * set-up) costs no compilation.
 */
export class Translator {
  private readonly blocks = new Map<number, Block | typeof UNTRANSLATABLE>();
  private readonly heat = new Map<number, number>();
  private readonly byPage = new Map<number, number[]>();
  /** fastIndex[i & (FAST_SLOTS - 1)] = i when fastBlock holds the block for RAM halfword index i. */
  private readonly fastIndex = new Int32Array(FAST_SLOTS).fill(-1);
  private readonly fastBlock: (Block | null)[] = new Array<Block | null>(FAST_SLOTS).fill(null);
  /** Blocks compiled since the machine started, for the bench and the UI. */
  compiled = 0;

  constructor(
    private readonly h: Hart,
    private readonly hotEntries: number,
  ) {
    h.onCodeWrite = (page) => this.dropPage(page);
    h.onFence = () => this.flush();
  }

  /** Forget every block (fence.i, sfence.vma, reset, new breakpoints, RAM written by the host). */
  flush(): void {
    for (const page of this.byPage.keys()) this.h.codePages[page] &= ~CODE_BLOCKS;
    this.blocks.clear();
    this.heat.clear();
    this.fastIndex.fill(-1);
    this.byPage.clear();
  }

  private dropPage(page: number): void {
    const keys = this.byPage.get(page);
    if (keys) {
      for (const k of keys) {
        this.blocks.delete(k);
        if (this.fastIndex[k & (FAST_SLOTS - 1)] === k) this.fastIndex[k & (FAST_SLOTS - 1)] = -1;
      }
    }
    this.byPage.delete(page);
    this.h.codePages[page] &= ~CODE_BLOCKS;
  }

  private remember(index: number, entry: Block | typeof UNTRANSLATABLE): void {
    const page = index >>> 11; // 2048 halfwords per page
    this.blocks.set(index, entry);
    if (entry !== UNTRANSLATABLE) {
      this.fastIndex[index & (FAST_SLOTS - 1)] = index;
      this.fastBlock[index & (FAST_SLOTS - 1)] = entry;
    }
    let keys = this.byPage.get(page);
    if (!keys) this.byPage.set(page, (keys = []));
    keys.push(index);
    this.h.codePages[page] |= CODE_BLOCKS;
  }

  /**
   * Up to `limit` steps, as interpretSteps does them (same contract: no interrupt check, the caller bounds
   * `limit` by budget and timer; stops after h.slowPath, a trap, or before a breakpoint), running translated
   * blocks where they fit in what is left of `limit` and single steps elsewhere.
   */
  runSteps(limit: number, breakpoints: ReadonlySet<number> | null): StepOutcome {
    const h = this.h;
    const end = h.steps + limit;
    h.slowPath = false;
    while (h.steps < end) {
      if (breakpoints !== null && breakpoints.has(pcKey(h))) return null;
      const index = h.fetchIndex(h.pcLo, h.pcHi);
      const slot = index & (FAST_SLOTS - 1);
      let block =
        index < 0
          ? undefined
          : this.fastIndex[slot] === index
            ? this.fastBlock[slot]!
            : this.blocks.get(index);
      if (
        block === undefined ||
        (block !== UNTRANSLATABLE && (block.pcLoStored !== halved(h.pcLo) || block.pcHi !== h.pcHi))
      ) {
        block = index < 0 ? undefined : this.warmUp(index, breakpoints);
      }
      if (block === undefined || block === UNTRANSLATABLE || block.length > end - h.steps) {
        const trap = interpretSteps(h, 1, null);
        if (trap !== null) return trap;
      } else {
        // HART: a block runs in one mode and retires every step it takes but a trapping one.
        const start = h.steps;
        try {
          block.run(h, end);
        } catch (e) {
          if (e !== TRAP) throw e;
          h.retiredByMode[h.priv] += h.steps - start - 1;
          return takeTrap(h, false, h.trapCause, h.trapTvalLo, h.trapTvalHi);
        }
        h.retiredByMode[h.priv] += h.steps - start;
      }
      if (h.slowPath) return null;
    }
    return null;
  }

  /** Count an entry at `index`; translate once it is hot. */
  private warmUp(
    index: number,
    breakpoints: ReadonlySet<number> | null,
  ): Block | typeof UNTRANSLATABLE | undefined {
    const h = this.h;
    const seen = (this.heat.get(index) ?? 0) + 1;
    if (seen < this.hotEntries) {
      this.heat.set(index, seen);
      return undefined;
    }
    this.heat.delete(index);
    const block = translateBlock(h, h.pcLo, h.pcHi, index, breakpoints) ?? UNTRANSLATABLE;
    if (block !== UNTRANSLATABLE) this.compiled++;
    this.remember(index, block);
    return block;
  }
}
