import { describe, expect, it } from 'vitest';
import { TimeTravel } from '../../../emulator/lifecycle/time-travel';
import type { Machine, StopReason } from '../../../emulator/machine';
import { assembleExample } from '../../firmware/boot';
import { EXAMPLES, sym } from '../../firmware/example-transcripts';
import { elf } from '../snapshot/harness';
import { guests, type Guest, newMachine, referenceAt, wholeState } from './guests';

/**
 * Stepping backwards is exact to the instruction: after going back N steps the machine is in the state a
 * fresh machine reaches by running forward to that step (registers, pc, privilege, CSRs, counters, RAM's
 * hash, every device), and running forward N again gives back the state and console it had, with no output
 * repeated. For every example guest, at several N: across a checkpoint, across the last interrupt, across
 * the console input, and all the way back.
 */
const EVERY = 20_000;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

interface Recorded {
  m: Machine;
  tt: TimeTravel;
  output: () => string;
  interrupts: number[];
  inputAt: number | null;
  stop: StopReason;
}

function record(g: Guest, options: ConstructorParameters<typeof TimeTravel>[1]): Recorded {
  const m = newMachine(g);
  const tt = new TimeTravel(m, options);
  let output = '';
  tt.onConsoleOutput = (b) => {
    output += String.fromCharCode(b);
  };
  const interrupts: number[] = [];
  tt.onTrap = (t) => {
    if (t.interrupt) interrupts.push(m.hart.steps);
  };
  let inputAt: number | null = null;
  if (g.input !== undefined) {
    while (output === '' && tt.run(1000).kind === 'budget');
    inputAt = m.hart.steps;
    tt.input(enc(g.input));
  }
  const stop = tt.run(20_000_000);
  return { m, tt, output: () => output, interrupts, inputAt, stop };
}

describe('step back N, then forward N: the identical machine, for every example', () => {
  for (const g of guests()) {
    it(g.name, () => {
      const r = record(g, { checkpointEvery: EVERY });
      const { m, tt } = r;
      expect(r.stop.kind).toBe('exit');
      const end = m.hart.steps;
      const final = wholeState(m);
      const output = r.output();
      expect(output.length).toBeGreaterThan(0);

      const back = new Set([1, 2, 977, EVERY, EVERY + 1, end - tt.earliest]);
      // To just before the last interrupt was taken (the step that took it made steps = i).
      const lastInterrupt = r.interrupts[r.interrupts.length - 1];
      if (lastInterrupt !== undefined) back.add(end - (lastInterrupt - 1));
      // To just before the input arrived, and to the step it arrived at (the state there includes it).
      if (r.inputAt !== null) back.add(end - (r.inputAt - 1)).add(end - r.inputAt);

      for (const n of [...back].filter((x) => x >= 1 && x <= end - tt.earliest)) {
        const landed = tt.stepBack(n);
        expect(landed).toBeLessThanOrEqual(end - n);
        const ref = referenceAt(g, landed, r.inputAt);
        expect(wholeState(m), `state ${n} steps back`).toEqual(wholeState(ref));
        if (landed < end - n) {
          // Only a hart asleep in wfi, whose next step skips time past the target, may land early.
          expect(m.hart.waitingForInterrupt).toBe(true);
          ref.step();
          expect(ref.hart.steps).toBeGreaterThan(end - n);
        }
        expect(tt.run(end - landed + 10)).toEqual(r.stop);
        expect(m.hart.steps).toBe(end);
        expect(wholeState(m), `state after ${n} back and forward`).toEqual(final);
        expect(r.output(), 'console output is neither lost nor repeated').toBe(output);
      }
    });
  }
});

describe('run back to a breakpoint', () => {
  it('lands where the hart was last about to execute it, then the time before, as a forward run saw them', () => {
    const g = guests().find((x) => x.name === 'fibonacci (monitor)') as Guest;
    const next = sym(assembleExample('fibonacci.S'), 'next');
    // The reference: a fresh machine run forward with the breakpoint, every stop's step.
    const ref = newMachine(g);
    ref.setBreakpoints([next]);
    const stops: number[] = [];
    while (ref.run(20_000_000).kind === 'breakpoint') stops.push(ref.hart.steps);
    expect(stops.length).toBeGreaterThanOrEqual(20);

    const r = record(g, { checkpointEvery: 5_000 });
    r.m.setBreakpoints([0x1234]);
    for (const expected of [stops[stops.length - 1], stops[stops.length - 2]]) {
      expect(r.tt.runBack([next])).toBe(true);
      expect(r.m.hart.steps).toBe(expected);
      expect(wholeState(r.m)).toEqual(wholeState(referenceAt(g, expected, null)));
    }
    // Back to the first time, and then there is no earlier one: the machine stays.
    while (r.m.hart.steps > stops[0]) expect(r.tt.runBack([next])).toBe(true);
    expect(r.m.hart.steps).toBe(stops[0]);
    expect(r.tt.runBack([next])).toBe(false);
    expect(r.m.hart.steps).toBe(stops[0]);
    // The user's own breakpoints are as they were.
    r.m.setBreakpoints([]);
    expect(r.tt.run(20_000_000)).toEqual(r.stop);
    expect(r.output()).toBe(EXAMPLES.fibonacci.expected(assembleExample('fibonacci.S')));
  });
});

describe('bounded memory', () => {
  it('thins old checkpoints to stay within maxBytes, and going back is still exact', () => {
    // A workload that copies blocks around, so that checkpoints hold many pages.
    const g: Guest = {
      name: 'memcpy',
      image: elf('bench/workloads/memcpy.elf'),
      config: { ramSize: 16 << 20 },
    };
    const maxBytes = 200 * 1024;
    const m = newMachine(g);
    const tt = new TimeTravel(m, { checkpointEvery: 10_000, maxBytes });
    for (let i = 0; i < 8; i++) {
      expect(tt.run(50_000)).toEqual({ kind: 'budget' });
      expect(tt.memory.bytes).toBeLessThanOrEqual(maxBytes);
    }
    const end = m.hart.steps;
    const final = wholeState(m);
    expect(tt.memory.checkpoints).toBeLessThan(end / 10_000 / 2);
    console.log(`memcpy, 400,000 steps: ${tt.memory.checkpoints} checkpoints in ${tt.memory.bytes} bytes`);
    expect(tt.earliest).toBe(0);
    const landed = tt.stepBack(250_001);
    expect(landed).toBe(end - 250_001);
    expect(wholeState(m)).toEqual(wholeState(referenceAt(g, landed, null)));
    tt.run(250_001);
    expect(wholeState(m)).toEqual(final);
  });
});
