import { describe, expect, it } from 'vitest';
import { PAYLOAD_BASE } from '../../emulator/board/memory-map';
import { combineImages } from '../../emulator/firmware-boot';
import type { ProgramImage } from '../../emulator/image';
import { Machine } from '../../emulator/machine';
import { Priv } from '../../emulator/hart/privilege';
import { assemblePayload, monitorImage } from './boot';

describe('booting the monitor with a payload', () => {
  it('enters the payload at 0x8020_0000 in S-mode with a0 = hart id, a1 = the device tree', () => {
    const m = new Machine();
    m.load(combineImages(monitorImage(), assemblePayload('t.S', '  .globl _start\n_start:\n  j _start\n')));
    const fdt = m.hart.getReg(11);
    expect(fdt).not.toBe(0n);
    for (let i = 0; i < 200 && m.hart.getPc() !== BigInt(PAYLOAD_BASE); i++) m.step();
    expect(m.hart.getPc()).toBe(BigInt(PAYLOAD_BASE));
    expect(m.hart.priv).toBe(Priv.S);
    expect(m.hart.getReg(10)).toBe(0n);
    expect(m.hart.getReg(11)).toBe(fdt);
    // As OpenSBI: misaligned fetch (0), breakpoint (3), ecall from U (8), page faults (12, 13, 15).
    expect(m.hart.csr.medeleg).toBe((1 << 0) | (1 << 3) | (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15));
    // SSIP, STIP, SEIP.
    expect(m.hart.csr.mideleg).toBe((1 << 1) | (1 << 5) | (1 << 9));
    expect(m.hart.csr.mcounteren).toBe(7);
  });

  it("keeps the payload out of the monitor's memory with PMP: a load there faults into S-mode", () => {
    // The payload's S-mode handler exits with scause as the code; the load of 0x8000_0000 must fault
    // (scause 5, load access fault), after the monitor hands the undelegated fault on to S-mode.
    const src = `  .globl _start
_start:
  la t0, handler
  csrw stvec, t0
  li t0, 0x80000000
  ld t1, 0(t0)
  li a0, 0
  j exit
  .balign 4
handler:
  csrr a0, scause
exit:
  li t0, 0x100000
  slli a0, a0, 16
  li t1, 0x3333
  or a0, a0, t1
  sw a0, 0(t0)
1:
  j 1b
`;
    const m = new Machine();
    m.load(combineImages(monitorImage(), assemblePayload('t.S', src)));
    expect(m.run(10_000)).toEqual({ kind: 'exit', code: 5, via: 'finisher' });
  });
});

describe('combineImages', () => {
  const image = (address: number, size: number, entry = address): ProgramImage => ({
    entry,
    segments: [
      {
        address,
        data: new Uint8Array(size),
        memSize: size,
        flags: { read: true, write: true, execute: true },
      },
    ],
    symbols: [{ name: `at_${address.toString(16)}`, address, size: 0, kind: 'label' }],
    sourceMap: new Map([[address, { file: `${address}.S`, line: 1, column: 1 }]]),
  });

  it("keeps both images' segments, symbols and source lines, and starts at the firmware's entry", () => {
    const c = combineImages(image(0x8000_0000, 16), image(0x8020_0000, 16));
    expect(c.entry).toBe(0x8000_0000);
    expect(c.segments.map((s) => s.address)).toEqual([0x8000_0000, 0x8020_0000]);
    expect(c.symbols.map((s) => s.name)).toEqual(['at_80000000', 'at_80200000']);
    expect([...c.sourceMap.keys()]).toEqual([0x8000_0000, 0x8020_0000]);
  });

  it('refuses overlapping segments, naming both', () => {
    expect(() => combineImages(image(0x8000_0000, 0x1000), image(0x8000_0ff0, 16))).toThrow(
      'firmware segment 0 (0x80000000..0x80001000) overlaps payload segment 0 (0x80000ff0..0x80001000)',
    );
  });
});
