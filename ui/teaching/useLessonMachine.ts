/**
 * The page's side of a lesson: the LessonMachineState its checkpoints are checked against (built from the
 * page's state view, its accumulated trap log and the console text since the load), and `act`, which does a
 * lesson's actions through the page (the same commands as its buttons) one after another: "Do it for me"
 * hands over several at once, and a breakpoint can only be set once the program it names has loaded.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EmulatorApi, FirmwareChoice, MachineOptions } from '../../src/worker/emulator-api';
import type { EmulatorView, LoadedProgram } from '../useEmulator';
import type { LessonMachineState } from './lesson-check';
import type { LessonAction } from './lesson-schema';

/** Files a lesson may open in the editor (lessons/<dir>/*.S), bundled like the lessons themselves. */
const LESSON_FILES = import.meta.glob<string>('../../lessons/**/*.S', {
  query: '?raw',
  import: 'default',
  eager: true,
});
export const lessonFile = (file: string): string | undefined => LESSON_FILES[`../../lessons/${file}`];

/** What the page offers the lessons (App.tsx implements it with its own commands). */
export interface LessonHost {
  emu: EmulatorView;
  api: Pick<EmulatorApi, 'step'> | null;
  /** Load an example under this firmware and these hart options, as the program picker does. */
  loadExample(
    file: string,
    firmware: FirmwareChoice['kind'],
    options?: Partial<MachineOptions>,
  ): Promise<boolean>;
  /** Put a file in the editor and assemble it as bare metal. */
  openFile(file: string, text: string): Promise<boolean>;
  /** The page's breakpoints by address (the editor's line breakpoints stay as they are). */
  addressBreakpoints: readonly bigint[];
  setAddressBreakpoints(addresses: bigint[]): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = performance.now() + ms; performance.now() < end; await sleep(15)) if (cond()) return true;
  return cond();
}

export function useLessonMachine(host: LessonHost): {
  state: LessonMachineState | null;
  act: (a: LessonAction) => void;
  error: string | null;
  /** Actions are still being done (the student should wait before pressing Run or Step). */
  busy: boolean;
} {
  const { emu } = host;
  const [consoleText, setConsoleText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  // Console text since the program was loaded (or reset): every byte reaches a registered sink.
  const { registerConsole } = emu;
  useEffect(
    () => registerConsole((bytes) => setConsoleText((t) => t + new TextDecoder().decode(bytes))),
    [registerConsole],
  );
  const [seenProgram, setSeenProgram] = useState<LoadedProgram | null>(emu.program);
  if (seenProgram !== emu.program) {
    setSeenProgram(emu.program);
    setConsoleText('');
  }

  const latest = useRef(host);
  useEffect(() => {
    latest.current = host;
  });
  const queue = useRef<Promise<void>>(Promise.resolve());

  /**
   * Do a command and wait until the machine has stopped after it and the page shows that state. The
   * command's own promise says when it is done: a generation counted before it may be one behind (a load's
   * state arriving a render later), and would let the run's wait end at once, while the run had not started.
   */
  const settle = async (command: () => Promise<void>): Promise<void> => {
    const g = latest.current.emu.generation;
    await command();
    await waitFor(() => latest.current.emu.generation > g, 120_000);
  };

  const perform = useCallback(async (a: LessonAction): Promise<void> => {
    const h = latest.current;
    switch (a.do) {
      case 'load': {
        const before = h.emu.program;
        h.setAddressBreakpoints([]);
        if (!(await h.loadExample(a.example, a.firmware, a.options)))
          throw new Error(`${a.example} did not load`);
        await waitFor(() => latest.current.emu.program !== before, 2000);
        return;
      }
      case 'open': {
        const text = lessonFile(a.file);
        if (text === undefined) throw new Error(`no file lessons/${a.file}`);
        const before = h.emu.program;
        h.setAddressBreakpoints([]);
        await h.openFile(a.file.replace(/^.*\//, ''), text);
        await waitFor(() => latest.current.emu.program !== before, 2000);
        return;
      }
      case 'break': {
        const sym = h.emu.program?.symbols.find((s) => s.name === a.symbol);
        if (!sym) throw new Error(`the loaded program has no label ${a.symbol}`);
        const next = [...new Set([...h.addressBreakpoints, sym.address])];
        h.setAddressBreakpoints(next);
        // Straight to the worker too, so that a run queued next already stops there.
        h.emu.setBreakpoints(next);
        await waitFor(() => latest.current.addressBreakpoints.includes(sym.address), 1000);
        return;
      }
      case 'clear-breakpoints':
        h.setAddressBreakpoints([]);
        h.emu.setBreakpoints([]);
        await waitFor(() => latest.current.addressBreakpoints.length === 0, 1000);
        return;
      case 'run':
        return settle(() => h.emu.run());
      case 'step':
        return settle(async () => {
          await h.api?.step(a.count);
          await h.emu.pause();
        });
      case 'reset':
        setConsoleText('');
        return settle(() => h.emu.reset());
    }
  }, []);

  const act = useCallback(
    (a: LessonAction) => {
      setPending((n) => n + 1);
      queue.current = queue.current
        .then(() => perform(a))
        .then(
          () => setError(null),
          (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
        )
        .finally(() => setPending((n) => n - 1));
    },
    [perform],
  );

  const { state, program, traps } = emu;
  const lessonState = useMemo<LessonMachineState | null>(() => {
    if (!state || !program) return null;
    const symbols: Record<string, bigint> = {};
    for (const s of program.symbols) symbols[s.name] ??= s.address;
    // The last trap, not a return: a monitor that hands a trap on to S-mode ends with an mret, which is in
    // the log too (HART's xret events) and would hide the trap's cause from a lastTrap checkpoint.
    let last: (typeof traps)[number] | undefined;
    for (let i = traps.length - 1; i >= 0 && !last; i--) if (!traps[i].xret) last = traps[i];
    return {
      priv: state.priv,
      pc: state.pc,
      x: state.x,
      lastTrap: last ? { cause: last.cause, interrupt: last.interrupt } : null,
      console: consoleText,
      symbols,
      instructionsRetired: state.instructionsRetired,
    };
  }, [state, program, traps, consoleText]);

  return { state: lessonState, act, error, busy: pending > 0 };
}
