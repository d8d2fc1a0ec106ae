/**
 * The EmulatorApi implemented on a Machine, with no knowledge of Workers or comlink, so the same code runs
 * in the worker and in a Node test. Running is cooperative: a slice of a few milliseconds of guest
 * instructions, then a yield to the event loop (where pause and getState messages are handled), then the
 * next slice. Breakpoints, run-to and step over/out are checked exactly, before every instruction.
 */
import type { MonitorSources } from '../../emulator/firmware-boot';
import { Machine, type MachineConfig, type StopReason } from '../../emulator/machine';
import { loadedImage } from '../../emulator/snapshot/machine-access';
import { DepthTracker, flowAtPc } from './control-flow';
import type {
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
  PauseCause,
  PrivilegeLevel,
  RestoreResult,
  RunSpeed,
  SavedSnapshot,
} from './emulator-api';
import { CONSOLE_FRAME_LIMIT, TRAP_FRAME_LIMIT } from './emulator-api';
import { ConsoleBuffer, TrapBuffer } from './event-buffers';
import { loadResult, recordVmExit, userError, type Yield, yieldToEventLoop } from './session-support';
import { ProgramIndex, disassembleRange, readCsrView, readMemory, writeMemory } from './inspect';
import { isSnapshotError, machineFromFile, measureBoot, memoryUsage, saveSnapshotOf } from './machine-tools';
import { assembleProgram, type BuiltProgram, elfProgram, FirmwareCache, ProgramError } from './program';
import { MachineHistory } from './time-travel-session';
// Live migration (issue 9).
import {
  type MigrationFinish,
  type MigrationSetup,
  MigrationSourceEnd,
  MigrationTargetEnd,
  type PageBatch,
} from './migration-session';

/** Upper bound of instructions per slice by default (the slice's time limit usually ends it first). */
export const DEFAULT_SLICE = 1_000_000;
/** Milliseconds of guest work per slice: well under a 16 ms frame, so pause answers within a frame. */
export const SLICE_MS = 8;
/** Instructions between two looks at the clock: cheap to run, short enough to keep slices near SLICE_MS. */
const CHUNK = 4096;

export interface SessionOptions {
  /** The monitor's sources (firmware/monitor/*.S by name), for the 'monitor' firmware choice. */
  monitorSources?: MonitorSources | null;
  yieldNow?: Yield;
  /** Waits between the steps of a slow (animated) run. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** What one run is waiting for besides exits and pause. */
interface RunGoal {
  maxSlice: number;
  target?: bigint;
  tracker?: DepthTracker;
  cause?: PauseCause;
  /** The first instruction of a run is not checked: continuing from a breakpoint must move on. */
  started: boolean;
}

type Outcome = MachineStatus | null;

/** HART (issue 6): options with breakIsa always present, so that leaving it out turns it off when merged. */
const withBreakIsa = (o: MachineOptions): MachineOptions => ({ ...o, breakIsa: o.breakIsa });

/** The machine's reason to stop as the page sees it (null: the budget ran out, nothing stopped it). */
function outcomeOf(r: StopReason): Outcome {
  if (r.kind === 'budget') return null;
  return r.kind === 'breakpoint' ? { kind: 'paused', cause: 'breakpoint' } : r;
}

export class EmulatorSession implements EmulatorApi {
  /** A fresh machine for every load and reset: power-cycling is building the board again. */
  private machine: Machine;
  private built: BuiltProgram | null = null;
  /** The program before placing it under firmware (kept to place it again when the firmware changes). */
  private payload: BuiltProgram | null = null;
  private index = new ProgramIndex(null, new Map());
  private firmware: FirmwareChoice = { kind: 'bare' };
  private readonly firmwareCache: FirmwareCache;
  private readonly console = new ConsoleBuffer(CONSOLE_FRAME_LIMIT);
  private readonly traps = new TrapBuffer(TRAP_FRAME_LIMIT);
  private program: string | null = null;
  private status: MachineStatus = { kind: 'empty' };
  private pauseRequested = false;
  /** Resolves when the current run loop ends (null when not running). */
  private running: Promise<MachineStatus> | null = null;
  private breakpoints: bigint[] = [];
  /** Low halves of the breakpoint addresses: a cheap first test before every instruction. */
  private breakLo = new Set<number>();
  private speed: RunSpeed = { kind: 'full' };
  private previousX = new Int32Array(64);
  /** Time travel (issue 6): every forward run goes through it, so the page can go back. Set by attach(). */
  private history!: MachineHistory;
  private readonly yieldNow: Yield;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Live migration (issue 9): this session's end of one, if any (a source ended, a target waiting). */
  private migration: { end: MigrationSourceEnd | MigrationTargetEnd; over: boolean } | null = null;

