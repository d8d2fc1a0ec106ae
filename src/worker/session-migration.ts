/**
 * Live migration (issue 9) as the session takes part in it: this session as the source (handing its guest
 * over by pre-copy) or as the target (receiving it). The two ends themselves are in migration-session.ts.
 */
import { Machine } from '../../emulator/machine';
import type { MachineStatus } from './emulator-api';
import { ProgramIndex } from './inspect';
import {
  type MigrationFinish,
  type MigrationSetup,
  MigrationSourceEnd,
  MigrationTargetEnd,
  type PageBatch,
} from './migration-session';
import type { SessionState } from './session-state';

export class SessionMigration {
  constructor(
    private readonly s: SessionState,
    private readonly pause: () => Promise<void>,
  ) {}

  beginSource(): MigrationSetup {
    const s = this.s;
    if (s.migration !== null || s.built === null || s.program === null)
      throw new Error(s.migration !== null ? 'a migration has begun already' : 'no program to migrate');
    s.migration = { end: new MigrationSourceEnd(s.machine), over: false };
    const { hartId: _hartId, ...hartOptions } = s.machine.hart.config;
    return {
      config: { ...s.config, ...hartOptions, ramSize: s.machine.ramSize, engine: s.machine.engine },
      firmware: s.firmware,
      program: s.program,
      image: s.built.image,
      sources: s.built.sources,
      steps: s.machine.hart.steps,
      running: s.running !== null,
    };
  }

  round(maxPages: number): PageBatch {
    const end = this.s.migration?.end;
    if (!(end instanceof MigrationSourceEnd) || this.s.migration?.over)
      throw new Error('not migrating from here');
    return end.round(maxPages);
  }

  async finish(): Promise<MigrationFinish> {
    const s = this.s;
    const end = s.migration?.end;
    if (!(end instanceof MigrationSourceEnd) || s.migration?.over) throw new Error('not migrating from here');
    await this.pause();
    s.migration = { end, over: true };
    // The guest lives on elsewhere now: this machine must never run it again (canRun).
    if (s.status.kind !== 'error') s.status = { kind: 'paused', cause: 'migrated' };
    return end.finish();
  }

  async beginTarget(setup: MigrationSetup): Promise<void> {
    const s = this.s;
    await this.pause();
    s.config = { ...setup.config };
    s.firmware = setup.firmware;
    const machine = new Machine(s.machineConfig());
    machine.load(setup.image);
    const end = new MigrationTargetEnd(machine);
    s.machine = s.attach(machine);
    s.built = { image: setup.image, sources: setup.sources };
    s.payload = null;
    s.program = setup.program;
    s.index = new ProgramIndex(setup.image, setup.sources);
    s.migration = { end, over: false };
    s.status = { kind: 'paused', cause: 'migrated' };
  }

  accept(batch: PageBatch): void {
    const end = this.s.migration?.end;
    if (!(end instanceof MigrationTargetEnd) || this.s.migration?.over)
      throw new Error('not migrating to here');
    end.accept(batch);
  }

  resume(state: MigrationFinish['state']): MachineStatus {
    const s = this.s;
    const end = s.migration?.end;
    if (!(end instanceof MigrationTargetEnd) || s.migration?.over) throw new Error('not migrating to here');
    end.resume(state);
    s.migration = null;
    // The machine's RAM and state changed behind the history's back: it starts again from here.
    s.history.forget();
    s.previousX = s.machine.hart.x.slice();
    return s.status;
  }
}
