import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../emulator/hart/semantics';

/**
 * The inline 64-bit multiplies (emulator/hart/multiply64.ts), as both engines paste them, against BigInt
 * arithmetic straight from the M chapter's definitions: mul = low 64 bits of the product; mulh, mulhu,
 * mulhsu = high 64 bits of the 128-bit product of the operands read signed×signed, unsigned×unsigned,
 * signed×unsigned.
 */
type Op = (aLo: number, aHi: number, bLo: number, bHi: number) => [number, number];

function compiled(name: string): Op {
  const code = TEMPLATES[name].code({
    a: { lo: 'aLo', hi: 'aHi' },
    b: { lo: 'bLo', hi: 'bHi' },
    imm: { lo: '0', hi: '0' },
    pc: { lo: '0', hi: '0' },
    npc: { lo: '0', hi: '0' },
    sync: '',
  });
  return new Function(
    'aLo',
    'aHi',
    'bLo',
    'bHi',
    `let lo = 0, hi = 0, t = 0, al = 0, ah = 0, tl = 0, th = 0;\n${code}\nreturn [lo, hi];`,
  ) as Op;
}

const M64 = (1n << 64n) - 1n;
const signed = (v: bigint): bigint => BigInt.asIntN(64, v);
const EXPECTED: Record<string, (a: bigint, b: bigint) => bigint> = {
  mul: (a, b) => (a * b) & M64,
  mulhu: (a, b) => ((a * b) >> 64n) & M64,
  mulh: (a, b) => ((signed(a) * signed(b)) >> 64n) & M64,
  mulhsu: (a, b) => ((signed(a) * b) >> 64n) & M64,
};

const split = (v: bigint): [number, number] => [Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0];
const join = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

const EDGES = [
  0n,
  1n,
  M64, // -1
  1n << 63n, // min int64
  (1n << 63n) - 1n, // max int64
  (1n << 32n) + 1n,
  (1n << 32n) - 1n,
  1n << 32n,
  0xffffn,
  0x10000n,
  0x9e3779b97f4a7c15n,
  0x5851f42d4c957f2dn,
];
const operand = fc.oneof(fc.constantFrom(...EDGES), fc.bigInt({ min: 0n, max: M64 }));

describe('inline 64-bit multiplies', () => {
  for (const name of Object.keys(EXPECTED)) {
    const run = compiled(name);
    const check = (a: bigint, b: bigint): void => {
      const [lo, hi] = run(...split(a), ...split(b));
      // Both halves stay int32 (the translator compares registers with ===).
      expect(lo).toBe(lo | 0);
      expect(hi).toBe(hi | 0);
      expect(join(lo, hi)).toBe(EXPECTED[name](a, b));
    };
    it(`${name} equals BigInt arithmetic on every pair of edge cases`, () => {
      for (const a of EDGES) for (const b of EDGES) check(a, b);
    });
    it(`${name} equals BigInt arithmetic on random operands`, () => {
      fc.assert(
        fc.property(operand, operand, (a, b) => check(a, b)),
        { numRuns: 3000 },
      );
    });
  }
  it('calls nothing: no int64.ts function, no BigInt, in the generated code', () => {
    for (const name of Object.keys(EXPECTED)) {
      const code = compiled(name).toString();
      expect(code).not.toMatch(/I64\.|BigInt|out\[/);
    }
  });
});
