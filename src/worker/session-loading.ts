/**
 * Loading into the session: firmware choice, machine options, an ELF file, assembly source, reset, and
 * snapshots (save and restore). Each load powers on a new machine with the program placed under the chosen
 * firmware; a load that fails leaves the old program running.
 */
import type { MonitorSources } from '../../emulator/firmware-boot';
import type { Machine, MachineConfig } from '../../emulator/machine';
import { loadedImage } from '../../emulator/snapshot/machine-access';
import type {
  AssembleLoadResult,
  AssembleRequest,
  FirmwareChoice,
  LoadResult,
  MachineOptions,
  RestoreResult,
  SavedSnapshot,
} from './emulator-api';
import { ProgramIndex } from './inspect';
import { isSnapshotError, machineFromFile, saveSnapshotOf } from './machine-tools';
import { assembleProgram, type BuiltProgram, elfProgram, FirmwareCache, ProgramError } from './program';
import { loadResult, userError } from './session-support';
import type { SessionState } from './session-state';

/** HART (issue 6): options with breakIsa always present, so that leaving it out turns it off when merged. */
const withBreakIsa = (o: MachineOptions): MachineOptions => ({ ...o, breakIsa: o.breakIsa });

export class ProgramLoader {
  private readonly firmwareCache: FirmwareCache;

  constructor(
    private readonly s: SessionState,
    monitorSources: MonitorSources | null,
    /** Pauses the run loop (every load waits for the running slice to end). */
    private readonly pause: () => Promise<void>,
  ) {
    this.firmwareCache = new FirmwareCache(monitorSources);
  }

  async setFirmware(choice: FirmwareChoice): Promise<LoadResult | null> {
    const s = this.s;
    await this.pause();
    // The choice stands for the next program even when the current one cannot run under it (a bare-metal
    // program where the monitor lives): the machine then keeps the old program and the page shows why.
    s.firmware = choice;
    if (s.payload === null || s.program === null) return null;
    return this.install(s.payload, s.program);
  }

  async setMachineOptions(options: MachineOptions): Promise<LoadResult | null> {
    const s = this.s;
    options = withBreakIsa(options); // HART: an absent breakIsa is the ISA as specified
    // Teaching (issue 6): a change of engine alone is taken live, by the machine as it is (no reload).
    const { engine, ...rest } = options;
    const same = Object.entries(rest).every(([k, v]) => s.config[k as keyof MachineConfig] === v);
    if (engine !== undefined && same) {
      s.config = { ...s.config, engine };
      s.machine.engine = engine;
      return null;
    }
    await this.pause();
    s.config = { ...s.config, ...options };
    if (s.payload === null || s.program === null) return null;
    return this.install(s.payload, s.program);
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
    const s = this.s;
    await this.pause();
    const before = { firmware: s.firmware, config: s.config };
    if (request.firmware) s.firmware = request.firmware;
    if (request.machine) s.config = { ...s.config, ...withBreakIsa(request.machine) };
    let result: AssembleLoadResult;
    try {
      result = this.install(assembleProgram(request, s.firmware), request.file);
    } catch (e) {
      const diagnostics = e instanceof ProgramError ? e.diagnostics : [];
      result = { ok: false, error: userError(e), diagnostics };
    }
    if (!result.ok) ({ firmware: s.firmware, config: s.config } = before);
    return result;
  }

  /** Place the program under the firmware and power the machine on with it; the old program stays on failure. */
  private install(payload: BuiltProgram, name: string): LoadResult {
    const s = this.s;
    let built: BuiltProgram;
    let machine: Machine;
    try {
      built = this.firmwareCache.place(payload, s.firmware);
      machine = s.powerOn(built);
    } catch (e) {
      return { ok: false, error: `${name}: ${userError(e)}` };
    }
    s.machine = machine;
    s.built = built;
    s.payload = payload;
    s.program = name;
    s.index = new ProgramIndex(built.image, built.sources);
    s.status = { kind: 'ready' };
    this.prepareHistory();
    return loadResult(built.image);
  }

  async reset(): Promise<void> {
    const s = this.s;
    await this.pause();
    s.machine = s.powerOn(s.built);
    s.status = s.program === null ? { kind: 'empty' } : { kind: 'ready' };
    if (s.program !== null) this.prepareHistory();
  }

  /** Once the worker is idle after a load or reset (its answer sent), start the history's first checkpoint. */
  private prepareHistory(): void {
    const s = this.s;
    const history = s.history;
    setTimeout(() => {
      if (history === s.history && s.running === null) history.prepare();
    }, 0);
  }

  async saveSnapshot(): Promise<SavedSnapshot> {
    await this.pause();
    return saveSnapshotOf(this.s.machine);
  }

  async restoreSnapshot(file: Uint8Array, name: string): Promise<RestoreResult> {
    const s = this.s;
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
    s.config = { ...s.config, ...hartOptions, ramSize: machine.ramSize };
    if (host) s.firmware = { kind: 'host' };
    else if (s.firmware.kind === 'host') s.firmware = { kind: 'bare' };
    const image = loadedImage(machine);
    s.machine = s.attach(machine);
    s.built = image ? { image, sources: new Map() } : null;
    s.payload = null;
    s.program = name;
    s.index = new ProgramIndex(image, new Map());
    s.status = { kind: 'paused' };
    return { ...loadResult(image), ramSize: machine.ramSize };
  }
}
