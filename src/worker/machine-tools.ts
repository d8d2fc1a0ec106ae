/**
 * The session's tools that look at a whole machine rather than debug it: snapshot files, the boot timer and
 * RAM use (issue 9). Kept apart from emulator-session.ts, which holds only the debugger's state.
 */
import { BootTimer, type BootMark } from '../../emulator/snapshot/boot-timer';
import { decodeSnapshot, saveSnapshotFile } from '../../emulator/snapshot/compress';
import {
  machineFromSnapshot,
  SnapshotError,
  snapshotInfo,
  saveSnapshot,
} from '../../emulator/snapshot/snapshot';
import type { Machine } from '../../emulator/machine';
import type { BootMarkView, BootReport, MemoryUsage, SavedSnapshot } from './emulator-api';

export const PAGE_SIZE = 4096;

/**
 * Pages of RAM holding anything but zeros. A page the guest never wrote reads as zeros; one it wrote and
 * cleared again counts as untouched too (SIMPLIFICATION: "touched" means "not all zero"). A scan of 128 MiB
 * is some milliseconds: the page asks about once a second.
 */
export function memoryUsage(m: Machine): MemoryUsage {
  const words = m.ram.words;
  const perPage = PAGE_SIZE / 4;
  let touched = 0;
  for (let page = 0; page < words.length; page += perPage) {
    const end = page + perPage;
    for (let i = page; i < end; i++) {
      if (words[i] !== 0) {
        touched++;
        break;
      }
    }
  }
  return { ramSize: m.ramSize, pageSize: PAGE_SIZE, touchedPages: touched };
}

export async function saveSnapshotOf(m: Machine): Promise<SavedSnapshot> {
  const file = await saveSnapshotFile(m);
  // SIMPLIFICATION: the state is captured twice (once for the file, once for its page count); cheap
  // beside compressing it.
  const info = snapshotInfo(saveSnapshot(m));
  return { file, ramSize: info.ramSize, pages: info.pages };
}

/** A new machine in a snapshot file's state; a SnapshotError (its message for the user) when refused. */
export async function machineFromFile(file: Uint8Array): Promise<Machine> {
  return machineFromSnapshot(await decodeSnapshot(file));
}

export const isSnapshotError = (e: unknown): e is SnapshotError => e instanceof SnapshotError;

const view = (mark: BootMark | null): BootMarkView | null =>
  mark === null ? null : { steps: mark.steps, ms: mark.ms, exact: mark.exact };

/**
 * Run a freshly powered-on machine until both boot events were seen, in small slices (so it stops soon
 * after the second), yielding to the event loop every few milliseconds so the page stays answered.
 * SIMPLIFICATION: the wall-clock milliseconds include those yields, so they are a little longer than the
 * runner's --boot-time.
 */
export async function measureBoot(
  m: Machine,
  budget: number,
  yieldNow: () => Promise<void>,
  now: () => number = () => performance.now(),
  slice = 1000,
): Promise<BootReport> {
  const timer = new BootTimer(m, { exactSteps: budget });
  let left = budget;
  let lastYield = now();
  while (left > 0 && (timer.firstConsoleByte === null || timer.firstSupervisorInstruction === null)) {
    const n = Math.min(slice, left);
    const stop = timer.run(n);
    left -= n;
    if (stop.kind !== 'budget') break;
    if (now() - lastYield > 8) {
      await yieldNow();
      lastYield = now();
    }
  }
  return {
    firstConsoleByte: view(timer.firstConsoleByte),
    firstSupervisorInstruction: view(timer.firstSupervisorInstruction),
  };
}
