import type { Machine } from '../machine';
import { loadedImage } from '../snapshot/machine-access';
import { applyCore, captureCore, coreBytes, type CoreState } from './core-state';
import { copyPage, PAGE_SIZE, pageCount, pageEquals, pageIsZero, ramWords, WORDS_PER_PAGE } from './pages';

/**
 * Pre-copy live migration split into its two ends, for machines that do not share a thread (the page's
 * workers): the source end picks the pages to send and the target end writes what arrives. migration.ts
 * does the same between two Machines in one thread; this file exists so that the pages can cross a
 * postMessage as one transferable buffer.
 *
 * The source remembers what it sent (a copy per page sent; pages never sent are zero on the target), so
 * "dirty" means "differs from the copy the target holds" (pages.ts: no dirty log, a scan of RAM per round).
 * Its memory cost is the pages the guest touched, not the RAM size.
 */
export interface PageBatch {
  /** RAM page numbers (page 0 at the start of RAM), ascending within a round. */
  indices: Uint32Array;
  /** indices.length pages of PAGE_SIZE bytes each, in the same order. */
  data: Uint8Array;
  /** What the batch costs on a link: a page's bytes plus an 8-byte header, an all-zero page the header only. */
  linkBytes: number;
  /** Pages still dirty after this batch (differing from what the target will hold). */
  dirtyLeft: number;
}

export const PAGE_HEADER_BYTES = 8;

export class PreCopySource {
  private readonly sent = new Map<number, Int32Array>();
  private cursor = 0;
  constructor(readonly machine: Machine) {
    if (loadedImage(machine) === null) throw new Error('the source machine has no program loaded');
  }

  /** Pages that differ from what the target holds now. */
  dirtyPages(): number[] {
    const words = ramWords(this.machine.ram);
    const dirty: number[] = [];
    for (let p = 0, n = pageCount(this.machine.ramSize); p < n; p++) {
      if (!pageEquals(words, p, this.sent.get(p) ?? null)) dirty.push(p);
    }
    return dirty;
  }

  /**
   * Up to `maxPages` dirty pages (all of them when maxPages is Infinity), going on from where the last
   * round stopped, so a page dirtied over and over does not keep the others waiting.
   */
  round(maxPages: number): PageBatch {
    const dirty = this.dirtyPages();
    const start = Math.max(
      0,
      dirty.findIndex((p) => p >= this.cursor),
    );
    const order = [...dirty.slice(start), ...dirty.slice(0, start)];
    const pages = order.slice(0, Math.max(0, maxPages)).sort((a, b) => a - b);
    if (pages.length > 0 && pages.length < dirty.length) this.cursor = order[pages.length - 1] + 1;
    return this.batch(pages, dirty.length - pages.length);
  }

  /** Stop-and-copy: every dirty page and the CPU and device state. The caller has stopped the source. */
  finish(): { pages: PageBatch; state: CoreState; stateBytes: number } {
    const pages = this.round(Infinity);
    const state = captureCore(this.machine);
    return { pages, state, stateBytes: coreBytes(state) };
  }

  private batch(pages: number[], dirtyLeft: number): PageBatch {
    const words = ramWords(this.machine.ram);
    const data = new Uint8Array(pages.length * PAGE_SIZE);
    const out = new Int32Array(data.buffer);
    let linkBytes = 0;
    pages.forEach((p, i) => {
      const copy = copyPage(words, p);
      out.set(copy, i * WORDS_PER_PAGE);
      const zero = pageIsZero(words, p);
      if (zero) this.sent.delete(p);
      else this.sent.set(p, copy);
      linkBytes += PAGE_HEADER_BYTES + (zero ? 0 : PAGE_SIZE);
    });
    return { indices: Uint32Array.from(pages), data, linkBytes, dirtyLeft };
  }
}

/** The target end: a machine configured as the source, loaded with its program, its RAM then zeroed. */
export class PreCopyTarget {
  constructor(readonly machine: Machine) {
    machine.ram.bytes.fill(0);
  }

  /** Write a batch into RAM; a malformed batch is refused whole (nothing written). */
  accept(batch: PageBatch): void {
    const n = pageCount(this.machine.ramSize);
    if (batch.data.length !== batch.indices.length * PAGE_SIZE)
      throw new RangeError(`a batch of ${batch.indices.length} pages holds ${batch.data.length} bytes`);
    for (const p of batch.indices) if (p >= n) throw new RangeError(`page ${p} is beyond the end of RAM`);
    batch.indices.forEach((p, i) => {
      this.machine.ram.bytes.set(batch.data.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), p * PAGE_SIZE);
    });
  }

  /** Take the CPU and device state: the guest goes on from where it stopped on the source. */
  resume(state: CoreState): void {
    applyCore(this.machine, state);
  }
}
