import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../emulator/machine';
import { decodeSnapshot, encodeSnapshot } from '../../../emulator/snapshot/compress';
import { machineFromSnapshot, restoreSnapshot, saveSnapshot } from '../../../emulator/snapshot/snapshot';
import { Machine as MachineClass } from '../../../emulator/machine';
import { assemblePayload } from '../../firmware/boot';
import {
  elf,
  type Guest,
  newMachine,
  type Outcome,
  probeImage,
  runToEnd,
  stateOf,
  withMonitor,
} from './harness';

/**
 * Save at many points, restore into a FRESH machine, run to the end: the console output and the final state
 * must be those of the run that was never interrupted. Each guest is stepped one instruction at a time until
 * its end, so that a snapshot is taken at the exact step a condition first holds (the first interrupt taken,
 * the first wfi, a held LR reservation...).
 */
interface Point {
  label: string;
  snapshot: Uint8Array;
  /** Console output up to the snapshot (the restored machine prints the rest). */
  before: string;
}

type Condition = (m: Machine, lastTrapWasInterrupt: boolean) => boolean;

const AT_STEPS = [0, 1, 1000, 100_000];
const CONDITIONS: Record<string, Condition> = {
  'just after an interrupt was taken': (_m, irq) => irq,
  'asleep in wfi': (m) => m.hart.waitingForInterrupt,
  'holding an LR reservation': (m) => m.hart.reservationValid,
  'with console input pending': (m) => m.uart.hasPendingInput() && m.hart.steps > 0,
  'in S-mode': (m) => m.hart.priv === 1,
  'in U-mode': (m) => m.hart.priv === 0,
};

function collectPoints(guest: Guest): Point[] {
  const { m, output } = newMachine(guest);
  const points: Point[] = [];
  const take = (label: string): void => {
    points.push({ label: `${label} (step ${m.hart.steps})`, snapshot: saveSnapshot(m), before: output() });
  };
  const seen = new Set<string>();
  let irq = false;
  m.onTrap = (t) => {
    irq ||= t.interrupt;
  };
  take('at step 0');
  for (;;) {
    irq = false;
    const stop = m.step();
    if (stop !== null) break;
    if (AT_STEPS.includes(m.hart.steps)) take(`at step ${m.hart.steps}`);
    for (const [label, holds] of Object.entries(CONDITIONS)) {
      if (!seen.has(label) && holds(m, irq)) {
        seen.add(label);
        take(label);
      }
    }
  }
  return points;
}

function reference(guest: Guest): Outcome {
  const { m, output } = newMachine(guest);
  return runToEnd(m, output);
}

async function restoredRun(point: Point): Promise<Outcome> {
  const file = await encodeSnapshot(point.snapshot);
  const m = machineFromSnapshot(await decodeSnapshot(file));
  let output = point.before;
  m.onConsoleOutput = (b) => {
    output += String.fromCharCode(b);
  };
  return runToEnd(m, () => output);
}

/** Most guests run in 16 MiB (each restore allocates a machine; hello.elf keeps the default 128 MiB). */
const SMALL = { ramSize: 16 * 1024 * 1024 };

const GUESTS: (Guest & { expect: string[] })[] = [
  {
    name: 'hello.elf (M-mode, then U-mode with ecalls)',
    image: elf('firmware/examples/hello.elf'),
    expect: ['in U-mode'],
  },
  {
    name: 'probe.S (console input, LR/SC, timer interrupts in wfi)',
    image: probeImage,
    config: SMALL,
    input: 'abc\n',
    expectedOutput: 'bcdTTT 000000000000012c\n',
    expect: [
      'with console input pending',
      'holding an LR reservation',
      'asleep in wfi',
      'just after an interrupt was taken',
    ],
  },
  {
    name: 'the monitor with sbi-common.S (S-mode payload, SBI timer interrupt)',
    image: withMonitor('sbi-common.S'),
    config: SMALL,
    expectedOutput: /^BEGIN sbi-common\n[^]*timer interrupt taken[^]*\nEND\n$/,
    expect: ['in S-mode', 'asleep in wfi', 'just after an interrupt was taken'],
  },
  {
    name: 'the monitor with sbi-hartscope.S',
    image: withMonitor('sbi-hartscope.S'),
    config: SMALL,
    expect: ['in S-mode'],
  },
  {
    name: 'sbi-common.S under the host SBI',
    image: () => assemblePayload('sbi-common.S'),
    config: { ...SMALL, sbi: 'host' },
    expectedOutput: /^BEGIN sbi-common\n[^]*\nEND\n$/,
    expect: ['in S-mode', 'asleep in wfi'],
  },
];

describe('a snapshot restored into a fresh machine runs on exactly as the machine it was taken from', () => {
  for (const guest of GUESTS) {
    it(guest.name, async () => {
      const ref = reference(guest);
      expect(ref.stop.kind).toBe('exit');
      if (typeof guest.expectedOutput === 'string') expect(ref.output).toBe(guest.expectedOutput);
      else if (guest.expectedOutput) expect(ref.output).toMatch(guest.expectedOutput);

      const points = collectPoints(guest);
      const labels = points.map((p) => p.label.replace(/ \(step \d+\)$/, ''));
      for (const l of ['at step 0', 'at step 1', ...guest.expect]) expect(labels).toContain(l);
      if (ref.state.steps > 1000) expect(labels).toContain('at step 1000');
      if (ref.state.steps > 100_000) expect(labels).toContain('at step 100000');

      for (const point of points) {
        const after = await restoredRun(point);
        expect({ point: point.label, ...after }).toEqual({ point: point.label, ...ref });
      }
    });
  }
});

describe('restoring replaces every piece of state of a machine that was running something else', () => {
  it('a machine midway through the monitor, restored from a probe snapshot, finishes as the probe', async () => {
    const probe: Guest = { name: 'probe', image: probeImage, input: 'abc\n' };
    const { m: source, output: sourceOutput } = newMachine(probe);
    source.run(300); // in the LR/SC loop, input consumed, before the timer
    const snapshot = saveSnapshot(source);
    const ref = runToEnd(source, sourceOutput);

    const { m: target } = newMachine({ name: 'monitor', image: withMonitor('sbi-common.S') });
    target.run(50_000);
    restoreSnapshot(target, snapshot);
    let output = '';
    target.onConsoleOutput = (b) => {
      output += String.fromCharCode(b);
    };
    const after = runToEnd(target, () => output);
    expect(after.stop).toEqual(ref.stop);
    expect(after.state).toEqual(ref.state);
    expect(ref.output.endsWith(output)).toBe(true);
  });

  it('a snapshot of an exited machine restores as exited, and reset reloads the snapshot program', () => {
    const { m } = newMachine({ name: 'hello', image: elf('firmware/examples/hello.elf') });
    const stop = m.run(1_000_000);
    expect(stop.kind).toBe('exit');
    const target = new MachineClass();
    restoreSnapshot(target, saveSnapshot(m));
    expect(target.run(1000)).toEqual(stop);
    expect(stateOf(target)).toEqual(stateOf(m));
    target.reset();
    let output = '';
    target.onConsoleOutput = (b) => {
      output += String.fromCharCode(b);
    };
    expect(target.run(1_000_000)).toEqual(stop);
    expect(output).toContain('Hello');
  });
});
