/**
 * The one hook that owns the conversation with the worker (CONVENTIONS.md, "React: state flows one way"). It
 * pulls a state view every 100 to 250 ms while the machine runs, and once after each command
 * otherwise; panels read the result and send commands back through the returned actions.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EmulatorConnection } from '../src/worker/client';
import type {
  AddressSpace,
  AsmDiagnostic,
  AssembleRequest,
  BootReport,
  DisasmLine,
  FirmwareChoice,
  MachineOptions,
  LoadResult,
  MachineStateView,
  MachineStatus,
  MemoryUsage,
  PrivilegeLevel,
  RunSpeed,
  SavedSnapshot,
  SourceLine,
  SymbolInfo,
  TranslationView,
} from '../src/worker/emulator-api';
import { type TrapEvent, unpackTraps } from '../src/worker/event-buffers';
import { droppedNotice } from './console-notice';

/** Trap events kept for the log (the oldest go first). */
const TRAP_LIMIT = 500;
/** Instructions of disassembly shown around pc. */
const DISASM_COUNT = 64;
/**
 * Milliseconds between two state views while the machine runs: RUNNING_VIEW_MS while the guest talks (the
 * last view brought console output or traps, or the user just typed), RUNNING_QUIET_MS while it only
 * computes (registers and counters changing faster than anyone reads them). Each view costs the page a
 * render of every panel, and on a two-core machine that time is taken from the worker (bench/ui).
 */
const RUNNING_VIEW_MS = 100;
const RUNNING_QUIET_MS = 250;
/** ESC c (RIS, full reset), given to the console sinks when a program is loaded: its console starts empty. */
const CONSOLE_RESET = new Uint8Array([0x1b, 0x63]);

export interface LoadedProgram {
  name: string;
  symbols: SymbolInfo[];
  sourceLines: SourceLine[];
}

/** What the page sees of the machine: changes with every state view. */
export interface EmulatorData {
  state: MachineStateView | null;
  /** The previous paused view's CSRs and registers, for "what changed" highlighting. */
  previous: MachineStateView | null;
  program: LoadedProgram | null;
  traps: TrapEvent[];
  trapsDropped: number;
  disasm: DisasmLine[];
  /** The mode the disassembly is fetched as when it is not the hart's own (a trap's epc shown), else null. */
  disasmMode: PrivilegeLevel | null;
  diagnostics: AsmDiagnostic[];
  /** A problem loading (a file that is not an ELF, a source with errors); null when the last load worked. */
  loadError: string | null;
  /** Bumped each time the machine stops: views that read memory re-read then. */
  generation: number;
  /**
   * After the worker was restarted: what became of the program it had (loaded again into the new worker,
   * or why not); null before any restart, or when there was nothing to load again.
   */
  reloaded: string | null;
}

/** What the page can do with the machine: each keeps its identity while the connection stays. */
export interface EmulatorActions {
  /** Guest console bytes go to every registered sink (the terminal registers one). */
  registerConsole(sink: (bytes: Uint8Array) => void): () => void;
  loadElf(bytes: Uint8Array, name: string): Promise<boolean>;
  assemble(request: AssembleRequest): Promise<boolean>;
  setFirmware(choice: FirmwareChoice): Promise<void>;
  setMachineOptions(options: MachineOptions): Promise<void>;
  /**
   * The machine's commands. Each promise settles once the machine has stopped after the command and the
   * page has pulled its state (a run: when it ends, pauses or hits a breakpoint), so a caller that must
   * know the outcome (a lesson's "do it for me") waits for exactly its own command.
   */
  run(): Promise<void>;
  pause(): Promise<void>;
  step(): Promise<void>;
  stepOver(): Promise<void>;
  stepOut(): Promise<void>;
  runTo(address: bigint): Promise<void>;
  reset(): Promise<void>;
  setBreakpoints(addresses: bigint[]): void;
  setSpeed(speed: RunSpeed): void;
  readMemory(
    address: bigint,
    length: number,
    space?: AddressSpace,
  ): Promise<{ bytes: Uint8Array; readable: Uint8Array }>;
  /** VMEM (issue 5): the page walk for one virtual address, for the memory view. */
  explainTranslation(address: bigint): Promise<TranslationView>;
  writeRegister(index: number, value: bigint): void;
  writeMemory(address: bigint, bytes: Uint8Array, space?: AddressSpace): void;
  consoleInput(bytes: Uint8Array): void;
  /** Show code at `address`, read as a fetch from `mode` would (default: the hart's mode now). */
  showDisassembly(address: bigint, mode?: PrivilegeLevel): void;
  saveSnapshot(): Promise<SavedSnapshot | null>;
  /** False (and loadError says why) when the file was refused; the machine is then as it was. */
  restoreSnapshot(file: Uint8Array, name: string): Promise<boolean>;
  measureBoot(): Promise<BootReport | null>;
  memoryUsage(): Promise<MemoryUsage | null>;
}

