/**
 * The session's run loop. Running is cooperative: a slice of a few milliseconds of guest instructions, then
 * a yield to the event loop (where pause and getState messages are handled), then the next slice.
 * Breakpoints, run-to and step over/out are checked exactly, before every instruction. Stepping (forwards
 * and, through the time-travel history, backwards) and pause live here too.
 */
import type { StopReason } from '../../emulator/machine';
import { DepthTracker, flowAtPc } from './control-flow';
import type { MachineStatus, PauseCause, RunSpeed } from './emulator-api';
import type { Yield } from './session-support';
import type { SessionState } from './session-state';

/** Upper bound of instructions per slice by default (the slice's time limit usually ends it first). */
export const DEFAULT_SLICE = 1_000_000;
/** Milliseconds of guest work per slice: well under a 16 ms frame, so pause answers within a frame. */
export const SLICE_MS = 8;
/**
 * Each slice runs in chunks of about CHUNK_MS, with a look at the clock after each: the chunk's length in
 * instructions follows the machine's speed (measured on the chunk before; growing at most twofold from one
 * chunk to the next, so a slice overshoots SLICE_MS by little when the guest slows down). Long chunks matter
 * to the translator: every chunk that ends inside a translated block makes the next one start mid-block,
 * an entry that gets a block of its own, compiled by V8 and run cold (bench/ui: 4096-instruction chunks
 * compiled 241 blocks for mix where one Machine.run compiles 51, and ran it at 0.62x of Machine.run).
 */
const CHUNK_MS = 2;
const CHUNK_MIN = 4096;
const CHUNK_MAX = 1 << 24;

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

/** The machine's reason to stop as the page sees it (null: the budget ran out, nothing stopped it). */
function outcomeOf(r: StopReason): Outcome {
  if (r.kind === 'budget') return null;
  return r.kind === 'breakpoint' ? { kind: 'paused', cause: 'breakpoint' } : r;
}

export interface RunLoopOptions {
  yieldNow: Yield;
  /** Waits between the steps of a slow (animated) run. */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export class RunLoop {
  private pauseRequested = false;
  /** Low halves of the breakpoint addresses: a cheap first test before every instruction. */
  private breakLo = new Set<number>();
  private speed: RunSpeed = { kind: 'full' };
  /** Instructions per chunk of a slice (CHUNK_MS): the last measured speed, kept from one run to the next. */
  private chunk = CHUNK_MIN;

  constructor(
    private readonly s: SessionState,
    private readonly options: RunLoopOptions,
  ) {}

  run(sliceInstructions = DEFAULT_SLICE): Promise<MachineStatus> {
    if (this.speed.kind === 'step' && !this.s.running) return this.step();
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
    const s = this.s;
    if (s.running) return s.running;
    if (!s.canRun()) return Promise.resolve(s.status);
    this.pauseRequested = false;
    s.status = { kind: 'running' };
    s.running = this.runSlices(goal).finally(() => {
      s.running = null;
    });
    return s.running;
  }

  private async runSlices(goal: RunGoal): Promise<MachineStatus> {
    const s = this.s;
    for (;;) {
      const speed = this.speed;
      const outcome =
        speed.kind === 'slow'
          ? s.guarded(() => this.execute(Math.max(1, Math.round(speed.perSecond / 60)), goal))
          : s.guarded(() => this.slice(goal));
      if (s.status.kind === 'error') return s.status;
      if (outcome !== null) return (s.status = outcome);
      if (speed.kind === 'slow') await this.options.sleep(1000 / Math.min(60, Math.max(1, speed.perSecond)));
      else await this.options.yieldNow();
      if (this.pauseRequested) return (s.status = { kind: 'paused', cause: 'user' });
    }
  }

  /** Run for about SLICE_MS (or goal.maxSlice instructions, whichever comes first). */
  private slice(goal: RunGoal): Outcome {
    const now = this.options.now;
    const start = now();
    let last = start;
    let done = 0;
    while (done < goal.maxSlice) {
      const n = Math.min(this.chunk, goal.maxSlice - done);
      const outcome = this.execute(n, goal);
      if (outcome !== null) return outcome;
      done += n;
      const t = now();
      const aim = t > last ? Math.floor((n * CHUNK_MS) / (t - last)) : 2 * n;
      this.chunk = Math.max(CHUNK_MIN, Math.min(aim, 2 * this.chunk, CHUNK_MAX));
      last = t;
      if (t - start >= SLICE_MS) break;
    }
    return null;
  }

  /** Up to n instructions; one at a time (checking the goal before each) when anything must be checked. */
  private execute(n: number, goal: RunGoal): Outcome {
    const s = this.s;
    const m = s.machine;
    const hart = m.hart;
    // The machine checks breakpoints itself, except at the instruction each run() starts from.
    const atBreakpoint = (): boolean =>
      this.breakLo.has(hart.pcLo >>> 0) && s.breakpoints.includes(hart.getPc());
    if (goal.target === undefined && goal.tracker === undefined) {
      if (goal.started && atBreakpoint()) return { kind: 'paused', cause: 'breakpoint' };
      goal.started = true;
      return outcomeOf(s.history.run(n));
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
      const outcome = outcomeOf(s.history.run(1));
      if (outcome !== null) return outcome;
    }
    return null;
  }

  async pause(): Promise<void> {
    if (!this.s.running) return;
    this.pauseRequested = true;
    await this.s.running;
  }

  async step(count = 1): Promise<MachineStatus> {
    const s = this.s;
    await this.pause();
    if (!s.canRun()) return s.status;
    const stop = s.guarded(() => s.history.run(Math.max(1, Math.floor(count))));
    if (s.status.kind !== 'error' && stop !== null)
      s.status = outcomeOf(stop) ?? { kind: 'paused', cause: 'step' };
    return s.status;
  }

  setBreakpoints(addresses: bigint[]): void {
    const s = this.s;
    s.breakpoints = [...new Set(addresses.map((a) => BigInt.asUintN(64, a)))];
    this.breakLo = new Set(s.breakpoints.map((a) => Number(a & 0xffff_ffffn)));
    s.machine.setBreakpoints(s.breakpoints);
  }

  setSpeed(speed: RunSpeed): void {
    this.speed = speed.kind === 'slow' ? { kind: 'slow', perSecond: Math.max(1, speed.perSecond) } : speed;
  }

  // --- time travel (issue 6): see time-travel-session.ts ---
  async stepBack(count = 1): Promise<MachineStatus> {
    const s = this.s;
    await this.pause();
    if (s.program === null) return s.status;
    s.guarded(() => s.history.stepBack(count));
    if (s.status.kind !== 'error') s.status = { kind: 'paused', cause: 'step-back' };
    return s.status;
  }

  async runBack(): Promise<{ found: boolean; status: MachineStatus }> {
    const s = this.s;
    await this.pause();
    if (s.program === null) return { found: false, status: s.status };
    const found = s.guarded(() => s.history.runBack(s.breakpoints)) ?? false;
    if (found && s.status.kind !== 'error') s.status = { kind: 'paused', cause: 'run-back' };
    return { found, status: s.status };
  }
}
