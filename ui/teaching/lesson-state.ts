/**
 * From the worker's state views to what the teaching views take (pure; no DOM): a LessonMachineState for
 * the lesson player's checkpoints, and PrivEvents for the virtualization view. A state view carries only
 * what happened since the previous view (console bytes, traps), so the page keeps one LessonStateTracker
 * per loaded program and feeds it every view it gets:
 *   const tracker = new LessonStateTracker(loadResult.symbols);   // after each load (or reset)
 *   const lessonState = tracker.update(await api.getState());      // after each run, step or poll
 */
import type { MachineStateView, SymbolInfo } from '../../src/worker/emulator-api';
import { unpackTraps, type TrapEvent } from '../../src/worker/event-buffers';
import type { LessonMachineState } from './lesson-check';
import type { Priv, PrivEvent } from './virtualization';

const SBI_EXTENSIONS: Record<number, string> = {
  0x01: 'console_putchar (legacy)',
  0x02: 'console_getchar (legacy)',
  0x08: 'shutdown (legacy)',
  0x10: 'base',
  0x54494d45: 'timer',
  0x735049: 'IPI',
  0x52464e43: 'remote fence',
  0x48534d: 'hart state',
  0x53525354: 'system reset',
  0x4442434e: 'debug console',
};

const priv = (p: number): Priv => (p === 3 ? 3 : p === 1 ? 1 : 0);

/** One trap of the worker's trap log as a timeline event (a VM exit when the host answered an SBI call). */
export function privEventOf(t: TrapEvent): PrivEvent {
  // HART (issue 6): an mret or sret, which trapSpans pairs with the trap whose handler it ends.
  if (t.xret) {
    return {
      kind: 'return',
      step: Number(t.instret),
      from: priv(t.fromPriv),
      to: priv(t.toPriv),
      detail: t.xret,
    };
  }
  if (t.vmExit) {
    const name = t.sbi ? (SBI_EXTENSIONS[t.sbi.eid] ?? `extension 0x${t.sbi.eid.toString(16)}`) : 'SBI call';
    return {
      kind: 'vmexit',
      step: Number(t.instret),
      from: priv(t.fromPriv),
      to: priv(t.fromPriv),
      detail: `SBI ${name}`,
    };
  }
  return {
    kind: 'trap',
    step: Number(t.instret),
    from: priv(t.fromPriv),
    to: priv(t.toPriv),
    cause: t.cause,
    interrupt: t.interrupt,
  };
}

/** The most console text a lesson keeps (characters, newest kept). */
export const LESSON_CONSOLE_LIMIT = 64 * 1024;

export class LessonStateTracker {
  private console = '';
  private readonly decoder = new TextDecoder();
  private lastTrap: LessonMachineState['lastTrap'] = null;
  private readonly symbols: Record<string, bigint>;
  /** Every trap since the load, oldest first, as timeline events (the newest `keep`). */
  readonly events: PrivEvent[] = [];

  constructor(
    symbols: readonly SymbolInfo[],
    private readonly keep = 200,
  ) {
    // First definition wins, as a label is unique in one program; the monitor's and the payload's may clash.
    this.symbols = {};
    for (const s of symbols) this.symbols[s.name] ??= s.address;
  }

  update(view: MachineStateView): LessonMachineState {
    this.console += this.decoder.decode(view.consoleBytes, { stream: true });
    // A guest that floods its console must not grow this without bound: checks look for short phrases, so the
    // newest LESSON_CONSOLE_LIMIT characters are enough.
    if (this.console.length > LESSON_CONSOLE_LIMIT) this.console = this.console.slice(-LESSON_CONSOLE_LIMIT);
    const traps = unpackTraps(view.traps);
    for (const t of traps) this.events.push(privEventOf(t));
    if (this.events.length > this.keep) this.events.splice(0, this.events.length - this.keep);
    const last = traps.filter((t) => !t.xret).pop(); // the last trap, not a return (HART)
    if (last) this.lastTrap = { cause: last.cause, interrupt: last.interrupt };
    return {
      priv: priv(view.priv),
      pc: view.pc,
      x: view.x,
      lastTrap: this.lastTrap,
      console: this.console,
      symbols: this.symbols,
      instructionsRetired: view.instructionsRetired,
    };
  }
}