export type EmulatorView = EmulatorData & EmulatorActions;

/**
 * What was loaded into the worker, kept by the page so that a restarted worker gets it again: the firmware
 * and hart options chosen, and the last program that loaded (an assembled source or an ELF's bytes).
 */
interface Replay {
  firmware: FirmwareChoice | null;
  machine: MachineOptions | null;
  load: { kind: 'asm'; request: AssembleRequest } | { kind: 'elf'; bytes: Uint8Array; name: string } | null;
}

/** Where to start the disassembly so that pc is in view: its function's start when near, else pc. */
function disasmStart(pc: bigint, symbols: readonly SymbolInfo[]): bigint {
  let best: bigint | null = null;
  for (const s of symbols) if (s.address <= pc && (best === null || s.address > best)) best = s.address;
  return best !== null && pc - best <= 96n ? best : pc;
}

export function useEmulator(
  connection: EmulatorConnection | null,
  connectionGeneration: number,
): EmulatorView {
  const api = connection?.api ?? null;
  const [state, setState] = useState<MachineStateView | null>(null);
  const [previous, setPrevious] = useState<MachineStateView | null>(null);
  const [program, setProgram] = useState<LoadedProgram | null>(null);
  const [traps, setTraps] = useState<TrapEvent[]>([]);
  const [trapsDropped, setTrapsDropped] = useState(0);
  const [disasm, setDisasm] = useState<DisasmLine[]>([]);
  const [diagnostics, setDiagnostics] = useState<AsmDiagnostic[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [reloaded, setReloaded] = useState<string | null>(null);
  const sinks = useRef(new Set<(bytes: Uint8Array) => void>());
  const polling = useRef(false);
  /** While running and waiting for the next view: fetch it soon instead. */
  const nextPoll = useRef<(() => void) | null>(null);
  const programRef = useRef(program);
  useEffect(() => {
    programRef.current = program;
  });
  const replay = useRef<Replay>({ firmware: null, machine: null, load: null });
  const [disasmMode, setDisasmMode] = useState<PrivilegeLevel | null>(null);
  /** Where the user asked the disassembly to stay (a trap log click), and the mode to fetch it as. */
  const disasmPin = useRef<{ address: bigint; mode?: PrivilegeLevel } | null>(null);
  const lastStopped = useRef<MachineStateView | null>(null);
  /** The current run's end: its final refresh, once the worker says it stopped (null when not running). */
  const runDone = useRef<Promise<unknown> | null>(null);

  // A new worker knows nothing of the old one's program (React's "adjusting state on a prop change").
  const [seenConnection, setSeenConnection] = useState(connectionGeneration);
  if (seenConnection !== connectionGeneration) {
    setSeenConnection(connectionGeneration);
    setState(null);
    setProgram(null);
    setTraps([]);
    setDisasm([]);
  }

  const absorb = useCallback((view: MachineStateView) => {
    if (view.consoleDropped > 0) {
      // The worker keeps only the newest bytes of a flood: say so in the console rather than hide the gap.
      const notice = droppedNotice(view.consoleDropped);
      for (const sink of sinks.current) sink(notice);
    }
    if (view.consoleBytes.length > 0) for (const sink of sinks.current) sink(view.consoleBytes);
    if (view.traps.length > 0 || view.trapsDropped > 0) {
      const fresh = unpackTraps(view.traps);
      setTraps((old) => {
        const all = old.concat(fresh);
        return all.length > TRAP_LIMIT ? all.slice(all.length - TRAP_LIMIT) : all;
      });
      setTrapsDropped((d) => d + view.trapsDropped);
    }
    setState(view);
  }, []);

  /** After a command: pull the state, and when stopped, the disassembly around pc. */
  const refresh = useCallback(async () => {
    if (!api) return null;
    const view = await api.getState();
    absorb(view);
    if (view.status.kind !== 'running') {
      setPrevious(lastStopped.current);
      lastStopped.current = view;
      setGeneration((g) => g + 1);
      const pin = disasmPin.current;
      const from = pin?.address ?? disasmStart(view.pc, programRef.current?.symbols ?? []);
      setDisasm(await api.disassemble(from, DISASM_COUNT, undefined, pin?.mode));
      setDisasmMode(pin?.mode ?? null);
    }
    return view;
  }, [api, absorb]);

  // A new connection: show its (empty) machine.
  useEffect(() => {
    void Promise.resolve().then(refresh);
  }, [refresh]);

  // While running: one getState every RUNNING_VIEW_MS or RUNNING_QUIET_MS; the final one when the run's
  // promise settles. A timer, not a requestAnimationFrame loop that skips frames: a frame requested every
  // 16 ms keeps Chromium's compositor making frames (CPU time of its own) even when nothing has changed.
  const pollWhileRunning = useCallback(() => {
    if (!api || polling.current) return;
    polling.current = true;
    const poll = async (): Promise<void> => {
      nextPoll.current = null;
      const view = await api.getState();
      absorb(view);
      if (view.status.kind !== 'running') {
        polling.current = false;
        return;
      }
      const talking = view.consoleBytes.length > 0 || view.traps.length > 0 || view.consoleDropped > 0;
      const wait = talking ? RUNNING_VIEW_MS : RUNNING_QUIET_MS;
      const timer = setTimeout(() => void poll(), wait);
      // Typing into the console brings the next view sooner (consoleInput): the echo shows at once.
      nextPoll.current = () => {
        clearTimeout(timer);
        nextPoll.current = null;
        setTimeout(() => void poll(), RUNNING_VIEW_MS / 4);
      };
    };
    // The first at once, so the page shows the machine running.
    setTimeout(() => void poll(), 0);
  }, [api, absorb]);

  const clearRun = useCallback(() => {
    setTraps([]);
    setTrapsDropped(0);
    lastStopped.current = null;
    setPrevious(null);
    disasmPin.current = null;
    setDisasmMode(null);
  }, []);

  const loaded = useCallback(
    async (result: LoadResult, name: string, diags: AsmDiagnostic[] = []) => {
      setDiagnostics(diags);
      setLoadError(result.ok ? null : result.error);
      if (result.ok) {
        clearRun();
        for (const sink of sinks.current) sink(CONSOLE_RESET);
        setProgram({ name, symbols: result.symbols, sourceLines: result.sourceLines });
      }
      await refresh();
      return result.ok;
    },
    [clearRun, refresh],
  );

  // A restarted worker gets the firmware, options and program again (and the first one, a firmware chosen
  // before it was connected, as a share link may do).
  useEffect(() => {
    if (!api) return;
    const { firmware, machine, load } = replay.current;
    const restarted = connectionGeneration > 0;
    void (async () => {
      if (firmware) await api.setFirmware(firmware);
      if (machine) await api.setMachineOptions(machine);
      const name = load?.kind === 'asm' ? load.request.file : load?.kind === 'elf' ? load.name : null;
      let ok = false;
      if (load?.kind === 'asm') ok = await loaded(await api.assembleAndLoad(load.request), load.request.file);
      else if (load?.kind === 'elf') ok = await loaded(await api.loadElf(load.bytes, load.name), load.name);
      if (restarted && name !== null)
        setReloaded(ok ? `${name} was loaded again, from its start.` : `${name} could not be loaded again.`);
    })();
  }, [api, connectionGeneration, loaded]);

  const running = useCallback(
    (command: () => Promise<MachineStatus>) => {
      disasmPin.current = null;
      setDisasmMode(null);
      const done = command().then(refresh);
      runDone.current = done;
      const settled = () => {
        if (runDone.current === done) runDone.current = null;
      };
      void done.then(settled, settled);
      pollWhileRunning();
      return done.then(() => undefined);
    },
    [pollWhileRunning, refresh],
  );

  // The actions keep their identity while the machine runs (the view changes every frame, they do not), so
  // an effect that depends on one is not re-run per frame: a memory-usage scan per frame once cost the page
  // three quarters of its speed (bench/ui/ui-bench.ts).
  const actions = useMemo<EmulatorActions>(() => {
    const noApi = () => Promise.reject(new Error('the machine is not connected yet'));
    // A command before the worker is connected does nothing (its buttons are disabled until then).
    const idle = () => Promise.resolve();
    return {
      registerConsole(sink) {
        sinks.current.add(sink);
        return () => sinks.current.delete(sink);
      },
      loadElf: async (bytes, name) => {
        if (!api) return noApi();
        const r = await api.loadElf(bytes, name);
        if (r.ok) replay.current.load = { kind: 'elf', bytes, name };
        return loaded(r, name);
      },
      assemble: async (request) => {
        if (!api) return noApi();
        const r = await api.assembleAndLoad(request);
        if (r.ok) {
          const { firmware, machine, ...program } = request;
          replay.current = {
            firmware: firmware ?? replay.current.firmware,
            machine: machine ?? replay.current.machine,
            load: { kind: 'asm', request: program },
          };
        }
        return loaded(r, request.file, !r.ok && 'diagnostics' in r ? r.diagnostics : []);
      },
      setFirmware: async (choice) => {
        replay.current.firmware = choice;
        if (!api) return;
        const r = await api.setFirmware(choice);
        if (r) await loaded(r, programRef.current?.name ?? '');
        else await refresh();
      },
      setMachineOptions: async (options) => {
        replay.current.machine = options;
        if (!api) return;
        const r = await api.setMachineOptions(options);
        if (r) await loaded(r, programRef.current?.name ?? '');
        else await refresh();
      },
      run: () => (api ? running(() => api.run()) : idle()),
      pause: async () => {
        if (!api) return;
        await api.pause();
        // A run in progress refreshes the page when it ends (`running`): a second refresh would render the
        // paused machine twice, and the pause would show later.
        const run = runDone.current;
        if (run) await run;
        else await refresh();
      },
      step: async () => {
        if (!api) return;
        await api.step();
        await refresh();
      },
      stepOver: () => (api ? running(() => api.stepOver()) : idle()),
      stepOut: () => (api ? running(() => api.stepOut()) : idle()),
      runTo: (address) => (api ? running(() => api.runTo(address)) : idle()),
      reset: async () => {
        if (!api) return;
        clearRun();
        await api.reset();
        await refresh();
      },
      setBreakpoints: (addresses) => void api?.setBreakpoints(addresses),
      setSpeed: (speed) => void api?.setSpeed(speed),
      readMemory: (address, length, space) =>
        api
          ? api.readMemory(address, length, space)
          : Promise.resolve({ bytes: new Uint8Array(0), readable: new Uint8Array(0) }),
      explainTranslation: (address) =>
        api ? api.explainTranslation(address) : Promise.reject(new Error('no machine')),
      writeRegister: (index, value) => void api?.writeRegister(index, value).then(refresh),
      writeMemory: (address, bytes, space) => void api?.writeMemory(address, bytes, space).then(refresh),
      consoleInput: (bytes) => {
        void api?.consoleInput(bytes);
        nextPoll.current?.();
      },
      showDisassembly: (address, mode) => {
        disasmPin.current = { address, mode };
        void api?.disassemble(address, DISASM_COUNT, undefined, mode).then((lines) => {
          setDisasm(lines);
          setDisasmMode(mode ?? null);
        });
      },
      saveSnapshot: async () => {
        if (!api) return null;
        const saved = await api.saveSnapshot();
        await refresh();
        return saved;
      },
      restoreSnapshot: async (file, name) => {
        if (!api) return noApi();
        const r = await api.restoreSnapshot(file, name);
        // SIMPLIFICATION: a restarted worker gets the last program loaded, not the restored snapshot.
        return loaded(r, name);
      },
      measureBoot: async () => {
        if (!api) return null;
        clearRun();
        const promise = api.measureBoot();
        pollWhileRunning();
        const report = await promise;
        await refresh();
        return report;
      },
      memoryUsage: () => (api ? api.memoryUsage() : Promise.resolve(null)),
    };
  }, [api, loaded, running, refresh, clearRun, pollWhileRunning]);

  return useMemo<EmulatorView>(
    () => ({
      state,
      previous,
      program,
      traps,
      trapsDropped,
      disasm,
      disasmMode,
      diagnostics,
      loadError,
      generation,
      reloaded,
      ...actions,
    }),
    [
      state,
      previous,
      program,
      traps,
      trapsDropped,
      disasm,
      disasmMode,
      diagnostics,
      loadError,
      generation,
      reloaded,
      actions,
    ],
  );
}
