import { describe, expect, it } from 'vitest';
import { PAYLOAD_BASE } from '../../../emulator/board/memory-map';
import type { Machine } from '../../../emulator/machine';
import { assemblePayload } from '../../firmware/boot';
import { loadPayload } from './helpers';

/** The hart's whole architectural state, for comparing two machines. */
function hartState(m: Machine): Record<string, unknown> {
  const h = m.hart;
  return {
    priv: h.priv,
    pc: h.getPc(),
    x: Array.from({ length: 32 }, (_, i) => h.getReg(i)),
    csr: { ...h.csr },
    pmpCfg: [...h.pmp.cfg],
    pmpAddrLo: [...h.pmp.addrLo],
    pmpAddrHi: [...h.pmp.addrHi],
    mipHardware: h.mipHardware,
    waitingForInterrupt: h.waitingForInterrupt,
  };
}

/** What only M-mode can see of the monitor's own addresses: its trap vector and its stack. */
const FIRMWARE_ADDRESSES = ['mtvecLo', 'mtvecHi', 'mscratchLo', 'mscratchHi'];

describe('host SBI enters the payload in the state the monitor leaves it in', () => {
  it('has the same registers, pc, mode, CSRs and PMP at the payload’s first instruction', () => {
    const payload = assemblePayload('t.S', '  .globl _start\n_start:\n  nop\n');
    const host = loadPayload('host', payload).machine;
    const monitor = loadPayload('monitor', payload).machine;
    // Run the monitor's boot up to the payload's first instruction.
    for (let i = 0; i < 1000 && monitor.hart.priv !== 1; i++) monitor.run(1);
    expect(monitor.hart.getPc()).toBe(BigInt(PAYLOAD_BASE));

    const hostState = hartState(host);
    const monitorState = hartState(monitor);
    for (const key of FIRMWARE_ADDRESSES) {
      delete (hostState.csr as Record<string, unknown>)[key];
      delete (monitorState.csr as Record<string, unknown>)[key];
    }
    expect(hostState).toEqual(monitorState);
    // Under host SBI there is nothing at the monitor's addresses: no trap vector, no stack.
    expect([host.hart.csr.mtvecLo, host.hart.csr.mscratchLo]).toEqual([0, 0]);
    // And the guest-visible registers hold what the boot protocol promises: a0 = hart 0, a1 = the FDT.
    expect(host.hart.getReg(10)).toBe(0n);
    const fdt = Number(host.hart.getReg(11)) - 0x8000_0000;
    expect([...host.ram.bytes.subarray(fdt, fdt + 4)]).toEqual([0xd0, 0x0d, 0xfe, 0xed]); // FDT magic
  });

  it('the same after a reset', () => {
    const payload = assemblePayload(
      't.S',
      '  .globl _start\n_start:\n  li a0, 5\n  li t0, 9\n  csrw sscratch, t0\n',
    );
    const host = loadPayload('host', payload).machine;
    const fresh = hartState(host);
    host.run(3);
    expect(hartState(host)).not.toEqual(fresh);
    host.reset();
    expect(hartState(host)).toEqual(fresh);
  });
});
