import { describe, expect, it } from 'vitest';
import { RAM_BASE } from '../../../emulator/board/memory-map';
import { HOST_IMPL_ID, MONITOR_IMPL_ID } from '../../../emulator/sbi/spec';
import { assemblePayload } from '../../firmware/boot';
import { runPayload } from './helpers';

/**
 * Every SBI function, called from an S-mode guest with the arguments below; the guest stores a0 and a1 as
 * it sees them after each call, and the test compares them with what the SBI specification v2.0 requires
 * (and, where the spec leaves it to the implementation, with what hartscope documents). The same guest
 * runs under the monitor too: apart from the implementation ID, every answer must be the same.
 */

const ERR_NOT_SUPPORTED = -2n;
const ERR_INVALID_PARAM = -3n;
const ALL_ONES = 0xffffffffffffffffn;
/** a1 before each call: the legacy calls return only a0 and must leave a1 alone. */
const SENTINEL = 0x5a5an;
const RESULTS = 0x8040_0000;
const BUFFER = 0x8038_0000;
const BUFFER_TEXT = 'DBCN!';

const EXT = {
  BASE: 0x10n,
  TIME: 0x54494d45n,
  IPI: 0x735049n,
  RFENCE: 0x52464e43n,
  HSM: 0x48534dn,
  SRST: 0x53525354n,
  DBCN: 0x4442434en,
};

interface Call {
  what: string;
  eid: bigint;
  fid?: bigint;
  args?: bigint[];
  /** Expected a0 and a1; a function of the implementation ID for get_impl_id. */
  error: bigint;
  value: bigint | ((implId: number) => bigint);
}

const ok = (value: bigint): { error: bigint; value: bigint } => ({ error: 0n, value });
const err = (error: bigint): { error: bigint; value: bigint } => ({ error, value: 0n });

