import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../emulator/machine';
import { applyHart, captureHart, checkHart } from '../../../emulator/snapshot/machine-state';
import { machineFromSnapshot, saveSnapshot } from '../../../emulator/snapshot/snapshot';
import { HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE } from './harness';
import { MODE_GUEST, MODE_GUEST_RETIRED } from './mode-guest';

/**
 * Instructions retired per privilege mode (Hart.retiredByMode, Machine.retiredByMode): exact in both engines,
 * whether the machine runs in single steps or in fast runs and translated blocks. The expected counts are
 * read off the guest's source (mode-guest.ts), not taken from a run.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const ENGINES = [
  { name: 'interpreter', config: { engine: 'interpreter' as const } },
  {
    name: 'translator (blocks from the first entry)',
    config: { engine: 'translator' as const, translateAfter: 1 },
  },
  { name: 'translator (default warm-up)', config: { engine: 'translator' as const } },
];

const TOTAL = MODE_GUEST_RETIRED.user + MODE_GUEST_RETIRED.supervisor + MODE_GUEST_RETIRED.machine;

function runToExit(m: Machine, singleSteps: boolean): void {
  if (singleSteps) {
    for (let i = 0; i < 10_000; i++) {
      const stop = m.step();
      if (stop !== null) {
        expect(stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
        return;
      }
    }
    throw new Error('the guest did not exit');
  }
  expect(m.run(1_000_000)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
}

describe.skipIf(!HAVE_GNU_AS)('instructions retired per privilege mode', () => {
  for (const { name, config } of ENGINES) {
    for (const singleSteps of [false, true]) {
      it(`${name}, ${singleSteps ? 'single steps' : 'one run'}: U, S and M counted exactly`, () => {
        const { m } = machineFor(MODE_GUEST, config);
        expect(m.retiredByMode).toEqual({ user: 0, supervisor: 0, machine: 0 });
        runToExit(m, singleSteps);
        expect(m.retiredByMode).toEqual(MODE_GUEST_RETIRED);
        // Nothing inhibits minstret here, so instret agrees; two steps were traps, which retire nothing.
        expect(m.hart.instret).toBe(TOTAL);
        expect(m.hart.steps).toBe(TOTAL + 2);
      });
    }
  }

  it('counts what the hart did even when mcountinhibit.IR stops minstret', () => {
    // csrwi mcountinhibit, 4 (IR) first: instret stays 0 from then on; the per-mode counts do not stop.
    const { m } = machineFor(`csrwi mcountinhibit, 4\n${MODE_GUEST}`, {
      engine: 'translator',
      translateAfter: 1,
    });
    runToExit(m, false);
    expect(m.retiredByMode).toEqual({ ...MODE_GUEST_RETIRED, machine: MODE_GUEST_RETIRED.machine + 1 });
    expect(m.hart.instret).toBe(0);
  });

  it('reset clears the counts', () => {
    const { m } = machineFor(MODE_GUEST, { engine: 'interpreter' });
    runToExit(m, false);
    m.reset();
    expect(m.retiredByMode).toEqual({ user: 0, supervisor: 0, machine: 0 });
  });
});

describe.skipIf(!HAVE_GNU_AS)('per-mode counts in snapshots', () => {
  it('a snapshot taken mid-run carries them: the restored machine ends with the exact counts', () => {
    const { m } = machineFor(MODE_GUEST, { engine: 'interpreter' });
    expect(m.run(150)).toEqual({ kind: 'budget' }); // past the mret, inside S-mode's loop
    const restored = machineFromSnapshot(saveSnapshot(m));
    expect(restored.retiredByMode).toEqual(m.retiredByMode);
    runToExit(restored, false);
    expect(restored.retiredByMode).toEqual(MODE_GUEST_RETIRED);
  });

  it('a hart state from before the field existed still loads, its counts starting at zero', () => {
    const { m } = machineFor(MODE_GUEST, { engine: 'interpreter' });
    m.run(150);
    const old = JSON.parse(JSON.stringify(captureHart(m.hart))) as Record<string, unknown>;
    delete old.retiredByMode;
    const state = checkHart(old);
    applyHart(m.hart, state);
    expect(m.retiredByMode).toEqual({ user: 0, supervisor: 0, machine: 0 });
  });

  it('a damaged count is refused', () => {
    const { m } = machineFor(MODE_GUEST, { engine: 'interpreter' });
    const bad = { ...captureHart(m.hart), retiredByMode: [1, -2, 3] };
    expect(() => checkHart(bad)).toThrow(/instructions retired per mode/);
  });
});
