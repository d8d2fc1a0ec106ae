/**
 * What one worker session holds (the machine, its program, its status, its buffers and history), shared by
 * the session's parts: the run loop (run-loop.ts), loading (session-loading.ts), inspection
 * (session-inspect.ts) and live migration (session-migration.ts). EmulatorSession (emulator-session.ts)
 * wires them into the EmulatorApi.
 */
import { Machine, type MachineConfig } from '../../emulator/machine';
import type { FirmwareChoice, MachineStatus } from './emulator-api';
import { CONSOLE_FRAME_LIMIT, TRAP_FRAME_LIMIT } from './emulator-api';
import { ConsoleBuffer, TrapBuffer } from './event-buffers';
import { ProgramIndex } from './inspect';
import { type MigrationSourceEnd, MigrationTargetEnd } from './migration-session';
import type { BuiltProgram } from './program';
import { recordVmExit } from './session-support';
import { MachineHistory } from './time-travel-session';

export class SessionState {
  /** A fresh machine for every load and reset: power-cycling is building the board again. */
  machine: Machine;
  built: BuiltProgram | null = null;
  /** The program before placing it under firmware (kept to place it again when the firmware changes). */
  payload: BuiltProgram | null = null;
  index = new ProgramIndex(null, new Map());
  firmware: FirmwareChoice = { kind: 'bare' };
  readonly console = new ConsoleBuffer(CONSOLE_FRAME_LIMIT);
  readonly traps = new TrapBuffer(TRAP_FRAME_LIMIT);
  program: string | null = null;
  status: MachineStatus = { kind: 'empty' };
  /** Resolves when the current run loop ends (null when not running). */
  running: Promise<MachineStatus> | null = null;
  breakpoints: bigint[] = [];
  previousX = new Int32Array(64);
  /** Time travel (issue 6): every forward run goes through it, so the page can go back. Set by attach(). */
  history!: MachineHistory;
  /** Live migration (issue 9): this session's end of one, if any (a source ended, a target waiting). */
  migration: { end: MigrationSourceEnd | MigrationTargetEnd; over: boolean } | null = null;

  constructor(public config: MachineConfig) {
    this.machine = this.powerOn(null);
  }

  /** A new machine with `image` loaded (throws LoadError when the image does not fit in RAM). */
  powerOn(built: BuiltProgram | null): Machine {
    const machine = new Machine(this.machineConfig());
    if (built !== null) machine.load(built.image);
    return this.attach(machine);
  }

  /** Connect a machine's events to the session's buffers (a new machine, or one from a snapshot). */
  attach(machine: Machine): Machine {
    machine.setBreakpoints(this.breakpoints);
    machine.onConsoleOutput = (byte) => this.console.push(byte);
    machine.onTrap = (t) => this.traps.push(t, machine.hart.getPc(), machine.hart.instret);
    machine.onReturn = (r) => this.traps.pushReturn(r, machine.hart.instret); // HART (issue 6)
    machine.onVmExit = (e) => recordVmExit(this.traps, machine, e);
    this.console.clear();
    this.traps.clear();
    this.previousX = machine.hart.x.slice();
    this.history = new MachineHistory(machine);
    this.migration = null; // live migration (issue 9): a new machine has none going
    return machine;
  }

  machineConfig(): MachineConfig {
    return { ...this.config, sbi: this.firmware.kind === 'host' ? 'host' : 'none' };
  }

  canRun(): boolean {
    // Live migration: a source that handed its guest over, or a target still receiving, may not run.
    if (this.migration !== null && (this.migration.over || this.migration.end instanceof MigrationTargetEnd))
      return false;
    const k = this.status.kind;
    return k === 'ready' || k === 'paused' || k === 'wfi' || k === 'budget';
  }

  /**
   * Run machine code, turning a host exception into an 'error' status. The Machine promises never to throw
   * for what the guest does, so this is a hartscope bug: the page shows it instead of freezing.
   */
  guarded<T>(work: () => T): T | null {
    try {
      return work();
    } catch (e) {
      this.status = {
        kind: 'error',
        message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      };
      return null;
    }
  }
}
