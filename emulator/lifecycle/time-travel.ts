import { pcKey } from '../hart/execute';
import type { ReturnRecord, TrapRecord } from '../hart/trap';
import type { Machine, StopReason } from '../machine';
import type { VmExitRecord } from '../sbi/host-sbi';
import { CheckpointStore, type Checkpoint } from './checkpoints';
import { applyCore, captureCore } from './core-state';
import { breakpointsOf } from './machine-access';

/**
 * Stepping backwards, exact to the instruction, with bounded memory: the machine is deterministic (mtime
 * follows the step count), so its state at any step is a checkpoint taken earlier plus a replay of the
 * steps since, given the same inputs from outside. TimeTravel runs the machine forward (through its run()),
 * takes a checkpoint every `checkpointEvery` steps (checkpoints.ts), and records every input the host gives
 * the guest with the step it arrived at. Going back to step T restores the newest checkpoint at or before T
 * and replays to T.
 *
 * Time is hart.steps, the clock mtime follows. A hart asleep in wfi with only the timer to wake it skips
 * straight to the timer's deadline (Machine.run), so the steps inside such a skip were never states of the
 * machine; a move back to one of them lands on the last real state before it, the hart asleep in wfi.
 *
 * SIMPLIFICATION: history starts again when the guest reboots itself (a reset restarts the step count):
 * there is no going back past a reboot. Host actions other than console input (loading another program,
 * a reset from the page, editing memory) are not recorded: after one, make a new TimeTravel.
 */
export interface TimeTravelOptions {
  /** Steps between checkpoints (default 1,000,000): replay after a move back runs at most this many. */
  checkpointEvery?: number;
  /** Bound on the checkpoints' memory in bytes (default 64 MiB); old checkpoints are thinned to keep it. */
  maxBytes?: number;
}

interface Input {
  steps: number;
  bytes: Uint8Array;
}

export class TimeTravel {
  readonly checkpointEvery: number;
  private readonly store: CheckpointStore;
  /** Every console input given on the current timeline, in order, with the step it arrived at. */
  private inputs: Input[] = [];
  /** How many of `inputs` the machine's present state has received. */
  private applied = 0;
  /** The furthest step reached on this timeline: output up to it has been shown already. */
  private frontier: number;
  /** Set while replaying: every event of the machine is held back. */
  private replaying = false;

  /** The guest's console, as Machine.onConsoleOutput was: output replayed on the way back is not repeated. */
  onConsoleOutput: ((byte: number) => void) | null;
  onTrap: ((trap: TrapRecord) => void) | null;
  onVmExit: ((exit: VmExitRecord) => void) | null;
  /** Trap returns (Machine.onReturn, HART issue 6), held back while replaying as traps are. */
  onReturn: ((ret: ReturnRecord) => void) | null;

  constructor(
    readonly machine: Machine,
    options: TimeTravelOptions = {},
  ) {
    this.checkpointEvery = options.checkpointEvery ?? 1_000_000;
    if (!(this.checkpointEvery >= 1)) throw new RangeError('checkpointEvery must be at least 1 step');
    this.store = new CheckpointStore(machine, options.maxBytes ?? 64 * 1024 * 1024);
    this.onConsoleOutput = machine.onConsoleOutput;
    this.onTrap = machine.onTrap;
    this.onVmExit = machine.onVmExit;
    this.onReturn = machine.onReturn;
    // Output is shown once: not while replaying, nor when a run forward again after a move back produces
    // what was shown the first time (a byte belongs to the step that wrote it).
    machine.onConsoleOutput = (b) => {
      if (!this.replaying && machine.hart.steps > this.frontier) this.onConsoleOutput?.(b);
    };
    machine.onTrap = (t) => {
      if (!this.replaying) this.onTrap?.(t);
    };
    machine.onVmExit = (e) => {
      if (!this.replaying) this.onVmExit?.(e);
    };
    machine.onReturn = (r) => {
      if (!this.replaying) this.onReturn?.(r);
    };
    this.frontier = machine.hart.steps;
    this.store.take(0);
  }

  get steps(): number {
    return this.machine.hart.steps;
  }

  /** The earliest step a move back can reach now. */
  get earliest(): number {
    return this.store.checkpoints[0].steps;
  }

