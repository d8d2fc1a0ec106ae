/**
 * The EmulatorApi implemented on a Machine, with no knowledge of Workers or comlink, so the same code runs
 * in the worker and in a Node test. This class only wires the session's parts together:
 * - session-state.ts: what the session holds (machine, program, status, buffers, history);
 * - run-loop.ts: running in slices, breakpoints, run-to, step over/out, pause, stepping back;
 * - session-loading.ts: firmware, machine options, ELF and assembly loads, reset, snapshots;
 * - session-inspect.ts: the state view, memory, registers and disassembly (reading and editing);
 * - session-migration.ts: live migration, as source or target.
 */
import type { MonitorSources } from '../../emulator/firmware-boot';
import type { MachineConfig } from '../../emulator/machine';
import type {
  AddressSpace,
  AssembleLoadResult,
  AssembleRequest,
  BootReport,
  DisasmLine,
  EditResult,
  EmulatorApi,
  FirmwareChoice,
  LoadResult,
  MachineOptions,
  MachineStateView,
  MachineStatus,
  MemoryRange,
  MemoryUsage,
  PrivilegeLevel,
  RestoreResult,
  RunSpeed,
  SavedSnapshot,
  TranslationView,
} from './emulator-api';
import { measureBoot, memoryUsage } from './machine-tools';
import type { MigrationFinish, MigrationSetup, PageBatch } from './migration-session';
import { RunLoop } from './run-loop';
import {
  sessionDisassemble,
  sessionExplainTranslation,
  sessionReadMemory,
  sessionWriteMemory,
  sessionWriteRegister,
  stateView,
} from './session-inspect';
import { ProgramLoader } from './session-loading';
import { SessionMigration } from './session-migration';
import { SessionState } from './session-state';
import { type Yield, yieldToEventLoop } from './session-support';

export { DEFAULT_SLICE, SLICE_MS } from './run-loop';

export interface SessionOptions {
  /** The monitor's sources (firmware/monitor/*.S by name), for the 'monitor' firmware choice. */
  monitorSources?: MonitorSources | null;
  yieldNow?: Yield;
  /** Waits between the steps of a slow (animated) run. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class EmulatorSession implements EmulatorApi {
  private readonly s: SessionState;
  private readonly loop: RunLoop;
  private readonly loader: ProgramLoader;
  private readonly migration: SessionMigration;
  private readonly yieldNow: Yield;
  private readonly now: () => number;

  constructor(config: MachineConfig = {}, options: SessionOptions = {}) {
    this.yieldNow = options.yieldNow ?? yieldToEventLoop;
    this.now = options.now ?? (() => performance.now());
    this.s = new SessionState(config);
    this.loop = new RunLoop(this.s, {
      yieldNow: this.yieldNow,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      now: this.now,
    });
    const pause = () => this.loop.pause();
    this.loader = new ProgramLoader(this.s, options.monitorSources ?? null, pause);
    this.migration = new SessionMigration(this.s, pause);
  }

  async ping(): Promise<'pong'> {
    return 'pong';
  }

  // --- loading: session-loading.ts ---
  setFirmware(choice: FirmwareChoice): Promise<LoadResult | null> {
    return this.loader.setFirmware(choice);
  }

  setMachineOptions(options: MachineOptions): Promise<LoadResult | null> {
    return this.loader.setMachineOptions(options);
  }

  loadElf(bytes: Uint8Array, name: string): Promise<LoadResult> {
    return this.loader.loadElf(bytes, name);
  }

  assembleAndLoad(request: AssembleRequest): Promise<AssembleLoadResult> {
    return this.loader.assembleAndLoad(request);
  }

  reset(): Promise<void> {
    return this.loader.reset();
  }

  saveSnapshot(): Promise<SavedSnapshot> {
    return this.loader.saveSnapshot();
  }

  restoreSnapshot(file: Uint8Array, name: string): Promise<RestoreResult> {
    return this.loader.restoreSnapshot(file, name);
  }

  // --- running: run-loop.ts ---
  run(sliceInstructions?: number): Promise<MachineStatus> {
    return this.loop.run(sliceInstructions);
  }

  stepOver(): Promise<MachineStatus> {
    return this.loop.stepOver();
  }

  stepOut(): Promise<MachineStatus> {
    return this.loop.stepOut();
  }

  runTo(address: bigint): Promise<MachineStatus> {
    return this.loop.runTo(address);
  }

  pause(): Promise<void> {
    return this.loop.pause();
  }

  step(count = 1): Promise<MachineStatus> {
    return this.loop.step(count);
  }

  async setBreakpoints(addresses: bigint[]): Promise<void> {
    this.loop.setBreakpoints(addresses);
  }

  async setSpeed(speed: RunSpeed): Promise<void> {
    this.loop.setSpeed(speed);
  }

  // --- time travel (issue 6): run-loop.ts and time-travel-session.ts ---
  stepBack(count = 1): Promise<MachineStatus> {
    return this.loop.stepBack(count);
  }

  runBack(): Promise<{ found: boolean; status: MachineStatus }> {
    return this.loop.runBack();
  }

  // --- inspection and editing: session-inspect.ts ---
  async getState(): Promise<MachineStateView> {
    return stateView(this.s);
  }

  async readMemory(address: bigint, length: number, space?: AddressSpace): Promise<MemoryRange> {
    return sessionReadMemory(this.s, address, length, space);
  }

  async explainTranslation(address: bigint, access?: TranslationView['access']): Promise<TranslationView> {
    return sessionExplainTranslation(this.s, address, access);
  }

  async writeRegister(index: number, value: bigint): Promise<EditResult> {
    return sessionWriteRegister(this.s, index, value);
  }

  async writeMemory(address: bigint, bytes: Uint8Array, space?: AddressSpace): Promise<EditResult> {
    return sessionWriteMemory(this.s, address, bytes, space);
  }

  async consoleInput(bytes: Uint8Array): Promise<void> {
    this.s.history.input(bytes);
  }

  async disassemble(
    address: bigint,
    count: number,
    space?: AddressSpace,
    fetchMode?: PrivilegeLevel,
  ): Promise<DisasmLine[]> {
    return sessionDisassemble(this.s, address, count, space, fetchMode);
  }

  async measureBoot(budget = 20_000_000): Promise<BootReport> {
    const s = this.s;
    await this.reset();
    if (!s.canRun()) return { firstConsoleByte: null, firstSupervisorInstruction: null };
    s.status = { kind: 'running' };
    let report: BootReport = { firstConsoleByte: null, firstSupervisorInstruction: null };
    try {
      report = await measureBoot(s.machine, budget, this.yieldNow, this.now);
    } catch (e) {
      s.status = {
        kind: 'error',
        message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    if (s.status.kind === 'running') s.status = { kind: 'paused' };
    return report;
  }

  async memoryUsage(): Promise<MemoryUsage> {
    return memoryUsage(this.s.machine);
  }

  // --- live migration (issue 9): session-migration.ts ---
  async beginMigrationSource(): Promise<MigrationSetup> {
    return this.migration.beginSource();
  }

  async migrationRound(maxPages: number): Promise<PageBatch> {
    return this.migration.round(maxPages);
  }

  finishMigration(): Promise<MigrationFinish> {
    return this.migration.finish();
  }

  beginMigrationTarget(setup: MigrationSetup): Promise<void> {
    return this.migration.beginTarget(setup);
  }

  async acceptPages(batch: PageBatch): Promise<void> {
    this.migration.accept(batch);
  }

  async resumeMigration(state: MigrationFinish['state']): Promise<MachineStatus> {
    return this.migration.resume(state);
  }
}
