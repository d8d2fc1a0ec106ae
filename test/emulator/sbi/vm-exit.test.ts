import { describe, expect, it } from 'vitest';
import { deviceTreeAddress } from '../../../emulator/board/fdt';
import { DEFAULT_RAM_SIZE, PAYLOAD_BASE } from '../../../emulator/board/memory-map';
import { Exception, Interrupt, MIP_MSIP, MIP_STIP } from '../../../emulator/hart/causes';
import { LoadError, Machine } from '../../../emulator/machine';
import type { VmExitRecord } from '../../../emulator/sbi/host-sbi';
import { assemblePayload } from '../../firmware/boot';
import { loadPayload, runPayload, runWithHostSbi } from './helpers';

/** A payload: its body, then an endless loop (the run ends by a call, or the budget). */
const tiny = (body: string): string => `  .option norvc\n  .globl _start\n_start:\n${body}\n1:\n  j 1b\n`;
const payload = (body: string): ReturnType<typeof assemblePayload> => assemblePayload('t.S', tiny(body));

const calls = (exits: VmExitRecord[]): Extract<VmExitRecord, { kind: 'sbi-call' }>[] =>
  exits.filter((e) => e.kind === 'sbi-call');

describe('SBI calls under host SBI are VM exits, not traps', () => {
  it('reports each call with its ids, names, arguments, result, pc and step; onTrap is not called', () => {
    const r = runWithHostSbi(
      payload(
        [
          '  li a0, 0x10', // probe_extension(BASE)
          '  li a6, 3',
          '  li a7, 0x10',
          '  ecall',
          '  li a0, 3', // debug_console_write(3 bytes at PAYLOAD_BASE)
          `  li a1, ${PAYLOAD_BASE}`,
          '  li a2, 0',
          '  li a6, 0',
          '  li a7, 0x4442434e',
          '  ecall',
          '  li a7, 8', // legacy shutdown
          '  ecall',
        ].join('\n'),
      ),
    );
    expect(r.traps).toEqual([]);
    const [probe, write, shutdown] = calls(r.exits);
    expect(calls(r.exits)).toHaveLength(3);
    expect(probe).toMatchObject({
      eid: 0x10n,
      fid: 3n,
      extension: 'BASE',
      name: 'sbi_probe_extension',
      // a1 still holds what the guest was entered with: the device tree's address.
      args: [0x10n, BigInt(deviceTreeAddress(DEFAULT_RAM_SIZE, r.machine.deviceTree.length)), 0n, 0n, 0n, 0n],
      result: { error: 0n, value: 1n },
      pc: BigInt(PAYLOAD_BASE + 12), // after li a0, li a6, li a7 (one instruction each)
      steps: 4,
    });
    expect(write).toMatchObject({
      eid: 0x4442434en,
      fid: 0n,
      extension: 'DBCN',
      name: 'sbi_debug_console_write',
      args: [3n, BigInt(PAYLOAD_BASE), 0n, 0n, 0n, 0n],
      result: { error: 0n, value: 3n },
    });
    // The legacy shutdown does not return: no result, and the run ends with the monitor's exit code 0.
    expect(shutdown).toMatchObject({ eid: 8n, extension: 'legacy', name: 'sbi_shutdown', result: null });
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'sbi' });
    // The three bytes written are the first instruction's (li a0, 0x10 = addi a0, zero, 16 = 0x01000513).
    expect([...r.output].map((c) => c.charCodeAt(0))).toEqual([0x13, 0x05, 0x00]);
  });

  it('a legacy call reports a0 only (value null) and leaves a1 as it was', () => {
    const r = runWithHostSbi(payload('  li a1, 77\n  li a0, 0x41\n  li a7, 1\n  ecall\n  mv s1, a1'), {
      budget: 20,
    });
    expect(calls(r.exits)[0]).toMatchObject({
      name: 'sbi_console_putchar',
      result: { error: 0n, value: null },
    });
    expect(r.machine.hart.getReg(9)).toBe(77n);
    expect(r.output).toBe('A');
  });

  it('the ecall takes one step and retires one instruction; no firmware instruction runs', () => {
    const r = runWithHostSbi(
      payload('  csrr s1, instret\n  li a7, 0x10\n  li a6, 0\n  ecall\n  csrr s2, instret\n  sub s3, s2, s1'),
      { budget: 6 },
    );
    // csrr s1 itself, li, li, ecall: 4 retired between the two reads.
    expect(r.machine.hart.getReg(19)).toBe(4n);
    expect(r.machine.hart.steps).toBe(6);
    expect(r.machine.hart.getReg(10)).toBe(0n); // get_spec_version: success
    expect(r.machine.hart.getReg(11)).toBe(2n << 24n);
    expect(r.machine.hart.getPc()).toBe(BigInt(PAYLOAD_BASE + 24));
  });

  it('under the monitor the same call is a trap into M-mode (onTrap), with no VM exit', () => {
    const r = runPayload('monitor', payload('  li a7, 0x10\n  li a6, 0\n  ecall\n  li a7, 8\n  ecall'));
    expect(r.exits).toEqual([]);
    expect(r.traps.map((t) => [t.cause, t.toPriv])).toEqual([
      [Exception.EcallFromS, 3],
      [Exception.EcallFromS, 3],
    ]);
  });
});

