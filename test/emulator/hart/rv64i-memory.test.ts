import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, run, runTo } from './harness';

/**
 * RV64I loads and stores (ISA manual, "RV64I Base Integer Instruction Set", "Load and Store Instructions"),
 * including misaligned accesses, performed by default and trapped with `misalignedAccess: 'trap'`.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

describe.skipIf(!HAVE_GNU_AS)('RV64I loads and stores', () => {
  // "LD loads a 64-bit value ... LW loads a 32-bit value ... sign-extends ... LWU ... zero-extends ...
  // LH and LHU are defined analogously for 16-bit values, as are LB and LBU for 8-bit values."
  it('loads sign- or zero-extend every width', () => {
    const m = run(`
      la t0, data
      lb a0, 0(t0)
      lbu a1, 0(t0)
      lh a2, 0(t0)
      lhu a3, 0(t0)
      lw a4, 0(t0)
      lwu a5, 0(t0)
      ld a6, 0(t0)
      lb a7, 8(t0)
      lh s2, 8(t0)
      lw s3, 8(t0)
      lwu s4, 8(t0)
      j done
    .align 3
    data:
      .dword 0x0123456789abcdef
      .dword 0x000000007f7f7f7f
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffffffffffefn);
    expect(reg(m, 'a1')).toBe(0xefn);
    expect(reg(m, 'a2')).toBe(0xffffffffffffcdefn);
    expect(reg(m, 'a3')).toBe(0xcdefn);
    expect(reg(m, 'a4')).toBe(0xffffffff89abcdefn);
    expect(reg(m, 'a5')).toBe(0x89abcdefn);
    expect(reg(m, 'a6')).toBe(0x0123456789abcdefn);
    expect(reg(m, 'a7')).toBe(0x7fn);
    expect(reg(m, 's2')).toBe(0x7f7fn);
    expect(reg(m, 's3')).toBe(0x7f7f7f7fn);
    expect(reg(m, 's4')).toBe(0x7f7f7f7fn);
  });

  // "SD, SW, SH, and SB instructions store 64-bit, 32-bit, 16-bit, and 8-bit values from the low bits of
  // register rs2 to memory." Little-endian: the neighbouring bytes are untouched.
  it('stores write only the low bytes of rs2, little-endian, with negative offsets', () => {
    const m = run(`
      la t0, data
      li t1, 0x1122334455667788
      sd t1, 0(t0)
      li t2, 0xa1a2a3a4a5a6a7a8
      sb t2, 8(t0)
      sh t2, 10(t0)
      sw t2, 12(t0)
      addi t3, t0, 24
      sd t1, -8(t3)
      sb zero, -7(t3)
      ld a0, 0(t0)
      ld a1, 8(t0)
      ld a2, 16(t0)
      j done
    .align 3
    data:
      .dword -1, -1, -1
    done: nop`);
    expect(reg(m, 'a0')).toBe(0x1122334455667788n);
    expect(reg(m, 'a1')).toBe(0xa5a6a7a8a7a8ffa8n);
    expect(reg(m, 'a2')).toBe(0x1122334455660088n);
  });

  it('a load into x0 is discarded', () => {
    const m = run(`
      la t0, data
      ld zero, 0(t0)
      add a0, zero, zero
      j done
    .align 3
    data: .dword 5
    done: nop`);
    expect(reg(m, 'a0')).toBe(0n);
    expect(reg(m, 'zero')).toBe(0n);
  });

  // DESIGN.md: misaligned loads and stores are performed by default (as QEMU virt does); the ISA manual
  // allows this ("misaligned accesses ... may be handled by hardware").
  it('misaligned loads and stores are performed by default', () => {
    const m = run(`
      la t0, data
      ld a0, 1(t0)
      lw a1, 3(t0)
      lh a2, 7(t0)
      lhu a3, 7(t0)
      li t1, 0x0102030405060708
      sd t1, 17(t0)
      ld a4, 16(t0)
      ld a5, 24(t0)
      j done
    .align 3
    data:
      .dword 0x8877665544332211
      .dword 0x00000000000000ff
      .dword 0
      .dword 0
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xff88776655443322n);
    expect(reg(m, 'a1')).toBe(0x77665544n);
    expect(reg(m, 'a2')).toBe(0xffffffffffffff88n);
    expect(reg(m, 'a3')).toBe(0xff88n);
    expect(reg(m, 'a4')).toBe(0x0203040506070800n);
    expect(reg(m, 'a5')).toBe(0x01n);
  });

  // Privileged spec, "Machine Trap Value Register (mtval)": "When a hardware breakpoint is triggered, or an
  // address-misaligned, access-fault, or page-fault exception occurs on an instruction fetch, load, or store,
  // mtval is written with the faulting virtual address." Causes (mcause table): 4 load address misaligned,
  // 6 store/AMO address misaligned.
  for (const [insn, cause] of [
    ['lh a0, 1(t0)', 4n],
    ['lhu a0, 1(t0)', 4n],
    ['lw a0, 2(t0)', 4n],
    ['lwu a0, 2(t0)', 4n],
    ['ld a0, 4(t0)', 4n],
    ['sh a0, 1(t0)', 6n],
    ['sw a0, 2(t0)', 6n],
    ['sd a0, 4(t0)', 6n],
  ] as const) {
    it(`with misalignedAccess 'trap', "${insn}" raises cause ${cause} with mtval = address`, () => {
      const { m, symbols } = machineFor(
        `
        la t1, done
        csrw mtvec, t1
        la t0, data
        li a0, 0x55
      fault:
        ${insn}
        li a0, 99
        j done
      .align 3
      data: .dword 0, 0
      .align 2
      done: nop`,
        { misalignedAccess: 'trap' },
      );
      runTo(m, symbols);
      const offset = BigInt(Number(insn.match(/(\d+)\(t0\)/)![1]));
      expect(csrValue(m, CSR.mcause)).toBe(cause);
      expect(csrValue(m, CSR.mepc)).toBe(BigInt(symbols.get('fault')!));
      expect(csrValue(m, CSR.mtval)).toBe(BigInt(symbols.get('data')!) + offset);
      expect(reg(m, 'a0')).toBe(0x55n); // the faulting instruction had no effect
      expect(m.hart.priv).toBe(3);
    });
  }

  it("with misalignedAccess 'trap', a misaligned store leaves memory untouched and aligned accesses work", () => {
    const { m, symbols } = machineFor(
      `
      la t1, done
      csrw mtvec, t1
      la t0, data
      li a1, -1
      lb a2, 1(t0)
      sd a1, 0(t0)
      ld a3, 0(t0)
      sw zero, 8(t0)
      sw zero, 10(t0)
    .align 3
    data: .dword 0, 0x1111111111111111
    .align 2
    done: nop`,
      { misalignedAccess: 'trap' },
    );
    runTo(m, symbols);
    expect(reg(m, 'a3')).toBe(0xffffffffffffffffn);
    expect(csrValue(m, CSR.mcause)).toBe(6n);
    const data = symbols.get('data')!;
    expect(csrValue(m, CSR.mtval)).toBe(BigInt(data + 10));
    // the aligned sw at +8 happened, the misaligned one at +10 did not
    const off = data - 0x80000000 + 8;
    expect(Array.from(m.ram.bytes.subarray(off, off + 8))).toEqual([0, 0, 0, 0, 0x11, 0x11, 0x11, 0x11]);
  });

  // Privileged spec, "Exception priority": load/store/AMO address-misaligned ranks above load/store/AMO
  // access faults, so a misaligned access to an address with nothing behind it reports the misalignment.
  it("with misalignedAccess 'trap', a misaligned access to unmapped memory is an address-misaligned trap", () => {
    for (const [insn, cause] of [
      ['ld a0, 1(t0)', 4n],
      ['sw a0, 2(t0)', 6n],
    ] as const) {
      const { m, symbols } = machineFor(
        `la t1, done\ncsrw mtvec, t1\nli t0, 0x1000\n${insn}\n.align 2\ndone: nop`,
        {
          misalignedAccess: 'trap',
        },
      );
      runTo(m, symbols);
      expect(csrValue(m, CSR.mcause)).toBe(cause);
    }
  });
});
