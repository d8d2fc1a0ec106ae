import { Priv } from '../hart/privilege';
import type { Machine, StopReason } from '../machine';

/**
 * Boot time, measured (issue 9, part 4): from power-on to the guest's first console byte and to the first
 * instruction it retires in S-mode (where an operating system kernel runs), counted both in machine steps
 * (exact, the same every run) and in host milliseconds (what the user waits).
 *
 * Usage: attach after the machine is loaded and its onConsoleOutput is set, then drive it through run():
 *   const timer = new BootTimer(machine);
 *   timer.run(budget);            // as machine.run, watching the privilege mode as it goes
 *   timer.times();                // { firstConsoleByte, firstSupervisorInstruction } (null: not yet)
 *
 * The first console byte is seen through onConsoleOutput (wrapped, so the existing handler still runs). The
 * first S-mode instruction needs the mode before and after every step, so until it has been seen run()
 * steps one instruction at a time, which is exact but slower; after `exactSteps` steps (a guest that never
 * enters S-mode, like a bare-metal M/U program) it runs in slices and looks between them.
 */
export interface BootMark {
  /** The hart's step count once the event's step was done (mtime ticks, with the default time base). */
  steps: number;
  instret: number;
  /** Host milliseconds since power-on (attach). */
  ms: number;
  /** False when the event was noticed only at the end of a slice, up to `slice` steps late. */
  exact: boolean;
}

export interface BootTimes {
  powerOn: BootMark;
  firstConsoleByte: BootMark | null;
  firstSupervisorInstruction: BootMark | null;
}

export interface BootTimerOptions {
  /** Host clock in milliseconds (default: performance.now where it exists, else Date.now). */
  now?: () => number;
  /** Steps run one at a time while waiting for S-mode (default 10 million). */
  exactSteps?: number;
  /** Steps per slice after that (default 100 000). */
  slice?: number;
}

const hostClock = (): (() => number) => {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : () => Date.now();
};

export class BootTimer {
  private readonly now: () => number;
  private readonly start: number;
  private readonly exactSteps: number;
  private readonly slice: number;
  private stepped = 0;
  readonly powerOn: BootMark;
  firstConsoleByte: BootMark | null = null;
  firstSupervisorInstruction: BootMark | null = null;

  constructor(
    private readonly machine: Machine,
    options: BootTimerOptions = {},
  ) {
    this.now = options.now ?? hostClock();
    this.exactSteps = options.exactSteps ?? 10_000_000;
    this.slice = options.slice ?? 100_000;
    this.start = this.now();
    this.powerOn = this.mark(true);
    const forward = machine.onConsoleOutput;
    machine.onConsoleOutput = (byte) => {
      this.firstConsoleByte ??= this.mark(true);
      forward?.(byte);
    };
  }

  private mark(exact: boolean): BootMark {
    const h = this.machine.hart;
    return { steps: h.steps, instret: h.instret, ms: this.now() - this.start, exact };
  }

  /** As Machine.run(budget), noting the first instruction retired in S-mode. */
  run(budget: number): StopReason {
    const m = this.machine;
    const h = m.hart;
    let left = budget;
    while (this.firstSupervisorInstruction === null && left > 0) {
      if (this.stepped < this.exactSteps) {
        const priv = h.priv;
        const instret = h.instret;
        const r = m.run(1);
        left--;
        this.stepped++;
        if (priv === Priv.S && h.instret > instret) this.firstSupervisorInstruction = this.mark(true);
        if (r.kind !== 'budget') return r;
      } else {
        const n = Math.min(left, this.slice);
        const r = m.run(n);
        left -= n;
        if (h.priv === Priv.S) this.firstSupervisorInstruction = this.mark(false);
        if (r.kind !== 'budget') return r;
      }
    }
    return left > 0 ? m.run(left) : { kind: 'budget' };
  }

  times(): BootTimes {
    return {
      powerOn: this.powerOn,
      firstConsoleByte: this.firstConsoleByte,
      firstSupervisorInstruction: this.firstSupervisorInstruction,
    };
  }
}

/** One line per event, for the runner's report. */
export function formatBootTimes(t: BootTimes): string {
  const line = (what: string, mark: BootMark | null): string =>
    mark === null
      ? `${what}: not reached`
      : `${what}: step ${mark.steps}${mark.exact ? '' : ' (at most)'}, ${mark.ms.toFixed(1)} ms`;
  return [
    line('first console byte', t.firstConsoleByte),
    line('first S-mode instruction', t.firstSupervisorInstruction),
  ].join('\n');
}