  /** The checkpoints' memory and how many there are, for the page. */
  get memory(): { bytes: number; maxBytes: number; checkpoints: number } {
    return {
      bytes: this.store.bytes,
      maxBytes: this.store.maxBytes,
      checkpoints: this.store.checkpoints.length,
    };
  }

  /**
   * Console input for the guest, arriving now. Given at a step in the past (after a move back), it starts
   * a new timeline: the recorded future, with its inputs and checkpoints, is forgotten.
   */
  input(bytes: Uint8Array): void {
    const now = this.steps;
    if (this.applied < this.inputs.length || this.frontier > now) {
      this.inputs.length = this.applied;
      this.store.dropAfter(now);
      this.frontier = now;
    }
    this.inputs.push({ steps: now, bytes: bytes.slice() });
    this.applied++;
    this.machine.uart.receive(bytes);
  }

  /**
   * Run forward at most `budget` steps of the clock (a wfi skip counts the steps it skips), as Machine.run
   * does: stops early for an exit, a wfi nothing can wake, or a breakpoint set on the machine. Recorded
   * inputs are given again at their steps; checkpoints are taken on the way.
   */
  run(budget: number): StopReason {
    const h = this.machine.hart;
    const end = h.steps + budget;
    const breakpoints = new Set(breakpointsOf(this.machine));
    for (let first = true; ; first = false) {
      this.giveInputs(h.steps);
      if (h.steps >= end) return { kind: 'budget' };
      // A run never stops at the instruction it starts at: a breakpoint where one chunk ended stops here.
      if (!first && breakpoints.has(pcKey(h)) && !h.waitingForInterrupt) return { kind: 'breakpoint' };
      const before = h.steps;
      const stop = this.machine.run(this.chunk(end) - h.steps);
      if (h.steps < before) this.restart();
      this.frontier = Math.max(this.frontier, h.steps);
      this.checkpointIfDue();
      if (stop.kind !== 'budget') return stop;
    }
  }

  step(): StopReason | null {
    const h = this.machine.hart;
    this.giveInputs(h.steps);
    const before = h.steps;
    const stop = this.machine.step();
    if (h.steps < before) this.restart();
    this.frontier = Math.max(this.frontier, h.steps);
    this.checkpointIfDue();
    return stop;
  }

  /**
   * Go back `n` steps (to the earliest step kept, at most). Returns the step reached: steps - n, or the
   * last real state before it when that falls inside a wfi skip.
   */
  stepBack(n = 1): number {
    const target = Math.max(this.earliest, this.steps - n);
    this.travelTo(target);
    return this.steps;
  }

  /**
   * Go back to the last time, before now, that the hart was about to execute an instruction at one of
   * `addresses`: checkpoint by checkpoint backwards, each interval replayed with the addresses as the
   * machine's breakpoints. False (and the machine unmoved) when no such time is kept in history.
   */
  runBack(addresses: Iterable<bigint | number>): boolean {
    const wanted = [...addresses];
    if (wanted.length === 0) return false;
    const m = this.machine;
    const saved = breakpointsOf(m);
    const now = this.steps;
    const list = this.store.checkpoints;
    let found: { from: Checkpoint; steps: number } | null = null;
    m.setBreakpoints(wanted);
    try {
      let end = now;
      for (let i = list.length - 1; i >= 0 && found === null; i--) {
        const c = list[i];
        if (c.steps >= end) continue;
        const hits = this.replayHits(c, end);
        if (hits !== null) found = { from: c, steps: hits };
        end = c.steps;
      }
      if (found !== null) this.replayToBreakpoint(found.from, found.steps);
      else this.travelTo(now);
    } finally {
      m.setBreakpoints(saved);
    }
    return found !== null;
  }

  /**
   * Where the next forward run must stop: at the end, at the next recorded input, and (past the newest
   * checkpoint) where the next checkpoint is due.
   */
  private chunk(end: number): number {
    const newest = this.store.newest as Checkpoint;
    let stop = end;
    if (this.steps >= newest.steps) stop = Math.min(stop, newest.steps + this.checkpointEvery);
    stop = Math.min(stop, this.nextInputSteps());
    return Math.max(stop, this.steps + 1);
  }

  private giveInputs(now: number): void {
    while (this.applied < this.inputs.length && this.inputs[this.applied].steps <= now) {
      this.machine.uart.receive(this.inputs[this.applied].bytes);
      this.applied++;
    }
  }

