import type { Machine } from '../machine';
import { applyCore, captureCore, coreBytes, type CoreState } from './core-state';
import { copyPage, PAGE_SIZE, pageCount, pageEquals, pageIsZero, ramWords, writePage } from './pages';

/**
 * The machine at one step: its CPU and device state, and its RAM as a table of the non-zero pages. A page
 * that did not change since the previous checkpoint is the same Int32Array object in both tables (copy on
 * write: a checkpoint costs the pages written since the one before it, plus its table).
 */
export interface Checkpoint {
  /** hart.steps when it was taken. */
  readonly steps: number;
  /** How many recorded inputs the machine had been given (time-travel.ts). */
  readonly inputs: number;
  readonly core: CoreState;
  readonly pages: ReadonlyMap<number, Int32Array>;
  /** What it adds to the store's size on its own: state and table (the pages are counted once, shared). */
  readonly ownBytes: number;
}

/** Bytes per entry of a checkpoint's page table (index and reference), in the size the store reports. */
const TABLE_ENTRY_BYTES = 16;

/**
 * Checkpoints, oldest first, within a memory bound. When a new one takes the store over `maxBytes`, older
 * checkpoints are thinned (the one whose removal leaves the smallest gap between its neighbours goes
 * first), so recent history stays dense and old history sparse; the newest is never dropped, nor the
 * oldest while another could go.
 */
export class CheckpointStore {
  private list: Checkpoint[] = [];
  /** How many checkpoints hold each page copy: a copy's bytes count while any does. */
  private readonly holders = new Map<Int32Array, number>();
  private pageBytes = 0;
  private tableBytes = 0;

  constructor(
    private readonly m: Machine,
    readonly maxBytes: number,
  ) {}

  /** Bytes held: page copies (each once), states and tables. */
  get bytes(): number {
    return this.pageBytes + this.tableBytes;
  }

  get checkpoints(): readonly Checkpoint[] {
    return this.list;
  }

  get newest(): Checkpoint | undefined {
    return this.list[this.list.length - 1];
  }

  take(inputs: number): Checkpoint {
    const words = ramWords(this.m.ram);
    const before = this.newest?.pages ?? new Map<number, Int32Array>();
    const pages = new Map<number, Int32Array>();
    for (let p = 0, n = pageCount(this.m.ramSize); p < n; p++) {
      const old = before.get(p) ?? null;
      if (pageEquals(words, p, old)) {
        if (old !== null) pages.set(p, old);
      } else if (!pageIsZero(words, p)) {
        pages.set(p, copyPage(words, p));
      }
    }
    const core = captureCore(this.m);
    const c: Checkpoint = {
      steps: this.m.hart.steps,
      inputs,
      core,
      pages,
      ownBytes: coreBytes(core) + TABLE_ENTRY_BYTES * pages.size,
    };
    this.add(c);
    this.thin();
    return c;
  }

  /** Put the machine in the checkpoint's state, writing only the pages that differ. */
  restore(c: Checkpoint): void {
    const words = ramWords(this.m.ram);
    for (let p = 0, n = pageCount(this.m.ramSize); p < n; p++) {
      const page = c.pages.get(p) ?? null;
      if (!pageEquals(words, p, page)) writePage(words, p, page);
    }
    applyCore(this.m, c.core);
  }

  /** The newest checkpoint taken at or before `steps` (the oldest if all are later). */
  atOrBefore(steps: number): Checkpoint {
    for (let i = this.list.length - 1; i > 0; i--) if (this.list[i].steps <= steps) return this.list[i];
    return this.list[0];
  }

  /** Forget checkpoints after `steps` (the future was rewritten). */
  dropAfter(steps: number): void {
    while (this.list.length > 1 && (this.newest as Checkpoint).steps > steps)
      this.remove(this.list.length - 1);
  }

  clear(): void {
    while (this.list.length > 0) this.remove(this.list.length - 1);
  }

  private add(c: Checkpoint): void {
    this.list.push(c);
    this.tableBytes += c.ownBytes;
    for (const page of c.pages.values()) {
      const n = this.holders.get(page) ?? 0;
      if (n === 0) this.pageBytes += PAGE_SIZE;
      this.holders.set(page, n + 1);
    }
  }

  private remove(i: number): void {
    const [c] = this.list.splice(i, 1);
    this.tableBytes -= c.ownBytes;
    for (const page of c.pages.values()) {
      const n = (this.holders.get(page) as number) - 1;
      if (n === 0) {
        this.holders.delete(page);
        this.pageBytes -= PAGE_SIZE;
      } else this.holders.set(page, n);
    }
  }

  private thin(): void {
    while (this.bytes > this.maxBytes && this.list.length > 1) {
      if (this.list.length === 2) {
        this.remove(0);
        continue;
      }
      let best = 1;
      for (let i = 2; i < this.list.length - 1; i++) {
        const gap = this.list[i + 1].steps - this.list[i - 1].steps;
        if (gap < this.list[best + 1].steps - this.list[best - 1].steps) best = i;
      }
      this.remove(best);
    }
  }
}
