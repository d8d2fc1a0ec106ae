import { describe, expect, it } from 'vitest';
import { hasTool, toolMissingMessage } from '../helpers/tools';
import { assemblePayload, runOnQemuOpenSbi, runWithMonitor } from './boot';

const QEMU = 'qemu-system-riscv64';
const GNU = ['riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld'];

/** What the SBI spec v2.0 requires of any implementation for the calls sbi-common.S makes. */
const EXPECTED = [
  'BEGIN sbi-common',
  'hart id 0x0',
  'probe BASE error=0 value=0x1',
  'probe TIME error=0 value=0x1',
  'probe IPI error=0 value=0x1',
  'probe RFENCE error=0 value=0x1',
  'probe HSM error=0 value=0x1',
  'probe SRST error=0 value=0x1',
  'probe legacy console_putchar error=0 value=0x1',
  'probe 0x08000000 error=0 value=0x0',
  'call EID 0x08000000 error=-2 value=0x0',
  'call BASE FID 0x100 error=-2 value=0x0',
  'hart_get_status(0) error=0 value=0x0',
  'remote_fence_i(self) error=0 value=0x0',
  'send_ipi(self) error=0 value=0x0',
  'sip.SSIP after send_ipi 0x2',
  'set_timer(now + 100) error=0 value=0x0',
  'timer interrupt taken; sip.STIP after set_timer(-1) 0x0',
  'END',
  '',
].join('\n');

describe('the monitor serves the SBI calls whose results the spec fixes', () => {
  it('boots the payload in S-mode and answers each call as the spec says, then shuts down', () => {
    const r = runWithMonitor(assemblePayload('sbi-common.S'));
    expect(r.output).toBe(EXPECTED);
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });
});

const missing = [QEMU, ...GNU].filter((t) => !hasTool(t));
for (const t of missing) console.warn(toolMissingMessage(t));

describe.skipIf(missing.length > 0)('the same payload under OpenSBI on QEMU', () => {
  it('prints the same transcript after the OpenSBI banner and exits 0', () => {
    const q = runOnQemuOpenSbi('sbi-common.S');
    const start = q.output.indexOf('BEGIN sbi-common');
    expect(start).toBeGreaterThan(0); // OpenSBI's banner comes first
    expect(q.output.slice(start)).toBe(runWithMonitor(assemblePayload('sbi-common.S')).output);
    expect(q.status).toBe(0);
  }, 30_000);
});
