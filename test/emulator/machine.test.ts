import { describe, expect, it } from 'vitest';
import { CSR } from '../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, runTo } from './hart/harness';

if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

describe.skipIf(!HAVE_GNU_AS)('Machine.reset is a power cycle', () => {
  it('clears registers, CSRs, counters and time, reloads RAM and restarts at the entry in M-mode', () => {
    const { m, symbols } = machineFor(`
      li a0, 0x1800
      csrw mscratch, a0
      csrw mie, a0
      li t0, 0x80001000
      li t1, 99
      sd t1, 0(t0)
      la t2, data
      sd t1, 0(t2)
      done: j done
      .align 3
      data: .dword 7
    `);
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(0x1800n);
    expect(csrValue(m, CSR.mscratch)).toBe(0x1800n);
    expect(m.hart.instret).toBeGreaterThan(0);
    m.reset();
    expect(m.hart.getPc()).toBe(0x80000000n);
    expect(m.hart.priv).toBe(3);
    expect(reg(m, 'a0')).toBe(0n);
    expect(reg(m, 't1')).toBe(0n);
    expect(csrValue(m, CSR.mscratch)).toBe(0n);
    expect(csrValue(m, CSR.mie)).toBe(0n);
    expect(csrValue(m, CSR.minstret)).toBe(0n);
    expect(csrValue(m, CSR.mcycle)).toBe(0n);
    expect(m.clint.mtime).toBe(0);
    expect(m.hart.instret).toBe(0);
    // RAM: the program's own data is reloaded from the image, other RAM is zero again.
    const data = symbols.get('data')! - 0x80000000;
    expect(m.ram.bytes[data]).toBe(7);
    expect(m.ram.bytes[0x1000]).toBe(0);
  });

  it('stays stopped after the guest exits: run() executes nothing more until reset', () => {
    const { m } = machineFor(`
      li t0, 0x100000
      li t1, 0x5555
      sw t1, 0(t0)
      li a0, 1
      j .
    `);
    expect(m.run(1000)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const retired = m.hart.instret;
    expect(m.run(1000)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(m.hart.instret).toBe(retired);
    expect(reg(m, 'a0')).toBe(0n);
  });

  it('boots with a1 = the device tree, where QEMU virt puts it (0x87e00000 for 128 MiB)', () => {
    const { m } = machineFor('done: j done', { ramSize: 128 * 1024 * 1024 });
    // QEMU 7.2 passes a1 = 0x87e00000 for -m 128M (checked against QEMU in test/emulator/board/fdt.test.ts).
    expect(reg(m, 'a1')).toBe(0x87e00000n);
    const at = 0x87e00000 - 0x80000000;
    const magic = new DataView(m.ram.bytes.buffer).getUint32(at, false);
    expect(magic).toBe(0xd00dfeed);
    expect(m.ram.bytes.subarray(at, at + m.deviceTree.length)).toEqual(m.deviceTree);
  });
});
