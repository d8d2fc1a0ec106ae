/**
 * Live migration between two machines of the Machines view (issue 9, part 3), driven from the page: the
 * source worker keeps running its guest while its RAM goes to the target worker in rounds of dirty pages
 * (each round one transferred buffer, source -> page -> target), then the source stops, the last dirty
 * pages and the CPU and device state go over (the downtime), and the target runs on.
 *
 * The "link" is simulated: PAGES_PER_ROUND pages per ROUND_MS (5 MiB/s), so rounds take long enough for
 * the guest to dirty pages again, as over a real network; the copies themselves are postMessages.
 */
import type { Remote } from 'comlink';
import type { EmulatorApi } from '../../src/worker/emulator-api';

export const LINK = { pagesPerRound: 64, roundMs: 50, dirtyThreshold: 4, maxRounds: 30 };

export interface MigrationRoundView {
  round: number;
  pages: number;
  bytes: number;
  dirtyLeft: number;
}

export interface MigrationView {
  phase: 'pre-copy' | 'stop-and-copy' | 'done' | 'failed';
  rounds: MigrationRoundView[];
  /** Filled in once the target runs. */
  stopAndCopy: { pages: number; bytes: number; stateBytes: number } | null;
  totalBytes: number;
  /** Wall-clock ms from the source's stop to the target's start, and the instructions the guest would
   * have run meanwhile at the source's speed during the pre-copy. */
  downtime: { ms: number; instructions: number } | null;
  /** The step at which the target resumed. */
  resumedAt: number | null;
  error: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Migrate `source`'s guest to `target` (a fresh worker), reporting progress through `update`. */
export async function migrateBetween(
  source: Remote<EmulatorApi>,
  target: Remote<EmulatorApi>,
  update: (view: MigrationView) => void,
  link = LINK,
): Promise<MigrationView> {
  let view: MigrationView = {
    phase: 'pre-copy',
    rounds: [],
    stopAndCopy: null,
    totalBytes: 0,
    downtime: null,
    resumedAt: null,
    error: null,
  };
  const set = (v: Partial<MigrationView>) => update((view = { ...view, ...v }));
  try {
    // (Not getState: that would take console bytes meant for the source's own console.)
    const setup = await source.beginMigrationSource();
    const started = performance.now();
    await target.beginMigrationTarget(setup);
    for (let round = 1; round <= link.maxRounds; round++) {
      const batch = await source.migrationRound(link.pagesPerRound);
      const pages = batch.indices.length;
      const { linkBytes: bytes, dirtyLeft } = batch;
      await target.acceptPages(batch);
      set({
        rounds: [...view.rounds, { round, pages, bytes, dirtyLeft }],
        totalBytes: view.totalBytes + bytes,
      });
      if (dirtyLeft <= link.dirtyThreshold) break;
      await sleep(link.roundMs); // the link is busy; the source runs on
    }
    set({ phase: 'stop-and-copy' });
    const stop = performance.now();
    const fin = await source.finishMigration();
    const finPages = fin.pages.indices.length;
    const finBytes = fin.pages.linkBytes;
    await target.acceptPages(fin.pages);
    await target.resumeMigration(fin.state);
    if (setup.running) void target.run();
    const ms = performance.now() - stop;
    const rate = (fin.steps - setup.steps) / Math.max(1, stop - started);
    set({
      phase: 'done',
      stopAndCopy: { pages: finPages, bytes: finBytes + fin.stateBytes, stateBytes: fin.stateBytes },
      totalBytes: view.totalBytes + finBytes + fin.stateBytes,
      downtime: { ms, instructions: Math.round(rate * ms) },
      resumedAt: fin.steps,
    });
  } catch (e) {
    set({ phase: 'failed', error: e instanceof Error ? e.message : String(e) });
  }
  return view;
}
