import { describe, expect, it } from 'vitest';
import { PAYLOAD_BASE } from '../../../emulator/board/memory-map';
import { Priv } from '../../../emulator/hart/privilege';
import { BootTimer, formatBootTimes } from '../../../emulator/snapshot/boot-timer';
import { elf, newMachine, withMonitor } from './harness';

const monitorGuest = { name: 'monitor', image: withMonitor('sbi-common.S'), config: { ramSize: 16 << 20 } };

describe('BootTimer', () => {
  it('finds the monitor handing over to its payload: the first S-mode instruction is the one at 0x80200000', () => {
    const { m } = newMachine(monitorGuest);
    let clock = 0;
    const timer = new BootTimer(m, { now: () => (clock += 0.5) });
    expect(timer.run(5_000_000).kind).toBe('exit');
    const t = timer.times();
    const s = t.firstSupervisorInstruction;
    expect(s).not.toBeNull();
    expect(s!.exact).toBe(true);

    // Replay to the step before: the hart is in S-mode at the payload's first instruction.
    const { m: replay } = newMachine(monitorGuest);
    replay.run(s!.steps - 1);
    expect(replay.hart.priv).toBe(Priv.S);
    expect(replay.hart.getPc()).toBe(BigInt(PAYLOAD_BASE));
    expect(replay.hart.instret).toBe(s!.instret - 1);
    expect(s!.ms).toBeGreaterThan(0);
  });

  it('notes the step of the first console byte, and still passes every byte on', () => {
    const { m, output } = newMachine(monitorGuest);
    const timer = new BootTimer(m);
    timer.run(5_000_000);
    const first = timer.times().firstConsoleByte!;
    expect(output()).toMatch(/^BEGIN sbi-common/);

    const { m: replay, output: replayOutput } = newMachine(monitorGuest);
    replay.run(first.steps - 1);
    expect(replayOutput()).toBe('');
    replay.run(1);
    expect(replayOutput()).toBe('B');
    expect(first.steps).toBeGreaterThan(timer.times().firstSupervisorInstruction!.steps);
  });

  it('a guest that never enters S-mode: not reached, and past exactSteps the run goes on in slices', () => {
    const { m } = newMachine({ name: 'hello', image: elf('firmware/examples/hello.elf') });
    const timer = new BootTimer(m, { exactSteps: 100, slice: 50 });
    expect(timer.run(1_000_000)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(timer.times().firstSupervisorInstruction).toBeNull();
    expect(timer.times().firstConsoleByte).not.toBeNull();
    expect(formatBootTimes(timer.times())).toMatch(/first S-mode instruction: not reached/);
  });
});
