/**
 * The monitor and host SBI are two implementations of one SBI: every test payload (firmware/payloads) and
 * every example guest (firmware/examples) must print the same and end the same under both, with the hart
 * performing misaligned accesses and providing `time` (the default) and with both left to the SBI
 * implementation to emulate (trap and emulate, in firmware or in the host).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgramImage } from '../../../emulator/image';
import type { MachineConfig, StopReason } from '../../../emulator/machine';
import { HOST_IMPL_ID, MONITOR_IMPL_ID } from '../../../emulator/sbi/spec';
import { assembleExample, assemblePayload, EXAMPLES_DIR, PAYLOAD_DIR } from '../../firmware/boot';
import { runPayload } from './helpers';

const CONFIGS: [string, MachineConfig][] = [
  ['the hart performs misaligned accesses and has time', {}],
  ['misaligned accesses and time emulated', { misalignedAccess: 'trap', timeCsr: 'absent' }],
];
/** Console input for the guests that read it (echo.S ends at "exit"; the others ignore it). */
const INPUT = 'hart\nexit\n';
const BUDGET = 3_000_000;

/** Payload files that are not programs of their own: trap-report.S needs its includer's `body` macro. */
const NOT_PROGRAMS = new Set(['trap-report.S']);

const payloads = readdirSync(PAYLOAD_DIR)
  .filter((f) => f.endsWith('.S') && !NOT_PROGRAMS.has(f))
  .filter((f) => /^_start:/m.test(readFileSync(join(PAYLOAD_DIR, f), 'utf8')))
  .sort();
/** The S-mode examples say so in their header ("Linker script: payload.ld"); hello.S is an M-mode one. */
const examples = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.S') && readFileSync(join(EXAMPLES_DIR, f), 'utf8').includes('payload.ld'))
  .sort();

/**
 * What may differ: the implementation ID a guest prints (the one deliberate difference), the device that
 * ended the run (the finisher, written by the monitor, or the host), and time itself (the monitor's
 * instructions take mtime ticks that the host's exits do not), which rdtime.S prints.
 */
function normalise(output: string): string {
  return output
    .replaceAll(`0x${HOST_IMPL_ID.toString(16)}`, `0x${MONITOR_IMPL_ID.toString(16)}`)
    .replace(/^([SU]) mtime 0x\w+ time 0x\w+ mtime 0x\w+$/gm, '$1 mtime <t> time <t> mtime <t>');
}
const ending = (s: StopReason): unknown => (s.kind === 'exit' ? { kind: 'exit', code: s.code } : s);

function compare(image: () => ProgramImage, config: MachineConfig): void {
  const monitor = runPayload('monitor', image(), { input: INPUT, budget: BUDGET, config });
  const host = runPayload('host', image(), { input: INPUT, budget: BUDGET, config });
  expect(host.output.length).toBeGreaterThan(0);
  expect(normalise(host.output)).toBe(normalise(monitor.output));
  expect(ending(host.stop)).toEqual(ending(monitor.stop));
  if (host.stop.kind === 'exit') expect(host.stop.via).toBe('sbi');
  expect(host.notices).toEqual([]);
  // No firmware ran: the hart never entered M-mode.
  expect(host.traps.filter((t) => t.toPriv === 3)).toEqual([]);
}

describe('the monitor and host SBI give a guest the same results', () => {
  it('finds the payloads and examples to compare', () => {
    expect(payloads).toContain('sbi-common.S');
    expect(payloads).toContain('sbi-hartscope.S');
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const [what, config] of CONFIGS) {
    describe(what, () => {
      for (const p of payloads) it(`payload ${p}`, () => compare(() => assemblePayload(p), config));
      for (const e of examples) it(`example ${e}`, () => compare(() => assembleExample(e), config));
    });
  }
});