describe('the timer under host SBI', () => {
  it('set_timer arms the machine timer; when it fires the host raises STIP and the guest takes its interrupt', () => {
    const body = [
      '  la t0, handler',
      '  csrw stvec, t0',
      '  li t0, 1 << 5', // sie.STIE
      '  csrs sie, t0',
      '  csrr a0, time',
      '  addi a0, a0, 40',
      '  li a7, 0x54494d45',
      '  li a6, 0',
      '  ecall',
      '  wfi', // sstatus.SIE is 0: wfi wakes, the interrupt waits
      '  csrr s1, sip',
      '  csrsi sstatus, 2',
      '  j 1f',
      '  .balign 4',
      'handler:',
      '  csrr s2, scause',
      '  li a0, -1', // no next event: clears STIP
      '  li a7, 0x54494d45',
      '  li a6, 0',
      '  ecall',
      '  li a7, 8',
      '  ecall',
    ].join('\n');
    const r = runWithHostSbi(payload(body));
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'sbi' });
    const timer = r.exits.filter((e) => e.kind === 'timer');
    expect(timer).toHaveLength(1);
    const h = r.machine.hart;
    expect(h.getReg(9) & BigInt(MIP_STIP)).toBe(BigInt(MIP_STIP)); // STIP pending after the wfi
    expect(h.getReg(18)).toBe((1n << 63n) | BigInt(Interrupt.SupervisorTimer));
    // The only trap is the supervisor timer interrupt, delegated to S-mode; the machine timer never trapped.
    expect(r.traps.map((t) => [t.interrupt, t.cause, t.toPriv, t.delegated])).toEqual([
      [true, Interrupt.SupervisorTimer, 1, true],
    ]);
    // The timer fired no earlier than asked: mtime reached mtimecmp (steps since reset = mtime here).
    expect(timer[0].steps).toBeGreaterThanOrEqual(44);
    expect(h.csr.mipSoftware & MIP_STIP).toBe(0);
  });
});

describe('traps no firmware runs for', () => {
  it('an exception the hart does not delegate goes to S-mode as the monitor redirects it', () => {
    const body = '  la t0, handler\n  csrw stvec, t0\n  .word 0\n  .balign 4\nhandler:\n  li a7, 8\n  ecall';
    const r = runWithHostSbi(payload(body));
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'sbi' });
    expect(r.exits[0]).toMatchObject({ kind: 'redirect', cause: Exception.IllegalInstruction });
    expect(r.traps).toHaveLength(1);
    expect(r.traps[0]).toMatchObject({
      interrupt: false,
      cause: Exception.IllegalInstruction,
      fromPriv: 1,
      toPriv: 1,
      delegated: false,
      redirected: true,
      epcLo: (PAYLOAD_BASE + 12) | 0, // after la (two instructions) and csrw
    });
    expect(r.machine.hart.getCsr(0x142)).toBe(BigInt(Exception.IllegalInstruction)); // scause
  });

  it('a machine interrupt only M-mode firmware could take stops the run with exit code 1 and a notice', () => {
    const r = loadPayload('host', payload('  li t0, 0x2000000\n  li t1, 1\n  sw t1, 0(t0)\n  nop'));
    r.machine.hart.csr.mie |= MIP_MSIP; // as if something had enabled the machine software interrupt
    r.stop = r.machine.run(100);
    expect(r.stop).toEqual({ kind: 'exit', code: 1, via: 'sbi' });
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toMatch(
      /an interrupt \(machine software interrupt\) that only M-mode firmware could handle/,
    );
    expect(r.exits).toEqual([expect.objectContaining({ kind: 'stop', interrupt: true, cause: 3 })]);
    expect(r.traps).toEqual([]);
    expect(r.machine.hart.priv).toBe(1);
  });
});

