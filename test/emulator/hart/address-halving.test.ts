/**
 * How the hart stores pc and its page fields (emulator/hart/address-halving.ts): halved, so that Chromium's
 * engine keeps them as small integers whatever the guest does. Stored that way, every even address must
 * come back exact, and an odd pc must be refused where one could come in, never silently changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { halved, NO_PAGE, unhalved } from '../../../emulator/hart/address-halving';
import { LoadError, Machine } from '../../../emulator/machine';

const SMI_MIN = -(2 ** 30);
const SMI_MAX = 2 ** 30 - 1;

describe('halved addresses', () => {
  it('every even low half is stored as a 31-bit integer and read back exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
        const lo = n & ~1;
        const stored = halved(lo);
        expect(stored).toBeGreaterThanOrEqual(SMI_MIN);
        expect(stored).toBeLessThanOrEqual(SMI_MAX);
        expect(unhalved(stored)).toBe(lo);
      }),
    );
  });

  it('NO_PAGE is no page-aligned address, and survives being stored', () => {
    expect(NO_PAGE & 0xfff).not.toBe(0);
    expect(unhalved(halved(NO_PAGE))).toBe(NO_PAGE);
  });

  it('the hart reads back every even 64-bit pc it is given: 0, RAM, a kernel at the top, anything', () => {
    const m = new Machine({ ramSize: 1 << 20 });
    const pcs = [
      0n,
      2n,
      0x8000_0000n,
      0x8000_0ffen,
      0xffff_ffff_8000_0000n,
      0xffff_ffff_ffff_fffen,
      0x4000_0000n,
    ];
    for (const pc of pcs) {
      m.hart.setPc(Number(pc & 0xffff_ffffn) | 0, Number(pc >> 32n) | 0);
      expect(m.hart.getPc()).toBe(pc);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (v) => {
        const pc = v & ~1n;
        m.hart.setPc(Number(pc & 0xffff_ffffn) | 0, Number(pc >> 32n) | 0);
        expect(m.hart.getPc()).toBe(pc);
      }),
    );
  });

  it('a guest that goes to pc 0 traps there exactly, and runs correctly in RAM afterwards', () => {
    // li a0, 5; addi a0, a0, 1; jalr x0, 0(x0) ... then, back at 0x8000_0000 from the host, the same again.
    const code = new Uint8Array(new Uint32Array([0x00500513, 0x00150513, 0x00000067]).buffer);
    const m = new Machine({ ramSize: 1 << 20 });
    m.load({
      entry: 0x8000_0000,
      segments: [
        {
          address: 0x8000_0000,
          data: code,
          memSize: code.length,
          flags: { read: true, write: false, execute: true },
        },
      ],
      symbols: [],
      sourceMap: new Map(),
    });
    m.run(3);
    expect(m.hart.getPc()).toBe(0n);
    m.run(1); // nothing at 0: an instruction access fault, to mtvec (0 after reset)
    expect(m.hart.csr.mcauseLo).toBe(1);
    expect(m.hart.csr.mepcLo).toBe(0);
    expect(m.hart.getPc()).toBe(0n);
    m.hart.setPc(0x8000_0000 | 0, 0);
    m.run(2);
    expect(m.hart.getPc()).toBe(0x8000_0008n);
    expect(m.hart.getReg(10)).toBe(6n);
  });

  it('an odd entry point is refused when the program is loaded, with the reason', () => {
    const m = new Machine({ ramSize: 1 << 20 });
    const load = () => m.load({ entry: 0x8000_0001, segments: [], symbols: [], sourceMap: new Map() });
    expect(load).toThrow(LoadError);
    expect(load).toThrow('the entry point 0x80000001 is odd: RISC-V instructions are 2-byte aligned');
  });
});
