import { describe, expect, it } from 'vitest';
import { assemblePayload, runWithMonitor } from './boot';

// SBI spec v2.0 error codes.
const ERR_NOT_SUPPORTED = -2;
const ERR_INVALID_PARAM = -3;

/**
 * The implementation's own answers (spec version 2.0 = major 2 in bits 30:24; the implementation id chosen
 * in firmware/monitor/platform.S; mvendorid/marchid/mimpid as hartscope's hart has them, 0 = not
 * implemented), DBCN, and the spec's error codes for bad arguments.
 */
const EXPECTED = [
  'BEGIN sbi-hartscope',
  `get_spec_version error=0 value=0x${(2 << 24).toString(16)}`,
  'get_impl_id error=0 value=0x6873',
  'get_impl_version error=0 value=0x1',
  'probe DBCN error=0 value=0x1',
  'get_mvendorid error=0 value=0x0',
  'get_marchid error=0 value=0x0',
  'get_mimpid error=0 value=0x0',
  'written by DBCN in one call',
  // debug_console_write returns the number of bytes written: the line above, 28 bytes.
  `debug_console_write error=0 value=0x${'written by DBCN in one call\n'.length.toString(16)}`,
  '! debug_console_write_byte error=0 value=0x0',
  'debug_console_read error=0 value=0x2',
  'hi',
  'console_getchar -1',
  `debug_console_write(monitor memory) error=${ERR_INVALID_PARAM} value=0x0`,
  `debug_console_write(0x40000000) error=${ERR_INVALID_PARAM} value=0x0`,
  `debug_console_write(base_addr_hi 1) error=${ERR_INVALID_PARAM} value=0x0`,
  `DBCN FID 3 error=${ERR_NOT_SUPPORTED} value=0x0`,
  `TIME FID 1 error=${ERR_NOT_SUPPORTED} value=0x0`,
  `hart_get_status(1) error=${ERR_INVALID_PARAM} value=0x0`,
  `send_ipi(hart 1) error=${ERR_INVALID_PARAM} value=0x0`,
  `system_reset(type 3) error=${ERR_INVALID_PARAM} value=0x0`,
  `system_reset(shutdown, reason 2) error=${ERR_INVALID_PARAM} value=0x0`,
  'END',
  '',
].join('\n');

describe("the monitor's own answers, DBCN and the errors for bad arguments", () => {
  it('answers BASE, DBCN and the error cases as the spec says, and shuts down with the failure reason', () => {
    const r = runWithMonitor(assemblePayload('sbi-hartscope.S'), { input: 'hi' });
    expect(r.output).toBe(EXPECTED);
    // system_reset(shutdown, SBI_SRST_RESET_REASON_SYSFAIL) ends the run with exit code 1.
    expect(r.stop).toEqual({ kind: 'exit', code: 1, via: 'finisher' });
  });
});

/** A tiny payload: its body, then an infinite loop (the run must end by the call). */
const tiny = (body: string): string => `  .globl _start\n_start:\n${body}\n1:\n  j 1b\n`;

describe('the legacy extensions and system reset end or restart the run', () => {
  it('legacy console_putchar prints and legacy shutdown exits with code 0', () => {
    const r = runWithMonitor(
      assemblePayload('t.S', tiny('  li a0, 0x41\n  li a7, 1\n  ecall\n  li a7, 8\n  ecall')),
    );
    expect(r.output).toBe('A');
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });

  it('system_reset(cold reboot) restarts the machine: the payload runs again from the monitor', () => {
    const body =
      '  li a0, 0x42\n  li a7, 1\n  ecall\n  li a0, 1\n  li a1, 0\n  li a6, 0\n  li a7, 0x53525354\n  ecall';
    const r = runWithMonitor(assemblePayload('t.S', tiny(body)), { budget: 2000 });
    expect(r.stop).toEqual({ kind: 'budget' });
    expect(r.output.length).toBeGreaterThan(2);
    expect(r.output).toBe('B'.repeat(r.output.length));
  });
});