describe('system reset under host SBI', () => {
  it('shutdown with reason "system failure" exits 1, as the monitor does', () => {
    const r = runWithHostSbi(payload('  li a0, 0\n  li a1, 1\n  li a6, 0\n  li a7, 0x53525354\n  ecall'));
    expect(r.stop).toEqual({ kind: 'exit', code: 1, via: 'sbi' });
  });

  it('a cold reboot restarts the payload in S-mode', () => {
    const body =
      '  li a0, 0x42\n  li a7, 1\n  ecall\n  li a0, 1\n  li a1, 0\n  li a6, 0\n  li a7, 0x53525354\n  ecall';
    const r = runWithHostSbi(payload(body), { budget: 200 });
    expect(r.stop).toEqual({ kind: 'budget' });
    expect(r.output.length).toBeGreaterThan(3);
    expect(r.output).toBe('B'.repeat(r.output.length));
    expect(r.machine.hart.priv).toBe(1);
  });
});

describe('loading under host SBI', () => {
  it('refuses a payload in the firmware region, which S-mode may not use', () => {
    const m = new Machine({ sbi: 'host' });
    const image = { ...payload('  nop'), segments: [] as never[] };
    const low = {
      address: 0x8000_0000,
      data: new Uint8Array(4),
      memSize: 4,
      flags: { read: true, write: false, execute: true },
    };
    expect(() => m.load({ ...image, segments: [low] })).toThrow(LoadError);
    expect(() => m.load({ ...image, segments: [low] })).toThrow(/link the payload at 0x80200000/);
  });

  it('without sbi: "host" the same image starts in M-mode at its entry, and an ecall traps to M-mode', () => {
    const r = runPayload('monitor', payload('  nop'), { budget: 0 });
    expect(r.machine.hart.priv).toBe(3);
    expect(r.machine.hostSbi).toBeNull();
  });
});

describe('DBCN takes physical addresses (SBI spec 12.1)', () => {
  it('reads a buffer that the guest’s own page tables do not map, in both modes', () => {
    // Sv39: root entry 2 points at a second-level table whose entry 1 maps the 2 MiB megapage at
    // 0x8020_0000 to itself (V R W X A D); the buffer at physical 0x8050_0000 has no virtual mapping.
    const body = `
  li t0, 0x80500000
  li t1, 0x0a6b6f      # "ok\\n"
  sw t1, 0(t0)
  la t0, l1_table
  srli t0, t0, 12
  slli t0, t0, 10
  ori t0, t0, 1
  la t1, root_table
  sd t0, 16(t1)
  li t0, ((0x80200000 >> 12) << 10) | 0xcf
  la t1, l1_table
  sd t0, 8(t1)
  la t0, root_table
  srli t0, t0, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  li a0, 3
  li a1, 0x80500000
  li a2, 0
  li a6, 0
  li a7, 0x4442434e
  ecall
  la t0, results
  sd a0, 0(t0)
  sd a1, 8(t0)
  li a7, 8
  ecall
  .section .bss
  .balign 4096
results: .space 16
  .balign 4096
root_table: .space 4096
l1_table: .space 4096
  .section .text`;
    for (const mode of ['host', 'monitor'] as const) {
      const image = payload(body);
      const r = runPayload(mode, image);
      expect(r.output).toBe('ok\n');
      // The sbiret the guest saw (the registers at the end are the monitor's own: it stops inside it).
      const at = image.symbols.find((x) => x.name === 'results')!.address - 0x8000_0000;
      const view = new DataView(r.machine.ram.bytes.buffer, at, 16);
      expect([mode, view.getBigInt64(0, true), view.getBigInt64(8, true)]).toEqual([mode, 0n, 3n]);
      expect(r.stop).toMatchObject({ kind: 'exit', code: 0 });
    }
  });
});