  private checkpointIfDue(): void {
    // Only past the newest checkpoint: a run forward after a move back goes through kept history.
    const newest = this.store.newest as Checkpoint;
    if (this.steps >= newest.steps + this.checkpointEvery) this.store.take(this.applied);
  }

  /** The guest rebooted (its step count restarted): history starts again here. */
  private restart(): void {
    this.store.clear();
    this.inputs = [];
    this.applied = 0;
    this.frontier = this.steps;
    this.store.take(0);
  }

  /** Restore a checkpoint, with the inputs the machine had then. */
  private restoreCheckpoint(c: Checkpoint): void {
    this.store.restore(c);
    this.applied = c.inputs;
  }

  /** Replay from the newest checkpoint at or before `target` to the last real state at or before it. */
  private travelTo(target: number): void {
    const m = this.machine;
    const h = m.hart;
    const saved = breakpointsOf(m);
    const from = this.store.atOrBefore(target);
    this.replaying = true;
    try {
      // Breakpoints would only cut the replay into more runs.
      if (saved.length > 0) m.setBreakpoints([]);
      this.restoreCheckpoint(from);
      // `safe`: the last step reached, a state the replay can reach again without passing the target.
      // `careful`: one step per run, once a wfi skip inside a longer run has passed the target.
      let safe = h.steps;
      let careful = false;
      for (;;) {
        this.giveInputs(h.steps);
        if (h.steps >= target) break;
        if (h.waitingForInterrupt) {
          // Asleep: the next step may skip time past the target. Take it, and take it back if it did.
          const asleep = captureCore(m);
          const stop = m.run(1);
          const past = h.steps > target;
          if (past) applyCore(m, asleep);
          if (past || stop.kind !== 'budget') break;
          safe = h.steps;
          continue;
        }
        const stop = m.run(careful ? 1 : Math.min(target, this.nextInputSteps()) - h.steps);
        if (h.steps > target) {
          // A wfi inside that run skipped past the target: replay again to the last safe state, then on
          // one step at a time, so that every skip is seen before it is taken.
          this.restoreCheckpoint(from);
          this.replaySteps(safe);
          careful = true;
          continue;
        }
        safe = h.steps;
        if (stop.kind !== 'budget') break;
      }
    } finally {
      this.replaying = false;
      if (saved.length > 0) m.setBreakpoints(saved);
    }
  }

  /** Replay forward to exactly `steps` (a state reached before, so no skip passes it). */
  private replaySteps(steps: number): void {
    const h = this.machine.hart;
    for (;;) {
      this.giveInputs(h.steps);
      if (h.steps >= steps) return;
      const stop = this.machine.run(Math.min(steps, this.nextInputSteps()) - h.steps);
      if (stop.kind !== 'budget' && stop.kind !== 'breakpoint') return;
    }
  }

  private nextInputSteps(): number {
    return this.applied < this.inputs.length ? this.inputs[this.applied].steps : Infinity;
  }

  /**
   * Replay from checkpoint `c` to step `end` with the breakpoints set; the step of the last breakpoint
   * stop before `end` (or of the checkpoint itself, if it stands on one), or null.
   */
  private replayHits(c: Checkpoint, end: number): number | null {
    const m = this.machine;
    const h = m.hart;
    const breakpoints = new Set(breakpointsOf(m));
    let last: number | null = null;
    this.replaying = true;
    try {
      this.restoreCheckpoint(c);
      for (;;) {
        this.giveInputs(h.steps);
        if (h.steps >= end) break;
        if (breakpoints.has(pcKey(h)) && !h.waitingForInterrupt) last = h.steps;
        const stop = m.run(Math.min(end, this.nextInputSteps()) - h.steps);
        if (stop.kind !== 'budget' && stop.kind !== 'breakpoint') break;
      }
    } finally {
      this.replaying = false;
    }
    return last !== null && last < end ? last : null;
  }

  /** From checkpoint `c`, replay to the breakpoint stop at `steps` (found by replayHits). */
  private replayToBreakpoint(c: Checkpoint, steps: number): void {
    this.replaying = true;
    try {
      this.restoreCheckpoint(c);
      this.replaySteps(steps);
    } finally {
      this.replaying = false;
    }
  }
}
