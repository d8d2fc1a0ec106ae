import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg } from './harness';
import { expectNoTrap, runIn, type Outcome } from './snippets';

/**
 * Zicsr (ISA manual, "Zicsr" chapter) and the CSRs of the privileged spec ("Machine-Level ISA", "Supervisor-
 * Level ISA"): who may access which CSR, read-only CSRs, counter enables, ID values and WARL fields.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

function expectIllegal(o: Outcome, from: number): void {
  expect(csrValue(o.m, CSR.mcause)).toBe(2n);
  expect(csrValue(o.m, CSR.mepc)).toBe(BigInt(o.symbols.get('fault')!));
  // Privileged spec, mtval: on an illegal-instruction trap mtval may hold "the actual faulting instruction".
  expect(csrValue(o.m, CSR.mtval)).toBe(o.faultWord);
  expect(o.m.hart.priv).toBe(3);
  expect((csrValue(o.m, CSR.mstatus) >> 11n) & 3n).toBe(BigInt(from)); // MPP = the mode it came from
  expect(reg(o.m, 's11')).toBe(0n); // execution did not continue past the fault
}

describe.skipIf(!HAVE_GNU_AS)('CSR access from a lower privilege mode is illegal', () => {
  // Privileged spec, "CSR Address Mapping Conventions": "The next two bits (csr[9:8]) encode the lowest
  // privilege level that can access the CSR." "Attempts to access a CSR without appropriate privilege level
  // ... raise illegal-instruction exceptions."
  for (const [mode, insn] of [
    ['S', 'csrr a0, mstatus'],
    ['S', 'csrw mscratch, a0'],
    ['S', 'csrr a0, mhartid'],
    ['S', 'csrrs a0, mie, zero'],
    ['U', 'csrr a0, mstatus'],
    ['U', 'csrr a0, sstatus'],
    ['U', 'csrw sscratch, a0'],
    ['U', 'csrr a0, satp'],
    ['U', 'csrr a0, mhartid'],
  ] as const) {
    it(`${insn} in ${mode}-mode`, () => {
      const o = runIn(mode, `fault: ${insn}`);
      expectIllegal(o, mode === 'S' ? 1 : 0);
      expect(reg(o.m, 'a0')).toBe(0x55n);
    });
  }

  it('S-mode may read and write sstatus and sscratch', () => {
    const o = runIn(
      'S',
      `
      csrr a1, sstatus
      li a2, 0x1234
      csrw sscratch, a2
      csrr a3, sscratch`,
    );
    expectNoTrap(o.m);
    expect(reg(o.m, 'a3')).toBe(0x1234n);
    expect(reg(o.m, 'a1') >> 32n).toBe(2n); // UXL = 2: U-mode is 64-bit
  });
});

describe.skipIf(!HAVE_GNU_AS)('read-only CSRs', () => {
  // "The top two bits (csr[11:10]) indicate whether the register is read/write (00, 01, or 10) or read-only
  // (11)." "Attempts to write a read-only register raise an illegal-instruction exception."
  for (const insn of [
    'csrw mhartid, a0',
    'csrw cycle, a0',
    'csrw instret, a0',
    'csrw mvendorid, zero',
    'csrrwi zero, marchid, 0',
    'csrrs a1, mimpid, t1', // rs1 != x0: a write is attempted even though t1 holds 0
    'csrrci a1, mhartid, 1',
    'csrrsi a1, time, 4',
  ]) {
    it(`${insn} in M-mode is illegal`, () => {
      expectIllegal(runIn('M', `li t1, 0\nfault: ${insn}`), 3);
    });
  }

  // Zicsr: "For both CSRRS and CSRRC, if rs1=x0, then the instruction will not write to the CSR at all, and so
  // shall not cause any of the side effects that might otherwise occur on a CSR write, nor raise
  // illegal-instruction exceptions on accesses to read-only CSRs." Likewise CSRRSI/CSRRCI with uimm=0.
  it('csrr (csrrs rs1=x0), csrrc x0 and csrrsi/csrrci uimm=0 read read-only CSRs without trapping', () => {
    const o = runIn(
      'M',
      `
      csrr a1, mhartid
      csrrc a2, mvendorid, zero
      csrrsi a3, marchid, 0
      csrrci a4, mimpid, 0
      rdcycle a5
      rdinstret a6
      rdtime a7`,
    );
    expectNoTrap(o.m);
    expect([reg(o.m, 'a1'), reg(o.m, 'a2'), reg(o.m, 'a3'), reg(o.m, 'a4')]).toEqual([0n, 0n, 0n, 0n]);
  });
});

describe.skipIf(!HAVE_GNU_AS)('Zicsr read-modify-write', () => {
  // "CSRRW ... reads the old value of the CSR, zero-extends the value to XLEN bits, then writes it to integer
  // register rd. The initial value in rs1 is written to the CSR." CSRRS sets, CSRRC clears the bits set in rs1.
  // "CSRRWI, CSRRSI, CSRRCI ... update the CSR using an XLEN-bit value obtained by zero-extending a 5-bit
  // unsigned immediate (uimm[4:0]) field encoded in the rs1 field".
  it('csrrw/csrrs/csrrc and their immediate forms on mscratch', () => {
    const o = runIn(
      'M',
      `
      li t1, 0xf0f0f0f0f0f0f0f0
      csrw mscratch, t1
      li t2, 0x0ff0000000000001
      csrrs a1, mscratch, t2
      csrrc a2, mscratch, t1
      csrrw a3, mscratch, zero
      csrrsi a4, mscratch, 31
      csrrci a5, mscratch, 5
      csrrwi a6, mscratch, 17
      csrr a7, mscratch
      csrrw a7, mscratch, a7`,
    );
    expectNoTrap(o.m);
    expect(reg(o.m, 'a1')).toBe(0xf0f0f0f0f0f0f0f0n);
    expect(reg(o.m, 'a2')).toBe(0xfff0f0f0f0f0f0f1n);
    expect(reg(o.m, 'a3')).toBe(0x0f00000000000001n);
    expect(reg(o.m, 'a4')).toBe(0n);
    expect(reg(o.m, 'a5')).toBe(31n);
    expect(reg(o.m, 'a6')).toBe(26n);
    expect(reg(o.m, 'a7')).toBe(17n);
    expect(csrValue(o.m, CSR.mscratch)).toBe(17n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('counters gated by mcounteren and scounteren', () => {
  // Privileged spec, "Machine Counter-Enable Register (mcounteren)": "When the CY, TM, IR, or HPMn bit in the
  // mcounteren register is clear, attempts to read the cycle, time, instret, or hpmcountern register while
  // executing in S-mode or U-mode will cause an illegal-instruction exception. When one of these bits is set,
  // access to the corresponding register is permitted in the next implemented privilege mode". scounteren
  // does the same for U-mode.
  const cases: [string, 'S' | 'U', number, number, boolean][] = [
    ['rdcycle', 'S', 0, 7, false],
    ['rdtime', 'S', 0, 7, false],
    ['rdinstret', 'S', 0, 7, false],
    ['rdcycle', 'S', 1, 0, true],
    ['rdtime', 'S', 2, 0, true],
    ['rdinstret', 'S', 4, 0, true],
    ['rdtime', 'S', 5, 0, false],
    ['rdcycle', 'U', 7, 0, false],
    ['rdcycle', 'U', 0, 7, false],
    ['rdcycle', 'U', 1, 1, true],
    ['rdtime', 'U', 2, 2, true],
    ['rdtime', 'U', 2, 5, false],
    ['rdinstret', 'U', 4, 4, true],
    ['rdinstret', 'U', 3, 7, false],
  ];
  for (const [insn, mode, mcounteren, scounteren, allowed] of cases) {
    it(`${insn} in ${mode}-mode with mcounteren=${mcounteren} scounteren=${scounteren}: ${allowed ? 'allowed' : 'illegal'}`, () => {
      const o = runIn(
        mode,
        `fault: ${insn} a1`,
        `
        li t0, ${mcounteren}
        csrw mcounteren, t0
        li t0, ${scounteren}
        csrw scounteren, t0`,
      );
      if (allowed) expectNoTrap(o.m);
      else expectIllegal(o, mode === 'S' ? 1 : 0);
    });
  }

  // Unprivileged spec, "Counters": instret counts retired instructions; the CSR read sees the count before
  // the reading instruction retires. time is mtime (DESIGN.md: one tick per step).
  it('instret counts retired instructions and time follows the CLINT mtime', () => {
    const o = runIn(
      'M',
      `
      rdinstret a1
      nop
      addi zero, zero, 0
      rdinstret a2
      li t1, 0x200bff8
      ld a3, 0(t1)
      rdtime a4`,
    );
    expectNoTrap(o.m);
    expect(reg(o.m, 'a2') - reg(o.m, 'a1')).toBe(3n);
    expect(reg(o.m, 'a4') - reg(o.m, 'a3')).toBe(1n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('ID registers', () => {
  // misa: MXL (bits 63:62) = 2 for XLEN 64; extension bits A(0) C(2) I(8) M(12) S(18) U(20).
  // mvendorid = 0: "a value of 0 can be returned to indicate the field is not implemented or that this is a
  // non-commercial implementation"; mhartid = 0: "At least one hart must have a hart ID of zero."
  it('misa, mvendorid, marchid, mimpid, mhartid', () => {
    const o = runIn(
      'M',
      `
      csrr a1, misa
      csrr a2, mvendorid
      csrr a3, mhartid
      li t1, 0
      csrw misa, t1
      csrr a4, misa`,
    );
    expectNoTrap(o.m);
    expect(reg(o.m, 'a1')).toBe(0x8000000000141105n);
    expect(reg(o.m, 'a2')).toBe(0n);
    expect(reg(o.m, 'a3')).toBe(0n);
    expect(reg(o.m, 'a4')).toBe(0x8000000000141105n); // misa is WARL: the extensions cannot be disabled here
    expect(reg(o.m, 'a0')).toBe(0x55n);
  });
});
