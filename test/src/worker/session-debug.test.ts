/**
 * The session's debugger commands on hand-checked programs (programs.ts): breakpoints, step over, step out,
 * run to an address, the speed setting, pause of a guest that never stops.
 */
import { describe, expect, it } from 'vitest';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { A, CALLS, SPIN } from './programs';

async function session(text: string, options = {}): Promise<EmulatorSession> {
  const s = new EmulatorSession({ ramSize: 1 << 20 }, options);
  const r = await s.assembleAndLoad({ text, file: 'prog.S' });
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  return s;
}

const a0 = async (s: EmulatorSession): Promise<bigint> => (await s.getState()).x[10];
const pc = async (s: EmulatorSession): Promise<bigint> => (await s.getState()).pc;

describe('breakpoints', () => {
  it('stop a run before the instruction, and running again continues past it to the exit', async () => {
    const s = await session(CALLS);
    await s.setBreakpoints([A.afterG]);
    expect(await s.run()).toEqual({ kind: 'paused', cause: 'breakpoint' });
    expect(await pc(s)).toBe(A.afterG);
    expect(await a0(s)).toBe(1010n); // f's +10 and g's +1000, not yet f's +100
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(await a0(s)).toBe(1111n);
  });

  it('are exact whatever the slice length (a breakpoint at the first instruction of a slice still stops)', async () => {
    for (const slice of [1, 2, 3, 5, 7]) {
      const s = await session(CALLS);
      await s.setBreakpoints([A.g]);
      expect(await s.run(slice)).toEqual({ kind: 'paused', cause: 'breakpoint' });
      expect(await pc(s)).toBe(A.g);
    }
  });

  it('are listed in the state view and cleared by an empty list', async () => {
    const s = await session(CALLS);
    await s.setBreakpoints([A.g, A.f, A.g]);
    expect((await s.getState()).breakpoints.sort()).toEqual([A.f, A.g]);
    await s.setBreakpoints([]);
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });

  it('survive a reset', async () => {
    const s = await session(CALLS);
    await s.setBreakpoints([A.f]);
    await s.reset();
    expect(await s.run()).toEqual({ kind: 'paused', cause: 'breakpoint' });
    expect(await pc(s)).toBe(A.f);
  });
});

describe('stepping by calls', () => {
  it('step over a call runs the whole call and stops after it', async () => {
    const s = await session(CALLS);
    await s.step(2); // li a0, 0; the call's auipc
    expect(await pc(s)).toBe(A.callJalr);
    expect(await s.stepOver()).toEqual({ kind: 'paused', cause: 'step-over' });
    expect(await pc(s)).toBe(A.afterCall);
    expect(await a0(s)).toBe(1110n);
  });

  it('step over an instruction that is not a call is one step', async () => {
    const s = await session(CALLS);
    await s.stepOver();
    expect(await pc(s)).toBe(A.call);
    expect((await s.getState()).instructionsRetired).toBe(1n);
  });

  it('step over stops at a breakpoint inside the call', async () => {
    const s = await session(CALLS);
    await s.step(2);
    await s.setBreakpoints([A.g]);
    expect(await s.stepOver()).toEqual({ kind: 'paused', cause: 'breakpoint' });
    expect(await pc(s)).toBe(A.g);
  });

  it('step out returns to the caller, past nested calls', async () => {
    const s = await session(CALLS);
    await s.runTo(A.f);
    expect(await s.stepOut()).toEqual({ kind: 'paused', cause: 'step-out' });
    expect(await pc(s)).toBe(A.afterCall);
    expect(await a0(s)).toBe(1110n);
  });

  it('step out of the innermost function stops in its caller', async () => {
    const s = await session(CALLS);
    await s.runTo(A.g);
    await s.stepOut();
    expect(await pc(s)).toBe(A.afterG);
    expect(await a0(s)).toBe(1010n);
  });

  it('run to an address stops there', async () => {
    const s = await session(CALLS);
    expect(await s.runTo(A.callG)).toEqual({ kind: 'paused', cause: 'run-to' });
    expect(await pc(s)).toBe(A.callG);
    expect(await a0(s)).toBe(10n);
  });
});

describe('running', () => {
  it('pauses a guest that loops forever, and the paused state is consistent', async () => {
    const s = await session(SPIN);
    const running = s.run();
    await new Promise((r) => setTimeout(r, 30));
    expect((await s.getState()).status).toEqual({ kind: 'running' });
    const t0 = performance.now();
    await s.pause();
    expect(performance.now() - t0).toBeLessThan(200); // a slice is ~8 ms; the issue asks for 200
    expect(await running).toEqual({ kind: 'paused', cause: 'user' });
    const v = await s.getState();
    expect(v.pc).toBe(A.start);
    expect(v.instructionsRetired).toBeGreaterThan(1000n);
  });

  it('slices by time, not only by count: a huge slice limit still yields', async () => {
    let clock = 0;
    // Each look at the clock advances it 1 ms, so a slice ends after about SLICE_MS looks.
    const s = await session(SPIN, { now: () => clock++ });
    const running = s.run(1e12);
    await s.pause();
    expect(await running).toEqual({ kind: 'paused', cause: 'user' });
    expect(clock).toBeGreaterThan(0);
    expect(clock).toBeLessThan(20);
  });

  it('the slow speed runs perSecond / 60 instructions between frames', async () => {
    const sleeps: number[] = [];
    let s: EmulatorSession | null = null;
    const sleep = async (ms: number): Promise<void> => {
      sleeps.push(ms);
      if (sleeps.length === 3) void s!.pause();
    };
    s = await session(SPIN, { sleep });
    await s.setSpeed({ kind: 'slow', perSecond: 600 });
    expect(await s.run()).toEqual({ kind: 'paused', cause: 'user' });
    expect(sleeps).toEqual([1000 / 60, 1000 / 60, 1000 / 60]);
    expect((await s.getState()).instructionsRetired).toBe(30n);
  });

  it('the single-step speed makes run execute one instruction', async () => {
    const s = await session(CALLS);
    await s.setSpeed({ kind: 'step' });
    expect(await s.run()).toEqual({ kind: 'paused', cause: 'step' });
    expect(await pc(s)).toBe(A.call);
  });

  it('answers ping while running', async () => {
    const s = await session(SPIN);
    const running = s.run();
    expect(await s.ping()).toBe('pong');
    await s.pause();
    await running;
  });
});
