import type { Machine } from '../machine';
import { loadedImage } from '../snapshot/machine-access';
import { applyCore, captureCore, coreBytes } from './core-state';
import { PAGE_SIZE, pageCount, pageEquals, pageIsZero, ramWords, WORDS_PER_PAGE } from './pages';

/**
 * Live migration by pre-copy, as QEMU and Xen do it: the source keeps running while its RAM is sent to
 * the target in rounds; each round sends pages that changed since they were last sent; when few are left
 * (or after a round limit), the source stops, the rest of RAM and the CPU and device state go over
 * (stop-and-copy), and the guest resumes on the target. Only that last phase is downtime.
 *
 * The "network" is a number of pages per round; the caller runs the source between rounds (as many
 * instructions as the transfer of a round takes at that bandwidth). A page costs its 4 KiB plus an
 * 8-byte header; a page that became all zero costs only the header (QEMU's zero-page flag).
 *
 * SIMPLIFICATION: a page is dirty when it differs from the copy the target holds (pages.ts explains why
 * no dirty log). The target's RAM is that copy: it holds exactly the bytes sent, nothing else.
 *
 * The guest's console moves with the UART's state in the stop-and-copy: what the source printed before it
 * stopped went to the source's console, everything after goes to the target's, nothing twice.
 */
export interface PreCopyOptions {
  /** Pages the link carries per round (its bandwidth). */
  pagesPerRound: number;
  /** Stop and copy when at most this many pages are dirty (default: a tenth of a round). */
  dirtyThreshold?: number;
  /** Stop and copy after this many rounds even if the guest dirties pages faster than they go (default 30). */
  maxRounds?: number;
}

export interface RoundReport {
  round: number;
  pagesSent: number;
  bytesSent: number;
  /** Pages still dirty when the round's sending ended. */
  dirtyLeft: number;
}

export interface MigrationReport {
  rounds: RoundReport[];
  /** The dirty set fell to the threshold (false: the round limit ended the pre-copy). */
  converged: boolean;
  stopAndCopy: { pages: number; bytes: number; stateBytes: number };
  totalBytes: number;
  downtime: {
    /** Rounds' worth of transfer the stop-and-copy took (pages / pagesPerRound). */
    rounds: number;
    /** Host time the stop-and-copy took here (the copy is a memory copy, far faster than a network). */
    hostMs: number;
  };
}

const PAGE_HEADER = 8;

export class PreCopyMigration {
  readonly pagesPerRound: number;
  readonly dirtyThreshold: number;
  readonly maxRounds: number;
  readonly rounds: RoundReport[] = [];
  private cursor = 0;
  private done = false;

  constructor(
    readonly source: Machine,
    readonly target: Machine,
    options: PreCopyOptions,
  ) {
    this.pagesPerRound = options.pagesPerRound;
    if (!(this.pagesPerRound >= 1)) throw new RangeError('pagesPerRound must be at least 1');
    this.dirtyThreshold = options.dirtyThreshold ?? Math.floor(this.pagesPerRound / 10);
    this.maxRounds = options.maxRounds ?? 30;
    const image = loadedImage(source);
    if (image === null) throw new Error('the source machine has no program loaded');
    const same =
      source.ramSize === target.ramSize &&
      JSON.stringify(source.hart.config) === JSON.stringify(target.hart.config) &&
      (source.hostSbi === null) === (target.hostSbi === null);
    if (!same) throw new Error('the target machine is not configured as the source is');
    // The target gets the program (for its devices' mapping and a later reset), then empty RAM: every
    // byte the guest has is sent.
    target.load(image);
    target.ram.bytes.fill(0);
  }

  /** Pages that differ between source and target now. */
  dirtyPages(): number[] {
    const src = ramWords(this.source.ram);
    const dst = ramWords(this.target.ram);
    const dirty: number[] = [];
    for (let p = 0, n = pageCount(this.source.ramSize); p < n; p++) {
      if (!pageEquals(src, p, dst.subarray(p * WORDS_PER_PAGE, (p + 1) * WORDS_PER_PAGE))) dirty.push(p);
    }
    return dirty;
  }

  /** Whether the pre-copy should end now: few pages dirty, or the round limit reached. */
  shouldStop(): boolean {
    return this.rounds.length >= this.maxRounds || this.dirtyPages().length <= this.dirtyThreshold;
  }

  /**
   * One round: send up to pagesPerRound dirty pages, going on from where the last round stopped (so a
   * page dirtied again and again does not keep the others waiting).
   */
  round(): RoundReport {
    if (this.done) throw new Error('the migration has finished');
    const dirty = this.dirtyPages();
    const start = Math.max(
      0,
      dirty.findIndex((p) => p >= this.cursor),
    );
    const order = [...dirty.slice(start), ...dirty.slice(0, start)];
    const sent = order.slice(0, this.pagesPerRound);
    const bytes = this.send(sent);
    if (sent.length > 0) this.cursor = sent[sent.length - 1] + 1;
    const report = {
      round: this.rounds.length + 1,
      pagesSent: sent.length,
      bytesSent: bytes,
      dirtyLeft: dirty.length - sent.length,
    };
    this.rounds.push(report);
    return report;
  }

  /**
   * Stop-and-copy: the source runs no more (the caller's part); the dirty pages and the CPU and device
   * state go to the target, which the caller then runs.
   */
  finish(): MigrationReport {
    if (this.done) throw new Error('the migration has finished');
    const t0 = Date.now();
    const dirty = this.dirtyPages();
    const pageBytes = this.send(dirty);
    const state = captureCore(this.source);
    applyCore(this.target, state);
    const hostMs = Date.now() - t0;
    this.done = true;
    const stateBytes = coreBytes(state);
    const stopBytes = pageBytes + stateBytes;
    return {
      rounds: this.rounds,
      converged: dirty.length <= this.dirtyThreshold,
      stopAndCopy: { pages: dirty.length, bytes: stopBytes, stateBytes },
      totalBytes: this.rounds.reduce((sum, r) => sum + r.bytesSent, 0) + stopBytes,
      downtime: { rounds: dirty.length / this.pagesPerRound, hostMs },
    };
  }

  /** Copy pages to the target; the bytes that took on the link. */
  private send(pages: number[]): number {
    const src = ramWords(this.source.ram);
    const dst = ramWords(this.target.ram);
    let bytes = 0;
    for (const p of pages) {
      const from = p * WORDS_PER_PAGE;
      dst.set(src.subarray(from, from + WORDS_PER_PAGE), from);
      bytes += PAGE_HEADER + (pageIsZero(src, p) ? 0 : PAGE_SIZE);
    }
    return bytes;
  }
}

/**
 * A whole pre-copy migration: rounds while `runSource(instructions)` runs the source between them (the
 * instructions a round's transfer takes), then stop-and-copy. The caller then runs the target.
 */
export function migrate(
  source: Machine,
  target: Machine,
  options: PreCopyOptions & { instructionsPerRound: number },
  runSource: (instructions: number) => void = (n) => {
    source.run(n);
  },
): MigrationReport & { downtimeInstructions: number } {
  const migration = new PreCopyMigration(source, target, options);
  do {
    migration.round();
    runSource(options.instructionsPerRound);
  } while (!migration.shouldStop());
  const report = migration.finish();
  return {
    ...report,
    downtimeInstructions: Math.ceil(report.downtime.rounds * options.instructionsPerRound),
  };
}
