/**
 * The session's history: its Machine wrapped in a TimeTravel (emulator/lifecycle/time-travel.ts), so the
 * page can step backwards and run back to the previous breakpoint, exact to the instruction, with the
 * checkpoints' memory bounded. Every forward run of the session goes through `run` (and console input
 * through `input`), so the history sees everything the guest was given.
 *
 * What the page does to the machine from outside (editing a register or memory) is not recorded by
 * TimeTravel: `forget()` starts a new history from the present state, so going back never crosses an edit.
 *
 * The history starts at the first command that moves the machine, or when the session calls `prepare()`
 * once the worker is idle after a load: its first checkpoint reads all of RAM, and the first read of a fresh
 * 128 MiB buffer costs the host its page mapping (a few hundred ms; 1.6 s on a loaded 2-core machine),
 * which neither the load's answer nor a run's first slice should wait for.
 */
import { TimeTravel } from '../../emulator/lifecycle/time-travel';
import type { Machine, StopReason } from '../../emulator/machine';

/**
 * Steps between checkpoints for a RAM of `ramSize` bytes. A checkpoint compares every RAM page with the
 * previous checkpoint's copy (no dirty log: pages.ts), so its cost follows the RAM size (30 ms to 200 ms for
 * the page's 128 MiB, by the host's load), and the worker answers nothing (pause included) meanwhile: the
 * interval grows with the RAM to keep checkpoints to about one per two seconds of a full-speed run (2 steps
 * per byte of RAM: 256 Mi steps for 128 MiB). A step back replays at most that many steps (seconds, deep in
 * a long run; at once in the first checkpoint's interval, where every teaching example stays).
 */
export function checkpointInterval(ramSize: number): number {
  return Math.min(256 * 1024 * 1024, Math.max(250_000, ramSize * 2));
}

/** The checkpoints' memory bound (bytes): the page pays at most this for its history. */
export const HISTORY_BYTES = 64 * 1024 * 1024;

export class MachineHistory {
  private started: TimeTravel | null = null;

  constructor(private readonly machine: Machine) {}

  private get travel(): TimeTravel {
    return (this.started ??= new TimeTravel(this.machine, {
      checkpointEvery: checkpointInterval(this.machine.ramSize),
      maxBytes: HISTORY_BYTES,
    }));
  }

  /** Start the history now (its first checkpoint), if no command has started it yet. */
  prepare(): void {
    void this.travel;
  }

  /** Run forward, as Machine.run (checkpoints taken and recorded input given again on the way). */
  run(budget: number): StopReason {
    return this.travel.run(budget);
  }

  /** Console input for the guest, recorded with the step it arrives at (before any run: just given). */
  input(bytes: Uint8Array): void {
    if (this.started === null) this.machine.uart.receive(bytes);
    else this.started.input(bytes);
  }

  /** Go back `count` steps (no further than the oldest kept state); the steps actually gone back. */
  stepBack(count: number): number {
    if (this.started === null) return 0;
    const before = this.started.steps;
    return before - this.started.stepBack(Math.max(1, Math.floor(count)));
  }

  /** Go back to the last time before now that pc was at one of `addresses`; false if none is kept. */
  runBack(addresses: readonly bigint[]): boolean {
    return this.started !== null && this.started.runBack(addresses);
  }

  /** How far back the history reaches, and what it costs. */
  get depth(): { steps: number; earliest: number; bytes: number; checkpoints: number } {
    const t = this.started;
    if (t === null) return { steps: 0, earliest: 0, bytes: 0, checkpoints: 0 };
    return { steps: t.steps, earliest: t.earliest, bytes: t.memory.bytes, checkpoints: t.memory.checkpoints };
  }

  /** The machine was changed from outside (an edit): the history starts again at the next run. */
  forget(): void {
    const t = this.started;
    if (t === null) return;
    // TimeTravel wrapped the machine's event callbacks: give the machine its own back.
    this.machine.onConsoleOutput = t.onConsoleOutput;
    this.machine.onTrap = t.onTrap;
    this.machine.onReturn = t.onReturn;
    this.machine.onVmExit = t.onVmExit;
    this.started = null;
  }
}