const CALLS: Call[] = [
  // BASE (spec chapter 4)
  { what: 'get_spec_version', eid: EXT.BASE, fid: 0n, ...ok(2n << 24n) }, // v2.0: major 2 in bits 30:24
  { what: 'get_impl_id', eid: EXT.BASE, fid: 1n, error: 0n, value: (id) => BigInt(id) },
  { what: 'get_impl_version', eid: EXT.BASE, fid: 2n, ...ok(1n) },
  ...Object.entries(EXT).map(([name, eid]) => ({
    what: `probe ${name}`,
    eid: EXT.BASE,
    fid: 3n,
    args: [eid],
    ...ok(1n),
  })),
  ...[0n, 1n, 2n, 8n].map((eid) => ({
    what: `probe legacy ${eid}`,
    eid: EXT.BASE,
    fid: 3n,
    args: [eid],
    ...ok(1n),
  })),
  { what: 'probe legacy 3 (absent)', eid: EXT.BASE, fid: 3n, args: [3n], ...ok(0n) },
  { what: 'probe 0x08000000', eid: EXT.BASE, fid: 3n, args: [0x08000000n], ...ok(0n) },
  { what: 'probe with high bits', eid: EXT.BASE, fid: 3n, args: [(1n << 32n) | EXT.BASE], ...ok(0n) },
  // mvendorid, marchid, mimpid: hartscope's hart implements them as 0 ("not implemented", allowed).
  { what: 'get_mvendorid', eid: EXT.BASE, fid: 4n, ...ok(0n) },
  { what: 'get_marchid', eid: EXT.BASE, fid: 5n, ...ok(0n) },
  { what: 'get_mimpid', eid: EXT.BASE, fid: 6n, ...ok(0n) },
  { what: 'BASE FID 7', eid: EXT.BASE, fid: 7n, ...err(ERR_NOT_SUPPORTED) },
  // TIME (chapter 6): all ones = no event.
  { what: 'set_timer(never)', eid: EXT.TIME, fid: 0n, args: [ALL_ONES], ...ok(0n) },
  { what: 'TIME FID 1', eid: EXT.TIME, fid: 1n, ...err(ERR_NOT_SUPPORTED) },
  // IPI (chapter 7): hart_mask, hart_mask_base; hart 0 is the only hart.
  { what: 'send_ipi(hart 0)', eid: EXT.IPI, fid: 0n, args: [1n, 0n], ...ok(0n) },
  { what: 'send_ipi(every hart)', eid: EXT.IPI, fid: 0n, args: [0n, ALL_ONES], ...ok(0n) },
  { what: 'send_ipi(no hart)', eid: EXT.IPI, fid: 0n, args: [0n, 3n], ...ok(0n) },
  { what: 'send_ipi(hart 1)', eid: EXT.IPI, fid: 0n, args: [2n, 0n], ...err(ERR_INVALID_PARAM) },
  { what: 'send_ipi(hart 5)', eid: EXT.IPI, fid: 0n, args: [1n, 5n], ...err(ERR_INVALID_PARAM) },
  { what: 'IPI FID 1', eid: EXT.IPI, fid: 1n, ...err(ERR_NOT_SUPPORTED) },
  // RFENCE (chapter 8)
  { what: 'remote_fence_i', eid: EXT.RFENCE, fid: 0n, args: [1n, 0n], ...ok(0n) },
  { what: 'remote_sfence_vma', eid: EXT.RFENCE, fid: 1n, args: [1n, 0n, 0n, ALL_ONES], ...ok(0n) },
  {
    what: 'remote_sfence_vma_asid',
    eid: EXT.RFENCE,
    fid: 2n,
    args: [0n, ALL_ONES, 0n, ALL_ONES, 0n],
    ...ok(0n),
  },
  { what: 'remote_fence_i(hart 2)', eid: EXT.RFENCE, fid: 0n, args: [4n, 0n], ...err(ERR_INVALID_PARAM) },
  { what: 'RFENCE FID 3 (hypervisor)', eid: EXT.RFENCE, fid: 3n, args: [1n, 0n], ...err(ERR_NOT_SUPPORTED) },
  // HSM (chapter 9): hart 0 is started (state 0); it cannot be started or stopped here.
  { what: 'hart_get_status(0)', eid: EXT.HSM, fid: 2n, args: [0n], ...ok(0n) },
  { what: 'hart_get_status(1)', eid: EXT.HSM, fid: 2n, args: [1n], ...err(ERR_INVALID_PARAM) },
  { what: 'hart_start', eid: EXT.HSM, fid: 0n, args: [0n, 0n, 0n], ...err(ERR_NOT_SUPPORTED) },
  // SRST (chapter 10): reserved types and reasons are invalid and the call returns.
  { what: 'system_reset(type 3)', eid: EXT.SRST, fid: 0n, args: [3n, 0n], ...err(ERR_INVALID_PARAM) },
  { what: 'system_reset(reason 2)', eid: EXT.SRST, fid: 0n, args: [0n, 2n], ...err(ERR_INVALID_PARAM) },
  { what: 'SRST FID 1', eid: EXT.SRST, fid: 1n, ...err(ERR_NOT_SUPPORTED) },
  // DBCN (chapter 12): num_bytes, base_addr_lo, base_addr_hi; value = bytes written or read.
  {
    what: 'debug_console_write',
    eid: EXT.DBCN,
    fid: 0n,
    args: [BigInt(BUFFER_TEXT.length), BigInt(BUFFER), 0n],
    ...ok(BigInt(BUFFER_TEXT.length)),
  },
  { what: 'debug_console_write(0 bytes at 0)', eid: EXT.DBCN, fid: 0n, args: [0n, 0n, 0n], ...ok(0n) },
  { what: 'debug_console_write_byte', eid: EXT.DBCN, fid: 2n, args: [0x2an], ...ok(0n) },
  // Input "ok" is waiting: a read of up to 8 bytes gets those 2, the next gets none (it does not wait).
  { what: 'debug_console_read', eid: EXT.DBCN, fid: 1n, args: [8n, BigInt(BUFFER + 64), 0n], ...ok(2n) },
  {
    what: 'debug_console_read(empty)',
    eid: EXT.DBCN,
    fid: 1n,
    args: [8n, BigInt(BUFFER + 64), 0n],
    ...ok(0n),
  },
  {
    what: 'debug_console_write(firmware region)',
    eid: EXT.DBCN,
    fid: 0n,
    args: [4n, BigInt(RAM_BASE), 0n],
    ...err(ERR_INVALID_PARAM),
  },
  {
    what: 'debug_console_write(nothing there)',
    eid: EXT.DBCN,
    fid: 0n,
    args: [4n, 0x40000000n, 0n],
    ...err(ERR_INVALID_PARAM),
  },
  {
    what: 'debug_console_write(wraps)',
    eid: EXT.DBCN,
    fid: 0n,
    args: [2n, ALL_ONES, 0n],
    ...err(ERR_INVALID_PARAM),
  },
  {
    what: 'debug_console_write(base_addr_hi 1)',
    eid: EXT.DBCN,
    fid: 0n,
    args: [1n, BigInt(BUFFER), 1n],
    ...err(ERR_INVALID_PARAM),
  },
  { what: 'DBCN FID 3', eid: EXT.DBCN, fid: 3n, ...err(ERR_NOT_SUPPORTED) },
  // Extensions that do not exist (spec 3.2), also where a7's upper half is set.
  { what: 'EID 0x08000000', eid: 0x08000000n, fid: 0n, ...err(ERR_NOT_SUPPORTED) },
  { what: 'EID BASE + 2^32', eid: (1n << 32n) | EXT.BASE, fid: 0n, ...err(ERR_NOT_SUPPORTED) },
  // Legacy (chapter 5): a0 only; a1 keeps the sentinel.
  { what: 'legacy set_timer(never)', eid: 0n, args: [ALL_ONES], error: 0n, value: SENTINEL },
  { what: 'legacy console_putchar', eid: 1n, args: [0x21n], error: 0n, value: SENTINEL },
  { what: 'legacy console_getchar (empty)', eid: 2n, error: -1n, value: SENTINEL },
  { what: 'legacy EID 3 (absent)', eid: 3n, error: ERR_NOT_SUPPORTED, value: SENTINEL },
];

