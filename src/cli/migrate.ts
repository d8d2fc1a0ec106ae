/**
 * `--migrate-after N` (issue 9): after N steps the runner migrates the guest, live, to a fresh machine
 * configured alike, in the same process, by pre-copy (emulator/lifecycle/migration.ts): RAM goes over in
 * rounds while the source keeps running (its console still prints), then the source stops, the pages still
 * dirty and the CPU and device state go over, and the run continues on the target. stdout reads as a run
 * without migration; the rounds, pages, bytes and downtime go to stderr.
 *
 * The link is simulated: each round carries RUNNER_LINK.pagesPerRound pages (256 KiB) while the source runs
 * RUNNER_LINK.instructionsPerRound instructions. The examples run for 10 000 to 600 000 steps, so a
 * migration started early in one has rounds to do while the guest still prints.
 */
import { machineLike } from '../../emulator/lifecycle/machine-like';
import { migrate, type MigrationReport } from '../../emulator/lifecycle/migration';
import type { Machine } from '../../emulator/machine';

export const RUNNER_LINK = {
  pagesPerRound: 64,
  instructionsPerRound: 5_000,
  dirtyThreshold: 2,
  maxRounds: 30,
};

export type RunnerMigration = MigrationReport & {
  downtimeInstructions: number;
  atStep: number;
  /** Console bytes the guest had printed on the source when it stopped there. */
  sourceBytes: number;
  /** The step the target resumes at (where the source stopped). */
  resumeStep: number;
};

/**
 * Migrate `source` to a new machine; `runSource` runs the source during the rounds (the runner's own loop,
 * so its console output and tracing go on). The target takes over the source's console handler.
 */
export function migrateToFreshMachine(
  source: Machine,
  runSource: (instructions: number) => void,
  consoleBytes: () => number,
): { target: Machine; report: RunnerMigration } {
  const target = machineLike(source);
  const atStep = source.hart.steps;
  const report = migrate(source, target, RUNNER_LINK, runSource);
  target.onConsoleOutput = source.onConsoleOutput;
  source.onConsoleOutput = null;
  return {
    target,
    report: {
      ...report,
      atStep,
      sourceBytes: consoleBytes(),
      resumeStep: target.hart.steps,
    },
  };
}

/** The report, as lines for stderr (each prefixed "emu: migrate: "). */
export function formatMigration(r: RunnerMigration): string[] {
  const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const lines = [
    `started at step ${r.atStep}; link ${RUNNER_LINK.pagesPerRound} pages (4 KiB) per ` +
      `${RUNNER_LINK.instructionsPerRound} instructions`,
    ...r.rounds.map(
      (x) =>
        `round ${x.round}: ${x.pagesSent} pages, ${kib(x.bytesSent)}; ${x.dirtyLeft} dirty pages left unsent`,
    ),
    `${r.converged ? 'converged' : `round limit (${RUNNER_LINK.maxRounds}) reached`}; stop-and-copy: ` +
      `${r.stopAndCopy.pages} pages + ${r.stopAndCopy.stateBytes} B of CPU and device state`,
    `total ${kib(r.totalBytes)} in ${r.rounds.length} rounds + stop-and-copy; downtime ` +
      `${r.downtimeInstructions} instructions (${r.downtime.hostMs} ms on this host)`,
    `the source printed ${r.sourceBytes} console bytes; the target resumes at step ${r.resumeStep}`,
  ];
  return lines.map((l) => `emu: migrate: ${l}`);
}
