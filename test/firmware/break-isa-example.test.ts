/**
 * deprivileged.S with "break the ISA" on (MachineConfig.breakIsa = 'sret-in-u-is-nop', HART issue 6): the
 * guest kernel's sret in U-mode no longer traps, so the monitor never emulates it and the guest's user
 * program is told it runs in virtual S-mode. The transcript is the example's own text (its messages) with
 * the emulation line missing and the other answer to the mode question, as its source says it must be.
 */
import { describe, expect, it } from 'vitest';
import { assembleExample, runWithMonitor } from './boot';
import { EXAMPLES } from './example-transcripts';

const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');
const BROKEN = lines(
  'monitor: running the guest kernel deprivileged, in U-mode',
  'guest kernel: hello; now sret to my user program',
  'guest user program: the monitor says I run in virtual S-mode (wrong: the monitor never saw the sret)',
  'monitor: guest finished',
);

describe('deprivileged.S: trap and emulate fails when sret stops trapping', () => {
  for (const firmware of ['monitor', 'host'] as const) {
    it(`under ${firmware === 'host' ? 'host SBI' : 'the monitor'}, the guest silently misbehaves`, () => {
      const image = assembleExample('deprivileged.S');
      const config = { breakIsa: 'sret-in-u-is-nop' as const };
      const fw = firmware === 'host' ? ('host' as const) : undefined;
      const r = runWithMonitor(image, { firmware: fw, config, budget: 1_000_000 });
      expect(r.output).toBe(BROKEN);
      expect(r.stop).toMatchObject({ kind: 'exit', code: 0 });
      // The same program without the switch prints the transcript with the emulation.
      const plain = runWithMonitor(image, { firmware: fw, budget: 1_000_000 });
      expect(plain.output).toBe(EXAMPLES.deprivileged.expected(image));
    });
  }
});
