/**
 * Live migration between two sessions (two workers in the page; issue 9, part 3): the worker side of the
 * pre-copy in emulator/lifecycle/precopy-endpoints.ts. The page drives it (ui/machines/migration.ts):
 *
 *   source.beginMigrationSource()            -> MigrationSetup (program, options; the source runs on)
 *   target.beginMigrationTarget(setup)        the target powers on alike, RAM empty, and may not run
 *   repeat: source.migrationRound(n)          -> up to n dirty pages (one transferred buffer), while the
 *           target.acceptPages(batch)            source keeps running between the calls
 *   source.finishMigration()                  -> the source stops for good: the last dirty pages and the
 *   target.acceptPages(pages)                    CPU and device state (stop-and-copy: the downtime)
 *   target.resumeMigration(state); target.run()
 *
 * These classes hold each end's state; EmulatorSession keeps one of them and answers the API with it.
 */
import type { CoreState } from '../../emulator/lifecycle/core-state';
import { type PageBatch, PreCopySource, PreCopyTarget } from '../../emulator/lifecycle/precopy-endpoints';
import type { ProgramImage } from '../../emulator/image';
import type { Machine, MachineConfig } from '../../emulator/machine';
import type { FirmwareChoice } from './emulator-api';

export type { PageBatch };

/** What the target needs to power on a machine like the source's (everything but RAM and state). */
export interface MigrationSetup {
  config: MachineConfig;
  firmware: FirmwareChoice;
  program: string;
  image: ProgramImage;
  sources: Map<string, string[]>;
  /** The source's step count when the migration began. */
  steps: number;
  /** Whether the source was running then (the target is run after the resume if so). */
  running: boolean;
}

export interface MigrationFinish {
  pages: PageBatch;
  state: CoreState;
  /** Bytes of the CPU and device state (its JSON). */
  stateBytes: number;
  /** The step the source stopped at (the target resumes there). */
  steps: number;
}

/** The source end: rounds of dirty pages from the running machine, then the stop-and-copy. */
export class MigrationSourceEnd {
  private readonly source: PreCopySource;
  constructor(readonly machine: Machine) {
    this.source = new PreCopySource(machine);
  }

  round(maxPages: number): PageBatch {
    if (!(maxPages >= 1)) throw new RangeError('a round sends at least one page');
    return this.source.round(Math.floor(maxPages));
  }

  /** The caller has paused the machine, and never runs it again. */
  finish(): MigrationFinish {
    const { pages, state, stateBytes } = this.source.finish();
    return { pages, state, stateBytes, steps: this.machine.hart.steps };
  }
}

/** The target end: pages written as they come; the machine may not run until resume. */
export class MigrationTargetEnd {
  private readonly target: PreCopyTarget;
  constructor(readonly machine: Machine) {
    this.target = new PreCopyTarget(machine);
  }

  accept(batch: PageBatch): void {
    this.target.accept(batch);
  }

  resume(state: CoreState): void {
    this.target.resume(state);
  }
}
