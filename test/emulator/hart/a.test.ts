import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, run, runTo } from './harness';

/**
 * RV64A (ISA manual, "A" Extension for Atomic Instructions).
 * LR/SC: "SC.W conditionally writes a word in rs2 to the address in rs1: the SC.W succeeds only if the
 * reservation is still valid and the reservation set contains the bytes being written. If the SC.W succeeds,
 * the instruction writes the word in rs2 to memory, and it writes zero to rd. If the SC.W fails, the
 * instruction does not write to memory, and it writes a nonzero value to rd. ... Regardless of success or
 * failure, executing an SC.W instruction invalidates any reservation held by this hart."
 * (The failure code 1 is the one the manual defines: "SC writes zero to rd on success or a nonzero code on
 * failure" — and the only code defined so far is 1, "Unspecified failure".)
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const DATA = `
  j done
.align 3
data:
  .dword 0x1111111111111111
  .dword 0x2222222222222222
  .dword 0
.align 2
done: nop`;

describe.skipIf(!HAVE_GNU_AS)('LR/SC', () => {
  it('sc without a reservation fails with rd = 1 and does not store', () => {
    const m = run(`
      la t0, data
      li t1, 0x77
      sc.d a0, t1, (t0)
      ld a1, 0(t0)
      sc.w a2, t1, (t0)
      lw a3, 0(t0)
      ${DATA}`);
    expect(reg(m, 'a0')).toBe(1n);
    expect(reg(m, 'a1')).toBe(0x1111111111111111n);
    expect(reg(m, 'a2')).toBe(1n);
    expect(reg(m, 'a3')).toBe(0x11111111n);
  });

  it('lr then sc succeeds (rd = 0, memory written); a second sc fails', () => {
    const m = run(`
      la t0, data
      li t1, 0x77
      lr.d a0, (t0)
      sc.d a1, t1, (t0)
      ld a2, 0(t0)
      li t2, 0x88
      sc.d a3, t2, (t0)
      ld a4, 0(t0)
      ${DATA}`);
    expect(reg(m, 'a0')).toBe(0x1111111111111111n);
    expect(reg(m, 'a1')).toBe(0n);
    expect(reg(m, 'a2')).toBe(0x77n);
    expect(reg(m, 'a3')).toBe(1n);
    expect(reg(m, 'a4')).toBe(0x77n);
  });

  it('lr.w sign-extends the loaded word; sc.w stores only 32 bits', () => {
    const m = run(`
      la t0, data
      li t1, 0x80000000
      sw t1, 16(t0)
      addi t3, t0, 16
      lr.w a0, (t3)
      li t2, 0xaaaaaaaa12345678
      sc.w a1, t2, (t3)
      ld a2, 16(t0)
      ${DATA}`);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a1')).toBe(0n);
    expect(reg(m, 'a2')).toBe(0x12345678n);
  });

  it('sc to an address other than the reserved one fails and clears the reservation', () => {
    const m = run(`
      la t0, data
      addi t3, t0, 8
      li t1, 0x77
      lr.d a0, (t0)
      sc.d a1, t1, (t3)
      ld a2, 8(t0)
      sc.d a3, t1, (t0)
      ld a4, 0(t0)
      ${DATA}`);
    expect(reg(m, 'a1')).toBe(1n);
    expect(reg(m, 'a2')).toBe(0x2222222222222222n);
    expect(reg(m, 'a3')).toBe(1n); // the failed sc invalidated the reservation
    expect(reg(m, 'a4')).toBe(0x1111111111111111n);
  });

  // Privileged spec, "Trap-Return Instructions": "If the A extension is supported, the xRET instruction is
  // allowed to clear any outstanding LR address reservation but is not required to." Not tested: optional.
});

interface AmoCase {
  insn: string;
  mem: bigint;
  src: bigint;
  old: bigint; // rd
  result: bigint; // memory afterwards (the whole doubleword at data)
}

// "AMOs atomically load a data value from the address in rs1, place the value into register rd, apply a binary
// operator to the loaded value and the original value in rs2, then store the result back to the address in rs1.
// ... For RV64, 32-bit AMOs always sign-extend the value placed in rd, and ignore the upper 32 bits of the
// original value of rs2." The .w forms leave the upper word of the doubleword untouched.
const HI = 0xdeadbeef00000000n;
const AMO_CASES: AmoCase[] = [
  { insn: 'amoswap.w', mem: HI | 0x80000001n, src: 0x1234n, old: 0xffffffff80000001n, result: HI | 0x1234n },
  {
    insn: 'amoadd.w',
    mem: HI | 0x7fffffffn,
    src: 0xffffffff00000001n,
    old: 0x7fffffffn,
    result: HI | 0x80000000n,
  },
  {
    insn: 'amoxor.w',
    mem: HI | 0xf0f0f0f0n,
    src: 0xff00ff00n,
    old: 0xfffffffff0f0f0f0n,
    result: HI | 0x0ff00ff0n,
  },
  {
    insn: 'amoand.w',
    mem: HI | 0xf0f0f0f0n,
    src: 0xff00ff00n,
    old: 0xfffffffff0f0f0f0n,
    result: HI | 0xf000f000n,
  },
  { insn: 'amoor.w', mem: HI | 0x0000f0f0n, src: 0xff00ff00n, old: 0xf0f0n, result: HI | 0xff00fff0n },
  // signed: -1 < 1; unsigned: 0xffffffff > 1
  { insn: 'amomin.w', mem: HI | 0xffffffffn, src: 1n, old: 0xffffffffffffffffn, result: HI | 0xffffffffn },
  { insn: 'amomax.w', mem: HI | 0xffffffffn, src: 1n, old: 0xffffffffffffffffn, result: HI | 1n },
  { insn: 'amominu.w', mem: HI | 0xffffffffn, src: 1n, old: 0xffffffffffffffffn, result: HI | 1n },
  { insn: 'amomaxu.w', mem: HI | 0xffffffffn, src: 1n, old: 0xffffffffffffffffn, result: HI | 0xffffffffn },
  // .w compares only the low words: rs2's upper half must not matter
  { insn: 'amominu.w', mem: HI | 5n, src: 0xffffffff00000003n, old: 5n, result: HI | 3n },
  { insn: 'amomax.w', mem: HI | 5n, src: 0x0000000180000000n, old: 5n, result: HI | 5n },
  { insn: 'amoswap.d', mem: 0x8000000000000001n, src: 0x1234n, old: 0x8000000000000001n, result: 0x1234n },
  { insn: 'amoadd.d', mem: 0xffffffffffffffffn, src: 2n, old: 0xffffffffffffffffn, result: 1n },
  {
    insn: 'amoxor.d',
    mem: 0xff00ff00ff00ff00n,
    src: 0x0ff00ff00ff00ff0n,
    old: 0xff00ff00ff00ff00n,
    result: 0xf0f0f0f0f0f0f0f0n,
  },
  {
    insn: 'amoand.d',
    mem: 0xff00ff00ff00ff00n,
    src: 0x0ff00ff00ff00ff0n,
    old: 0xff00ff00ff00ff00n,
    result: 0x0f000f000f000f00n,
  },
  {
    insn: 'amoor.d',
    mem: 0xff00ff00ff00ff00n,
    src: 0x0ff00ff00ff00ff0n,
    old: 0xff00ff00ff00ff00n,
    result: 0xfff0fff0fff0fff0n,
  },
  {
    insn: 'amomin.d',
    mem: 0x8000000000000000n,
    src: 1n,
    old: 0x8000000000000000n,
    result: 0x8000000000000000n,
  },
  { insn: 'amomax.d', mem: 0x8000000000000000n, src: 1n, old: 0x8000000000000000n, result: 1n },
  { insn: 'amominu.d', mem: 0x8000000000000000n, src: 1n, old: 0x8000000000000000n, result: 1n },
  {
    insn: 'amomaxu.d',
    mem: 0x8000000000000000n,
    src: 1n,
    old: 0x8000000000000000n,
    result: 0x8000000000000000n,
  },
  // the 64-bit comparisons must look at the low words when the high words are equal
  {
    insn: 'amomin.d',
    mem: 0xffffffff00000002n,
    src: 0xffffffff80000001n,
    old: 0xffffffff00000002n,
    result: 0xffffffff00000002n,
  },
  {
    insn: 'amomaxu.d',
    mem: 0x0000000100000002n,
    src: 0x0000000180000001n,
    old: 0x0000000100000002n,
    result: 0x0000000180000001n,
  },
];

describe.skipIf(!HAVE_GNU_AS)('AMOs', () => {
  for (const c of AMO_CASES) {
    it(`${c.insn}: [0x${c.mem.toString(16)}] op 0x${c.src.toString(16)} → rd 0x${c.old.toString(16)}, memory 0x${c.result.toString(16)}`, () => {
      const m = run(`
        la t0, data
        li t1, 0x${c.mem.toString(16)}
        sd t1, 16(t0)
        addi t3, t0, 16
        li a1, 0x${c.src.toString(16)}
        ${c.insn} a0, a1, (t3)
        ld a2, 16(t0)
        ${DATA}`);
      expect(reg(m, 'a0')).toBe(c.old);
      expect(reg(m, 'a2')).toBe(c.result);
      expect(reg(m, 'a1')).toBe(c.src); // rs2 unchanged
    });
  }

  it('an AMO with rd = rs2 still uses the old rs2 value', () => {
    const m = run(`
      la t0, data
      li a0, 5
      amoadd.d a0, a0, (t0)
      ld a1, 0(t0)
      ${DATA}`);
    expect(reg(m, 'a0')).toBe(0x1111111111111111n);
    expect(reg(m, 'a1')).toBe(0x1111111111111116n);
  });
});

// "For LR and SC, the A extension requires that the address held in rs1 be naturally aligned to the size of
// the operand ... If the address is not naturally aligned, an address-misaligned exception or an access-fault
// exception will be generated." The same holds for AMOs. Privileged spec, exception codes: 4 load address
// misaligned (LR is a load), 6 store/AMO address misaligned (SC and AMOs). DESIGN.md: plain misaligned
// accesses are performed by the default machine, which must not extend to atomics (QEMU faults them too).
describe.skipIf(!HAVE_GNU_AS)(
  'misaligned atomics fault even when plain misaligned accesses are performed',
  () => {
    for (const [insn, offset, cause] of [
      ['lr.w a0, (t0)', 2, 4n],
      ['lr.d a0, (t0)', 4, 4n],
      ['sc.w a0, a1, (t0)', 1, 6n],
      ['sc.d a0, a1, (t0)', 4, 6n],
      ['amoadd.w a0, a1, (t0)', 2, 6n],
      ['amoswap.d a0, a1, (t0)', 4, 6n],
      ['amomaxu.d a0, a1, (t0)', 1, 6n],
    ] as const) {
      it(`${insn} at data+${offset}: cause ${cause}, mtval = address, memory unchanged`, () => {
        const { m, symbols } = machineFor(`
        la t1, done
        csrw mtvec, t1
        la t0, data
        addi t0, t0, ${offset}
        li a0, 0x55
        li a1, -1
      fault:
        ${insn}
        li a0, 99
        ${DATA}`);
        runTo(m, symbols);
        expect(csrValue(m, CSR.mcause)).toBe(cause);
        expect(csrValue(m, CSR.mepc)).toBe(BigInt(symbols.get('fault')!));
        expect(csrValue(m, CSR.mtval)).toBe(BigInt(symbols.get('data')! + offset));
        expect(reg(m, 'a0')).toBe(0x55n);
        const off = symbols.get('data')! - 0x80000000;
        expect(Array.from(m.ram.bytes.subarray(off, off + 8))).toEqual(Array(8).fill(0x11));
      });
    }

    it('an lr.d whose address is misaligned sets no reservation for a later sc', () => {
      const { m, symbols } = machineFor(`
      la t1, resume
      csrw mtvec, t1
      la t0, data
      addi t2, t0, 4
      lr.d a0, (t2)
    .align 2
    resume:
      li a1, 0x42
      sc.d a2, a1, (t0)
      ld a3, 0(t0)
      ${DATA}`);
      runTo(m, symbols);
      expect(csrValue(m, CSR.mcause)).toBe(4n);
      expect(reg(m, 'a2')).toBe(1n);
      expect(reg(m, 'a3')).toBe(0x1111111111111111n);
    });
  },
);
