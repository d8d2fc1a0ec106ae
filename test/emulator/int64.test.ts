import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as I64 from '../../emulator/int64';

/** The 64-bit helpers checked against BigInt (an independent implementation of the same arithmetic). */
const M = 1n << 64n;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const halves = (v: bigint): [number, number] => {
  const u = u64(v);
  return [Number(BigInt.asIntN(32, u & 0xffffffffn)), Number(BigInt.asIntN(32, u >> 32n))];
};
const result = (): bigint => I64.toBigInt(I64.out[0], I64.out[1]);

const EDGES = [
  0n,
  1n,
  2n,
  3n,
  -1n,
  -2n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  -0x80000000n,
  (1n << 53n) - 1n,
  1n << 53n,
  (1n << 63n) - 1n,
  -(1n << 63n),
  0x123456789abcdef0n,
  -0x123456789abcdefn,
];
const value = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
  fc.bigInt({ min: -(1n << 20n), max: 1n << 20n }),
  fc.bigInt({ min: 0n, max: 1n << 40n }),
);

type Binary = (aLo: number, aHi: number, bLo: number, bHi: number) => void;
function check(f: Binary, expected: (a: bigint, b: bigint) => bigint, runs = 3000): void {
  fc.assert(
    fc.property(value, value, (a, b) => {
      const [al, ah] = halves(a);
      const [bl, bh] = halves(b);
      f(al, ah, bl, bh);
      expect(result()).toBe(u64(expected(u64(a), u64(b))));
    }),
    { numRuns: runs },
  );
  // And every pair of edge values.
  for (const a of EDGES)
    for (const b of EDGES) {
      const [al, ah] = halves(a);
      const [bl, bh] = halves(b);
      f(al, ah, bl, bh);
      expect(result(), `${a} op ${b}`).toBe(u64(expected(u64(a), u64(b))));
    }
}

describe('int64 pair arithmetic agrees with BigInt', () => {
  it('add and sub wrap modulo 2^64', () => {
    check(I64.add, (a, b) => a + b);
    check(I64.sub, (a, b) => a - b);
  });

  it('shifts use the low 6 bits of the amount', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 200 }), (a, n) => {
        const [al, ah] = halves(a);
        const sh = BigInt(n & 63);
        I64.shiftLeft(al, ah, n);
        expect(result()).toBe(u64(a << sh));
        I64.shiftRightLogical(al, ah, n);
        expect(result()).toBe(u64(a) >> sh);
        I64.shiftRightArithmetic(al, ah, n);
        expect(result()).toBe(u64(s64(a) >> sh));
      }),
      { numRuns: 3000 },
    );
  });

  it('signed and unsigned comparisons', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const [al, ah] = halves(a);
        const [bl, bh] = halves(b);
        expect(I64.ltSigned(al, ah, bl, bh)).toBe(s64(a) < s64(b));
        expect(I64.ltUnsigned(al, ah, bl, bh)).toBe(u64(a) < u64(b));
      }),
    );
  });

  it('mul gives the low 64 bits; mulh, mulhsu, mulhu the high 64 bits of the 128-bit product', () => {
    check(I64.mulLow, (a, b) => a * b);
    check(I64.mulHighUnsigned, (a, b) => (a * b) >> 64n);
    check(I64.mulHighSigned, (a, b) => (s64(a) * s64(b)) >> 64n);
    check(I64.mulHighSignedUnsigned, (a, b) => (s64(a) * b) >> 64n);
  });

  it('divu and remu: division by zero gives all ones and the dividend', () => {
    check(I64.divUnsigned, (a, b) => (b === 0n ? M - 1n : a / b));
    check(I64.remUnsigned, (a, b) => (b === 0n ? a : a % b));
  });

  it('div and rem truncate toward zero; x/0 = -1, x%0 = x; -2^63 / -1 overflows to -2^63 with remainder 0', () => {
    const min = -(1n << 63n);
    check(I64.divSigned, (a, b) => {
      const sa = s64(a);
      const sb = s64(b);
      if (sb === 0n) return -1n;
      if (sa === min && sb === -1n) return min;
      return sa / sb;
    });
    check(I64.remSigned, (a, b) => {
      const sa = s64(a);
      const sb = s64(b);
      if (sb === 0n) return sa;
      if (sa === min && sb === -1n) return 0n;
      return sa % sb;
    });
  });

  it('32-bit divisions follow the same rules at 32 bits', () => {
    const w = fc.oneof(
      fc.constantFrom(0, 1, -1, 0x7fffffff, -0x80000000, 7, -7),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    );
    fc.assert(
      fc.property(w, w, (a, b) => {
        const A = BigInt(a);
        const B = BigInt(b);
        const sx = (v: bigint): number => Number(BigInt.asIntN(32, v));
        expect(I64.divw(a, b)).toBe(b === 0 ? -1 : a === -(2 ** 31) && b === -1 ? a : sx(A / B));
        expect(I64.remw(a, b)).toBe(b === 0 ? a : a === -(2 ** 31) && b === -1 ? 0 : sx(A % B));
        const ua = BigInt(a >>> 0);
        const ub = BigInt(b >>> 0);
        expect(I64.divuw(a, b)).toBe(b === 0 ? -1 : sx(ua / ub));
        expect(I64.remuw(a, b)).toBe(b === 0 ? a : sx(ua % ub));
      }),
      { numRuns: 5000 },
    );
  });

  it('converts to and from BigInt and unsigned numbers', () => {
    fc.assert(
      fc.property(value, (a) => {
        I64.fromBigInt(a);
        expect(result()).toBe(u64(a));
      }),
    );
    I64.fromUnsignedNumber(2 ** 53 - 1);
    expect(result()).toBe((1n << 53n) - 1n);
    expect(I64.toUnsignedNumber(-1, 0)).toBe(0xffffffff);
  });
});