  constructor(
    private config: MachineConfig = {},
    options: SessionOptions = {},
  ) {
    this.yieldNow = options.yieldNow ?? yieldToEventLoop;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? (() => performance.now());
    this.firmwareCache = new FirmwareCache(options.monitorSources ?? null);
    this.machine = this.powerOn(null);
  }

  /** A new machine with `image` loaded (throws LoadError when the image does not fit in RAM). */
  private powerOn(built: BuiltProgram | null): Machine {
    const machine = new Machine(this.machineConfig());
    if (built !== null) machine.load(built.image);
    return this.attach(machine);
  }

  /** Connect a machine's events to the session's buffers (a new machine, or one from a snapshot). */
  private attach(machine: Machine): Machine {
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

  private machineConfig(): MachineConfig {
    return { ...this.config, sbi: this.firmware.kind === 'host' ? 'host' : 'none' };
  }

  async ping(): Promise<'pong'> {
    return 'pong';
  }

  async setFirmware(choice: FirmwareChoice): Promise<LoadResult | null> {
    await this.pause();
    // The choice stands for the next program even when the current one cannot run under it (a bare-metal
    // program where the monitor lives): the machine then keeps the old program and the page shows why.
    this.firmware = choice;
    if (this.payload === null || this.program === null) return null;
    return this.install(this.payload, this.program);
  }

  async setMachineOptions(options: MachineOptions): Promise<LoadResult | null> {
    options = withBreakIsa(options); // HART: an absent breakIsa is the ISA as specified
    // Teaching (issue 6): a change of engine alone is taken live, by the machine as it is (no reload).
    const { engine, ...rest } = options;
    const same = Object.entries(rest).every(([k, v]) => this.config[k as keyof MachineConfig] === v);
    if (engine !== undefined && same) {
      this.config = { ...this.config, engine };
      this.machine.engine = engine;
      return null;
    }
    await this.pause();
    this.config = { ...this.config, ...options };
    if (this.payload === null || this.program === null) return null;
    return this.install(this.payload, this.program);
  }

  async loadElf(bytes: Uint8Array, name: string): Promise<LoadResult> {
    await this.pause();
    try {
      return this.install(elfProgram(bytes, name), name);
    } catch (e) {
      return { ok: false, error: userError(e) };
    }
  }

  async assembleAndLoad(request: AssembleRequest): Promise<AssembleLoadResult> {
    await this.pause();
    const before = { firmware: this.firmware, config: this.config };
    if (request.firmware) this.firmware = request.firmware;
    if (request.machine) this.config = { ...this.config, ...withBreakIsa(request.machine) };
    let result: AssembleLoadResult;
    try {
      result = this.install(assembleProgram(request, this.firmware), request.file);
    } catch (e) {
      const diagnostics = e instanceof ProgramError ? e.diagnostics : [];
      result = { ok: false, error: userError(e), diagnostics };
    }
    if (!result.ok) ({ firmware: this.firmware, config: this.config } = before);
    return result;
  }

  /** Place the program under the firmware and power the machine on with it; the old program stays on failure. */
  private install(payload: BuiltProgram, name: string): LoadResult {
    let built: BuiltProgram;
    let machine: Machine;
    try {
      built = this.firmwareCache.place(payload, this.firmware);
      machine = this.powerOn(built);
    } catch (e) {
      return { ok: false, error: `${name}: ${userError(e)}` };
    }
    this.machine = machine;
    this.built = built;
    this.payload = payload;
    this.program = name;
    this.index = new ProgramIndex(built.image, built.sources);
    this.status = { kind: 'ready' };
    this.prepareHistory();
    return loadResult(built.image);
  }

  run(sliceInstructions = DEFAULT_SLICE): Promise<MachineStatus> {
    if (this.speed.kind === 'step' && !this.running) return this.step();
    return this.start({ maxSlice: Math.max(1, Math.floor(sliceInstructions)), started: false });
  }

  async stepOver(): Promise<MachineStatus> {
    await this.pause();
    const tracker = new DepthTracker('over');
    return this.start({ maxSlice: DEFAULT_SLICE, tracker, cause: 'step-over', started: false });
  }

  async stepOut(): Promise<MachineStatus> {
    await this.pause();
    const tracker = new DepthTracker('out');
    return this.start({ maxSlice: DEFAULT_SLICE, tracker, cause: 'step-out', started: false });
  }

  async runTo(address: bigint): Promise<MachineStatus> {
    await this.pause();
    return this.start({ maxSlice: DEFAULT_SLICE, target: address, cause: 'run-to', started: false });
  }

  private start(goal: RunGoal): Promise<MachineStatus> {
    if (this.running) return this.running;
    if (!this.canRun()) return Promise.resolve(this.status);
    this.pauseRequested = false;
    this.status = { kind: 'running' };
    this.running = this.runSlices(goal).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runSlices(goal: RunGoal): Promise<MachineStatus> {
    for (;;) {
      const speed = this.speed;
      const outcome =
        speed.kind === 'slow'
          ? this.guarded(() => this.execute(Math.max(1, Math.round(speed.perSecond / 60)), goal))
          : this.guarded(() => this.slice(goal));
      if (this.status.kind === 'error') return this.status;
      if (outcome !== null) return (this.status = outcome);
      if (speed.kind === 'slow') await this.sleep(1000 / Math.min(60, Math.max(1, speed.perSecond)));
      else await this.yieldNow();
      if (this.pauseRequested) return (this.status = { kind: 'paused', cause: 'user' });
    }
  }

  /** Run for about SLICE_MS (or goal.maxSlice instructions, whichever comes first). */
  private slice(goal: RunGoal): Outcome {
    const start = this.now();
    let done = 0;
    while (done < goal.maxSlice) {
      const n = Math.min(CHUNK, goal.maxSlice - done);
      const outcome = this.execute(n, goal);
      if (outcome !== null) return outcome;
      done += n;
      if (this.now() - start >= SLICE_MS) break;
    }
    return null;
  }

  /** Up to n instructions; one at a time (checking the goal before each) when anything must be checked. */
  private execute(n: number, goal: RunGoal): Outcome {
    const m = this.machine;
    const hart = m.hart;
    // The machine checks breakpoints itself, except at the instruction each run() starts from.
    const atBreakpoint = (): boolean =>
      this.breakLo.has(hart.pcLo >>> 0) && this.breakpoints.includes(hart.getPc());
    if (goal.target === undefined && goal.tracker === undefined) {
      if (goal.started && atBreakpoint()) return { kind: 'paused', cause: 'breakpoint' };
      goal.started = true;
      return outcomeOf(this.history.run(n));
    }
    for (let i = 0; i < n; i++) {
      if (goal.started) {
        if (atBreakpoint()) return { kind: 'paused', cause: 'breakpoint' };
        if (goal.target !== undefined && hart.getPc() === goal.target)
          return { kind: 'paused', cause: goal.cause ?? 'run-to' };
        if (goal.tracker?.done) return { kind: 'paused', cause: goal.cause ?? 'step' };
      }
      goal.started = true;
      goal.tracker?.before(flowAtPc(m));
      const outcome = outcomeOf(this.history.run(1));
      if (outcome !== null) return outcome;
    }
    return null;
  }

  async pause(): Promise<void> {
    if (!this.running) return;
    this.pauseRequested = true;
    await this.running;
  }

  async step(count = 1): Promise<MachineStatus> {
    await this.pause();
    if (!this.canRun()) return this.status;
    const stop = this.guarded(() => this.history.run(Math.max(1, Math.floor(count))));
    if (this.status.kind !== 'error' && stop !== null)
      this.status = outcomeOf(stop) ?? { kind: 'paused', cause: 'step' };
    return this.status;
  }

  async setBreakpoints(addresses: bigint[]): Promise<void> {
    this.breakpoints = [...new Set(addresses.map((a) => BigInt.asUintN(64, a)))];
    this.breakLo = new Set(this.breakpoints.map((a) => Number(a & 0xffff_ffffn)));
    this.machine.setBreakpoints(this.breakpoints);
  }

  async setSpeed(speed: RunSpeed): Promise<void> {
    this.speed = speed.kind === 'slow' ? { kind: 'slow', perSecond: Math.max(1, speed.perSecond) } : speed;
  }

  async reset(): Promise<void> {
    await this.pause();
    this.machine = this.powerOn(this.built);
    this.status = this.program === null ? { kind: 'empty' } : { kind: 'ready' };
    if (this.program !== null) this.prepareHistory();
  }

  async getState(): Promise<MachineStateView> {
    const m = this.machine;
    const hart = m.hart;
    // Each register as two 32-bit halves, low first: on a little-endian host (every browser's) that is the
    // memory layout of a 64-bit integer, so one BigUint64Array view reads them without per-register BigInt math.
    const halves = new Uint32Array(64);
    let changedMask = 0;
    for (let i = 0; i < 32; i++) {
      halves[2 * i] = hart.x[i];
      halves[2 * i + 1] = hart.x[i + 32];
      if (hart.x[i] !== this.previousX[i] || hart.x[i + 32] !== this.previousX[i + 32]) changedMask |= 1 << i;
    }
    this.previousX = hart.x.slice();
    const consoleOut = this.console.drain();
    const trapsOut = this.traps.drain();
    return {
      status: this.status,
      program: this.program,
      firmware: this.firmware.kind,
      pc: hart.getPc(),
      priv: hart.priv as PrivilegeLevel,
      x: new BigUint64Array(halves.buffer),
      changedMask: changedMask >>> 0,
      instructionsRetired: m.instructionsRetired,
      retiredByMode: m.retiredByMode, // HART (issue 6)
      mtime: BigInt(Math.floor(m.clint.mtime)),
      csrs: readCsrView(m),
      consoleBytes: consoleOut.bytes,
      consoleDropped: consoleOut.dropped,
      traps: trapsOut.words,
      trapsDropped: trapsOut.dropped,
      breakpoints: this.breakpoints,
    };
  }

  async readMemory(address: bigint, length: number): Promise<MemoryRange> {
    return readMemory(this.machine, BigInt.asUintN(64, address), length);
  }

  async writeRegister(index: number, value: bigint): Promise<EditResult> {
    if (this.running) return { ok: false, error: 'pause the machine to edit registers' };
    if (!Number.isInteger(index) || index < 0 || index > 32)
      return { ok: false, error: `no register ${index}` };
    const v = BigInt.asUintN(64, value);
    const lo = Number(v & 0xffff_ffffn) | 0;
    const hi = Number(v >> 32n) | 0;
    if (index === 32) this.machine.hart.setPc(lo, hi);
    else this.machine.hart.setX(index, lo, hi);
    this.history.forget();
    return { ok: true };
  }

  async writeMemory(address: bigint, bytes: Uint8Array): Promise<EditResult> {
    if (this.running) return { ok: false, error: 'pause the machine to edit memory' };
    if (!writeMemory(this.machine, BigInt.asUintN(64, address), bytes))
      return { ok: false, error: `0x${address.toString(16)} (+${bytes.length}) is not all RAM` };
    this.history.forget();
    return { ok: true };
  }

  async consoleInput(bytes: Uint8Array): Promise<void> {
    this.history.input(bytes);
  }

  async disassemble(address: bigint, count: number): Promise<DisasmLine[]> {
    return disassembleRange(this.machine, this.index, BigInt.asUintN(64, address), count);
  }

  async saveSnapshot(): Promise<SavedSnapshot> {
    await this.pause();
    return saveSnapshotOf(this.machine);
  }

  async restoreSnapshot(file: Uint8Array, name: string): Promise<RestoreResult> {
    await this.pause();
    let machine: Machine;
    try {
      machine = await machineFromFile(file);
    } catch (e) {
      if (isSnapshotError(e)) return { ok: false, error: `${name}: ${e.message}` };
      throw e;
    }
    // The snapshot's machine replaces ours, options and all; its program (with any firmware in it) is what a
    // reset reloads. SIMPLIFICATION: the program's source text is not in the file, only its symbols.
    const { hartId: _hartId, ...hartOptions } = machine.hart.config;
    const host = machine.hostSbi !== null;
    this.config = { ...this.config, ...hartOptions, ramSize: machine.ramSize };
    if (host) this.firmware = { kind: 'host' };
    else if (this.firmware.kind === 'host') this.firmware = { kind: 'bare' };
    const image = loadedImage(machine);
    this.machine = this.attach(machine);
    this.built = image ? { image, sources: new Map() } : null;
    this.payload = null;
    this.program = name;
    this.index = new ProgramIndex(image, new Map());
    this.status = { kind: 'paused' };
    return { ...loadResult(image), ramSize: machine.ramSize };
  }

  async measureBoot(budget = 20_000_000): Promise<BootReport> {
    await this.reset();
    if (!this.canRun()) return { firstConsoleByte: null, firstSupervisorInstruction: null };
    this.status = { kind: 'running' };
    let report: BootReport = { firstConsoleByte: null, firstSupervisorInstruction: null };
    try {
      report = await measureBoot(this.machine, budget, this.yieldNow, this.now);
    } catch (e) {
      this.status = {
        kind: 'error',
        message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    if (this.status.kind === 'running') this.status = { kind: 'paused' };
    return report;
  }

  async memoryUsage(): Promise<MemoryUsage> {
    return memoryUsage(this.machine);
  }

  // --- time travel (issue 6): see time-travel-session.ts ---
  /** Once the worker is idle after a load or reset (its answer sent), start the history's first checkpoint. */
  private prepareHistory(): void {
    const history = this.history;
    setTimeout(() => {
      if (history === this.history && this.running === null) history.prepare();
    }, 0);
  }

  async stepBack(count = 1): Promise<MachineStatus> {
    await this.pause();
    if (this.program === null) return this.status;
    this.guarded(() => this.history.stepBack(count));
    if (this.status.kind !== 'error') this.status = { kind: 'paused', cause: 'step-back' };
    return this.status;
  }

  async runBack(): Promise<{ found: boolean; status: MachineStatus }> {
    await this.pause();
    if (this.program === null) return { found: false, status: this.status };
    const found = this.guarded(() => this.history.runBack(this.breakpoints)) ?? false;
    if (found && this.status.kind !== 'error') this.status = { kind: 'paused', cause: 'run-back' };
    return { found, status: this.status };
  }

  // --- live migration (issue 9): see migration-session.ts ---
  async beginMigrationSource(): Promise<MigrationSetup> {
    if (this.migration !== null || this.built === null || this.program === null)
      throw new Error(this.migration !== null ? 'a migration has begun already' : 'no program to migrate');
    this.migration = { end: new MigrationSourceEnd(this.machine), over: false };
    const { hartId: _hartId, ...hartOptions } = this.machine.hart.config;
    return {
      config: { ...this.config, ...hartOptions, ramSize: this.machine.ramSize, engine: this.machine.engine },
      firmware: this.firmware,
      program: this.program,
      image: this.built.image,
      sources: this.built.sources,
      steps: this.machine.hart.steps,
      running: this.running !== null,
    };
  }

  async migrationRound(maxPages: number): Promise<PageBatch> {
    const end = this.migration?.end;
    if (!(end instanceof MigrationSourceEnd) || this.migration?.over)
      throw new Error('not migrating from here');
    return end.round(maxPages);
  }

  async finishMigration(): Promise<MigrationFinish> {
    const end = this.migration?.end;
    if (!(end instanceof MigrationSourceEnd) || this.migration?.over)
      throw new Error('not migrating from here');
    await this.pause();
    this.migration = { end, over: true };
    // The guest lives on elsewhere now: this machine must never run it again (canRun).
    if (this.status.kind !== 'error') this.status = { kind: 'paused', cause: 'migrated' };
    return end.finish();
  }

  async beginMigrationTarget(setup: MigrationSetup): Promise<void> {
    await this.pause();
    this.config = { ...setup.config };
    this.firmware = setup.firmware;
    const machine = new Machine(this.machineConfig());
    machine.load(setup.image);
    const end = new MigrationTargetEnd(machine);
    this.machine = this.attach(machine);
    this.built = { image: setup.image, sources: setup.sources };
    this.payload = null;
    this.program = setup.program;
    this.index = new ProgramIndex(setup.image, setup.sources);
    this.migration = { end, over: false };
    this.status = { kind: 'paused', cause: 'migrated' };
  }

  async acceptPages(batch: PageBatch): Promise<void> {
    const end = this.migration?.end;
    if (!(end instanceof MigrationTargetEnd) || this.migration?.over)
      throw new Error('not migrating to here');
    end.accept(batch);
  }

  async resumeMigration(state: MigrationFinish['state']): Promise<MachineStatus> {
    const end = this.migration?.end;
    if (!(end instanceof MigrationTargetEnd) || this.migration?.over)
      throw new Error('not migrating to here');
    end.resume(state);
    this.migration = null;
    // The machine's RAM and state changed behind the history's back: it starts again from here.
    this.history.forget();
    this.previousX = this.machine.hart.x.slice();
    return this.status;
  }

  private canRun(): boolean {
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
  private guarded<T>(work: () => T): T | null {
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
