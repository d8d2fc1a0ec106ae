import type { Pair } from './template';

/**
 * The 64-bit multiplies of RV64M (mul, mulh, mulhu, mulhsu) as straight-line template code: no calls, no
 * arrays, no BigInt, so the translator's blocks and the interpreter's ops compute a product in registers.
 * Each 32 × 32-bit partial product is formed from 16-bit halves, every intermediate staying below 2^53 (exact
 * in a double); the 128-bit product's words are then summed with their carries. Names declared here live in
 * their own { } blocks, so they never clash with the engines' variables (template.ts).
 */

/** hi:lo = a × b, both read as unsigned 32-bit numbers, each result an int32. */
const mul32 = (a: string, b: string, hi: string, lo: string): string =>
  `{ const a0 = ${a} & 0xffff, a1 = ${a} >>> 16, b0 = ${b} & 0xffff, b1 = ${b} >>> 16; ` +
  'const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0; ' +
  'const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff); ' +
  `${lo} = (mid << 16) | (p00 & 0xffff); ${hi} = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0; }`;

/** lo, hi -= B (mod 2^64). */
const subtract = (B: Pair): string =>
  `t = (lo >>> 0) < (${B.lo} >>> 0) ? 1 : 0; lo = (lo - ${B.lo}) | 0; hi = (hi - ${B.hi} - t) | 0;`;

/** lo, hi = the low 64 bits of A × B (the same for signed and unsigned operands). */
export const mulLow64 = (A: Pair, B: Pair): string =>
  `{ let mh = 0; ${mul32(A.lo, B.lo, 'mh', 'lo')} ` +
  `hi = (mh + Math.imul(${A.lo}, ${B.hi}) + Math.imul(${A.hi}, ${B.lo})) | 0; }`;

/** lo, hi = the high 64 bits of unsigned A × unsigned B. */
export const mulHighUnsigned64 = (A: Pair, B: Pair): string =>
  '{ let llh = 0, lll = 0, lhh = 0, lhl = 0, hlh = 0, hll = 0, hhh = 0, hhl = 0; ' +
  mul32(A.lo, B.lo, 'llh', 'lll') +
  mul32(A.lo, B.hi, 'lhh', 'lhl') +
  mul32(A.hi, B.lo, 'hlh', 'hll') +
  mul32(A.hi, B.hi, 'hhh', 'hhl') +
  ' const w1 = (llh >>> 0) + (lhl >>> 0) + (hll >>> 0); ' +
  'const w2 = (hhl >>> 0) + (lhh >>> 0) + (hlh >>> 0) + Math.floor(w1 / 4294967296); ' +
  'lo = w2 | 0; hi = ((hhh >>> 0) + Math.floor(w2 / 4294967296)) | 0; }';

/**
 * lo, hi = the high 64 bits of signed A × signed B: the unsigned product's high half, less B when A is
 * negative and less A when B is (a negative operand read as unsigned is itself + 2^64).
 */
export const mulHighSigned64 = (A: Pair, B: Pair): string =>
  `${mulHighUnsigned64(A, B)} if (${A.hi} < 0) { ${subtract(B)} } if (${B.hi} < 0) { ${subtract(A)} }`;

/** lo, hi = the high 64 bits of signed A × unsigned B. */
export const mulHighSignedUnsigned64 = (A: Pair, B: Pair): string =>
  `${mulHighUnsigned64(A, B)} if (${A.hi} < 0) { ${subtract(B)} }`;
