import { describe, expect, it } from 'vitest';
import { HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg, run } from './harness';

/**
 * RV64M (ISA manual, "M" Extension for Integer Multiplication and Division). The table "Semantics for division
 * by zero and division overflow" gives: x/0 -> quotient -1 (all ones; 2^XLEN-1 unsigned), remainder x;
 * overflow (-2^(L-1) / -1, signed only) -> quotient -2^(L-1), remainder 0. For the W forms L = 32 and the
 * 32-bit result is sign-extended to 64 bits.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const MIN64 = 0x8000000000000000n;
const ONES = 0xffffffffffffffffn;

describe.skipIf(!HAVE_GNU_AS)('RV64M multiplication', () => {
  // "MULH, MULHU, and MULHSU perform the same multiplication but return the upper XLEN bits of the full
  // 2×XLEN-bit product, for signed×signed, unsigned×unsigned, and signed rs1×unsigned rs2 multiplication."
  it('mul/mulh/mulhsu/mulhu with negative operands', () => {
    const m = run(`
      li a1, -2
      li a2, 3
      mul a0, a1, a2
      mulh a3, a1, a2
      mulhu a4, a1, a2
      mulhsu a5, a1, a2
      mulhsu a6, a2, a1
      li t0, 0x8000000000000000
      mulh a7, t0, t0
      mulhu s2, t0, t0
      mulhsu s3, t0, t0
      li t1, -1
      mulhu s4, t1, t1
      mulh s5, t1, t1
      mulhsu s6, t1, t1
      mul s7, t1, t1
    done: nop`);
    expect(reg(m, 'a0')).toBe(BigInt.asUintN(64, -6n));
    expect(reg(m, 'a3')).toBe(ONES); // -6 >> 64 = -1
    expect(reg(m, 'a4')).toBe(2n); // (2^64-2)*3 >> 64 = 2
    expect(reg(m, 'a5')).toBe(ONES); // -2 * 3 (unsigned) = -6 → high = -1
    expect(reg(m, 'a6')).toBe(2n); // 3 * (2^64-2) >> 64 = 2
    expect(reg(m, 'a7')).toBe(0x4000000000000000n); // (-2^63)^2 = 2^126
    expect(reg(m, 's2')).toBe(0x4000000000000000n); // (2^63)^2 = 2^126
    expect(reg(m, 's3')).toBe(0xc000000000000000n); // -2^63 * 2^63 = -2^126
    expect(reg(m, 's4')).toBe(0xfffffffffffffffen); // (2^64-1)^2 >> 64
    expect(reg(m, 's5')).toBe(0n); // (-1)*(-1) = 1
    expect(reg(m, 's6')).toBe(ONES); // -1 * (2^64-1) = -(2^64-1) → high = -1
    expect(reg(m, 's7')).toBe(1n);
  });

  // "MULW is an RV64 instruction that multiplies the lower 32 bits of the source registers, placing the
  // sign-extension of the lower 32 bits of the result into the destination register."
  it('mulw uses the low words and sign-extends', () => {
    const m = run(`
      li a1, 0x100010000
      li a2, 0x300008000
      mulw a0, a1, a2
      li a3, 0x7fffffff
      li a4, 2
      mulw a5, a3, a4
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n); // 0x10000 * 0x8000 = 0x80000000
    expect(reg(m, 'a5')).toBe(0xfffffffffffffffen);
  });
});

describe.skipIf(!HAVE_GNU_AS)('RV64M division edge cases', () => {
  it('division by zero: quotient all ones, remainder = dividend (64-bit)', () => {
    const m = run(`
      li a1, -7
      div a0, a1, zero
      divu a2, a1, zero
      rem a3, a1, zero
      remu a4, a1, zero
    done: nop`);
    expect(reg(m, 'a0')).toBe(ONES);
    expect(reg(m, 'a2')).toBe(ONES);
    expect(reg(m, 'a3')).toBe(BigInt.asUintN(64, -7n));
    expect(reg(m, 'a4')).toBe(BigInt.asUintN(64, -7n));
  });

  it('signed overflow: -2^63 / -1 = -2^63, remainder 0; unsigned forms are ordinary', () => {
    const m = run(`
      li a1, 0x8000000000000000
      li a2, -1
      div a0, a1, a2
      rem a3, a1, a2
      divu a4, a1, a2
      remu a5, a1, a2
    done: nop`);
    expect(reg(m, 'a0')).toBe(MIN64);
    expect(reg(m, 'a3')).toBe(0n);
    expect(reg(m, 'a4')).toBe(0n);
    expect(reg(m, 'a5')).toBe(MIN64);
  });

  // "DIV and DIVU perform an XLEN bits by XLEN bits signed and unsigned integer division of rs1 by rs2,
  // rounding towards zero. REM and REMU provide the remainder ... the sign of the result equals the sign of
  // the dividend."
  it('div/rem round towards zero and the remainder takes the sign of the dividend', () => {
    const m = run(`
      li a1, -7
      li a2, 2
      div a0, a1, a2
      rem a3, a1, a2
      li a4, 7
      li a5, -2
      div a6, a4, a5
      rem a7, a4, a5
      divu s2, a1, a2
      remu s3, a1, a2
    done: nop`);
    expect(reg(m, 'a0')).toBe(BigInt.asUintN(64, -3n));
    expect(reg(m, 'a3')).toBe(BigInt.asUintN(64, -1n));
    expect(reg(m, 'a6')).toBe(BigInt.asUintN(64, -3n));
    expect(reg(m, 'a7')).toBe(1n);
    expect(reg(m, 's2')).toBe((2n ** 64n - 7n) / 2n);
    expect(reg(m, 's3')).toBe(1n);
  });

  // "DIVW and DIVUW ... divide the lower 32 bits of rs1 by the lower 32 bits of rs2, treating them as signed
  // and unsigned integers respectively, placing the 32-bit quotient in rd, sign-extended to 64 bits. REMW and
  // REMUW ... Both REMW and REMUW always sign-extend the 32-bit result to 64 bits, including on a divide by zero."
  it('W forms: division by zero', () => {
    const m = run(`
      li a1, 0x123456780000000b
      li a2, 0xffffffff00000000
      divw a0, a1, a2
      divuw a3, a1, a2
      remw a4, a1, a2
      remuw a5, a1, a2
      li a6, 0x80000001
      remuw a7, a6, zero
      remw s2, a6, zero
    done: nop`);
    expect(reg(m, 'a0')).toBe(ONES);
    expect(reg(m, 'a3')).toBe(ONES); // 2^32-1 sign-extended
    expect(reg(m, 'a4')).toBe(11n);
    expect(reg(m, 'a5')).toBe(11n);
    expect(reg(m, 'a7')).toBe(0xffffffff80000001n);
    expect(reg(m, 's2')).toBe(0xffffffff80000001n);
  });

  it('W forms: signed overflow -2^31 / -1 and sign extension of results', () => {
    const m = run(`
      li a1, 0x80000000
      li a2, -1
      divw a0, a1, a2
      remw a3, a1, a2
      divuw a4, a1, a2
      remuw a5, a1, a2
      li a6, 0xfffffffe
      li a7, 1
      divuw s2, a6, a7
      li s3, -9
      li s4, 4
      divw s5, s3, s4
      remw s6, s3, s4
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a3')).toBe(0n);
    expect(reg(m, 'a4')).toBe(0n); // 0x80000000 / 0xffffffff = 0
    expect(reg(m, 'a5')).toBe(0xffffffff80000000n);
    expect(reg(m, 's2')).toBe(0xfffffffffffffffen); // 0xfffffffe sign-extended
    expect(reg(m, 's5')).toBe(BigInt.asUintN(64, -2n));
    expect(reg(m, 's6')).toBe(BigInt.asUintN(64, -1n));
  });
});