const hex = (v: bigint): string => `0x${BigInt.asUintN(64, v).toString(16)}`;

/** The guest: each call, then a0 and a1 stored at RESULTS + 16 i; then sip; then legacy shutdown. */
function guest(): string {
  const lines = ['  .globl _start', '_start:', `  li s0, ${RESULTS}`];
  for (const [i, c] of CALLS.entries()) {
    const args = c.args ?? [];
    for (let r = 0; r < 6; r++) lines.push(`  li a${r}, ${hex(args[r] ?? (r === 1 ? SENTINEL : 0n))}`);
    lines.push(`  li a6, ${hex(c.fid ?? 0n)}`, `  li a7, ${hex(c.eid)}`, '  ecall');
    lines.push(`  sd a0, ${16 * i}(s0)`, `  sd a1, ${16 * i + 8}(s0)`);
  }
  lines.push(`  csrr t0, sip`, `  sd t0, ${16 * CALLS.length}(s0)`);
  lines.push('  li a7, 8', '  ecall', '1:', '  j 1b');
  return lines.join('\n') + '\n';
}

function resultsOf(ram: Uint8Array, i: number): { error: bigint; value: bigint } {
  const view = new DataView(ram.buffer, ram.byteOffset + RESULTS - RAM_BASE + 16 * i, 16);
  return { error: view.getBigInt64(0, true), value: view.getBigUint64(8, true) };
}

describe('every SBI function answers as the spec says, under host SBI and under the monitor', () => {
  const payload = assemblePayload('calls.S', guest());

  for (const mode of ['host', 'monitor'] as const) {
    it(`under ${mode}: a0 and a1 after each call, the console, and the exit`, () => {
      const r = runPayload(mode, payload, {
        input: 'ok',
        prepare: (m) => m.ram.bytes.set(new TextEncoder().encode(BUFFER_TEXT), BUFFER - RAM_BASE),
      });
      const ram = r.machine.ram.bytes;
      const implId = mode === 'host' ? HOST_IMPL_ID : MONITOR_IMPL_ID;
      const seen = CALLS.map((c, i) => ({ what: c.what, ...resultsOf(ram, i) }));
      const expected = CALLS.map((c) => ({
        what: c.what,
        error: c.error,
        value: BigInt.asUintN(64, typeof c.value === 'function' ? c.value(implId) : c.value),
      }));
      expect(seen).toEqual(expected);
      // DBCN read put the input into the buffer.
      const read = ram.subarray(BUFFER + 64 - RAM_BASE, BUFFER + 66 - RAM_BASE);
      expect(new TextDecoder().decode(read)).toBe('ok');
      // send_ipi to hart 0 (twice) left sip.SSIP pending.
      expect(resultsOf(ram, CALLS.length).error & 2n).toBe(2n);
      expect(r.output).toBe(`${BUFFER_TEXT}*!`);
      expect(r.stop).toMatchObject({ kind: 'exit', code: 0 });
    });
  }
});
