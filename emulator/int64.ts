/**
 * All 64-bit arithmetic on hartscope's register representation lives here (as TinyEMU keeps its uintx_t
 * helpers together). A 64-bit value is a pair of 32-bit integers (lo, hi), each stored as a signed int32 in
 * an Int32Array; DESIGN.md explains why (3–4× faster than BigInt in V8).
 *
 * Results come back in the shared `out` pair (out[0] = lo, out[1] = hi), so nothing is allocated per
 * instruction. Read `out` before calling another helper from this module.
 */

export const out = new Int32Array(2);

const TWO_32 = 4294967296;

// ---------- construction and conversion (the API's edges; BigInt appears only here) ----------

export function toBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function toSignedBigInt(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, toBigInt(lo, hi));
}

/** Split a BigInt (taken modulo 2^64) into `out`. */
export function fromBigInt(v: bigint): void {
  const u = BigInt.asUintN(64, v);
  out[0] = Number(u & 0xffffffffn);
  out[1] = Number(u >> 32n);
}

/** The unsigned value as a JS number; exact while below 2^53 (addresses, counters). */
export function toUnsignedNumber(lo: number, hi: number): number {
  return (hi >>> 0) * TWO_32 + (lo >>> 0);
}

/** Split a non-negative integer JS number (< 2^64, exact below 2^53) into `out`. */
export function fromUnsignedNumber(n: number): void {
  out[0] = (n % TWO_32) | 0;
  out[1] = Math.floor(n / TWO_32) | 0;
}

// ---------- add, subtract ----------

export function add(aLo: number, aHi: number, bLo: number, bHi: number): void {
  const lo = (aLo >>> 0) + (bLo >>> 0);
  out[0] = lo;
  out[1] = (aHi + bHi + (lo > 0xffffffff ? 1 : 0)) | 0;
}

export function sub(aLo: number, aHi: number, bLo: number, bHi: number): void {
  const borrow = aLo >>> 0 < bLo >>> 0 ? 1 : 0;
  out[0] = (aLo - bLo) | 0;
  out[1] = (aHi - bHi - borrow) | 0;
}

// ---------- compare ----------

export function ltSigned(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
  return aHi < bHi || (aHi === bHi && aLo >>> 0 < bLo >>> 0);
}

export function ltUnsigned(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
  const ah = aHi >>> 0;
  const bh = bHi >>> 0;
  return ah < bh || (ah === bh && aLo >>> 0 < bLo >>> 0);
}

// ---------- shifts (the amount is taken modulo 64, as RV64's shifts do) ----------

export function shiftLeft(lo: number, hi: number, amount: number): void {
  const n = amount & 63;
  if (n === 0) {
    out[0] = lo;
    out[1] = hi;
  } else if (n < 32) {
    out[1] = (hi << n) | (lo >>> (32 - n));
    out[0] = lo << n;
  } else {
    out[1] = lo << (n - 32);
    out[0] = 0;
  }
}

export function shiftRightLogical(lo: number, hi: number, amount: number): void {
  const n = amount & 63;
  if (n === 0) {
    out[0] = lo;
    out[1] = hi;
  } else if (n < 32) {
    out[0] = (lo >>> n) | (hi << (32 - n));
    out[1] = hi >>> n;
  } else {
    out[0] = hi >>> (n - 32);
    out[1] = 0;
  }
}

export function shiftRightArithmetic(lo: number, hi: number, amount: number): void {
  const n = amount & 63;
  if (n === 0) {
    out[0] = lo;
    out[1] = hi;
  } else if (n < 32) {
    out[0] = (lo >>> n) | (hi << (32 - n));
    out[1] = hi >> n;
  } else {
    out[0] = hi >> (n - 32);
    out[1] = hi >> 31;
  }
}

// ---------- multiply ----------

// 16-bit limbs of the two operands and of the 128-bit product, reused across calls.
const aLimbs = new Uint32Array(4);
const bLimbs = new Uint32Array(4);
const product = new Uint32Array(8);

/** The full unsigned 128-bit product of a and b, in `product` as eight 16-bit limbs (little-endian). */
function multiplyUnsigned128(aLo: number, aHi: number, bLo: number, bHi: number): void {
  aLimbs[0] = aLo & 0xffff;
  aLimbs[1] = aLo >>> 16;
  aLimbs[2] = aHi & 0xffff;
  aLimbs[3] = aHi >>> 16;
  bLimbs[0] = bLo & 0xffff;
  bLimbs[1] = bLo >>> 16;
  bLimbs[2] = bHi & 0xffff;
  bLimbs[3] = bHi >>> 16;
  product.fill(0);
  for (let i = 0; i < 4; i++) {
    let carry = 0;
    const ai = aLimbs[i];
    for (let j = 0; j < 4; j++) {
      // At most 0xffff * 0xffff + 0xffff + 0xffff < 2^32: exact in a double.
      const t = ai * bLimbs[j] + product[i + j] + carry;
      product[i + j] = t & 0xffff;
      carry = t >>> 16;
    }
    product[i + 4] = carry;
  }
}

/** Low 64 bits of a × b (MUL: the same for signed and unsigned operands). */
export function mulLow(aLo: number, aHi: number, bLo: number, bHi: number): void {
  // lo×lo gives 64 bits; the cross terms only reach the high word.
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const mid = a1 * b0 + (p00 >>> 16); // < 2^32 + 2^16: exact
  const mid2 = a0 * b1 + (mid % 0x10000);
  const lo = ((mid2 & 0xffff) * 0x10000 + (p00 & 0xffff)) >>> 0;
  const carryIntoHi = Math.floor(mid / 0x10000) + Math.floor(mid2 / 0x10000) + a1 * b1;
  out[0] = lo | 0;
  out[1] = (carryIntoHi + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) | 0;
}

/** High 64 bits of unsigned a × unsigned b (MULHU). */
export function mulHighUnsigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  multiplyUnsigned128(aLo, aHi, bLo, bHi);
  out[0] = product[4] | (product[5] << 16) | 0;
  out[1] = product[6] | (product[7] << 16) | 0;
}

/** High 64 bits of signed a × signed b (MULH): the unsigned product corrected for negative operands. */
export function mulHighSigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  mulHighUnsigned(aLo, aHi, bLo, bHi);
  let lo = out[0];
  let hi = out[1];
  if (aHi < 0) {
    sub(lo, hi, bLo, bHi);
    lo = out[0];
    hi = out[1];
  }
  if (bHi < 0) {
    sub(lo, hi, aLo, aHi);
    lo = out[0];
    hi = out[1];
  }
  out[0] = lo;
  out[1] = hi;
}

/** High 64 bits of signed a × unsigned b (MULHSU). */
export function mulHighSignedUnsigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  mulHighUnsigned(aLo, aHi, bLo, bHi);
  if (aHi < 0) sub(out[0], out[1], bLo, bHi);
}

// ---------- divide (ISA manual, M chapter: "Division by zero and overflow") ----------

let remainderLo = 0;
let remainderHi = 0;

/** Unsigned a / b into `out`, remainder kept for `takeRemainder`; b must not be zero. */
function divideUnsigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  const a = toUnsignedNumber(aLo, aHi);
  const b = toUnsignedNumber(bLo, bHi);
  if (aHi >>> 0 < 0x200000 && bHi >>> 0 < 0x200000) {
    // Both below 2^53: a double quotient, corrected by one step, is exact.
    let q = Math.floor(a / b);
    let r = a - q * b;
    if (r < 0) {
      q -= 1;
      r += b;
    } else if (r >= b) {
      q += 1;
      r -= b;
    }
    fromUnsignedNumber(r);
    remainderLo = out[0];
    remainderHi = out[1];
    fromUnsignedNumber(q);
    return;
  }
  // Restoring long division, one bit at a time (rare: operands of 53 bits or more).
  let qLo = 0;
  let qHi = 0;
  let rLo = 0;
  let rHi = 0;
  for (let i = 63; i >= 0; i--) {
    // r = (r << 1) | bit i of a
    const bitOfA = i >= 32 ? (aHi >>> (i - 32)) & 1 : (aLo >>> i) & 1;
    rHi = (rHi << 1) | (rLo >>> 31);
    rLo = (rLo << 1) | bitOfA;
    if (!ltUnsigned(rLo, rHi, bLo, bHi)) {
      sub(rLo, rHi, bLo, bHi);
      rLo = out[0];
      rHi = out[1];
      if (i >= 32) qHi |= 1 << (i - 32);
      else qLo |= 1 << i;
    }
  }
  remainderLo = rLo;
  remainderHi = rHi;
  out[0] = qLo;
  out[1] = qHi;
}

/** DIVU: unsigned quotient; division by zero gives all ones. */
export function divUnsigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  if ((bLo | bHi) === 0) {
    out[0] = -1;
    out[1] = -1;
    return;
  }
  divideUnsigned(aLo, aHi, bLo, bHi);
}

/** REMU: unsigned remainder; division by zero gives the dividend. */
export function remUnsigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  if ((bLo | bHi) === 0) {
    out[0] = aLo;
    out[1] = aHi;
    return;
  }
  divideUnsigned(aLo, aHi, bLo, bHi);
  out[0] = remainderLo;
  out[1] = remainderHi;
}

function negateInto(lo: number, hi: number): void {
  sub(0, 0, lo, hi);
}

/** Signed quotient or remainder via the unsigned division of magnitudes (truncating toward zero). */
function divideSigned(aLo: number, aHi: number, bLo: number, bHi: number, wantRemainder: boolean): void {
  const aNegative = aHi < 0;
  const bNegative = bHi < 0;
  let uaLo = aLo;
  let uaHi = aHi;
  let ubLo = bLo;
  let ubHi = bHi;
  if (aNegative) {
    negateInto(aLo, aHi);
    uaLo = out[0];
    uaHi = out[1];
  }
  if (bNegative) {
    negateInto(bLo, bHi);
    ubLo = out[0];
    ubHi = out[1];
  }
  divideUnsigned(uaLo, uaHi, ubLo, ubHi);
  if (wantRemainder) {
    // The remainder takes the dividend's sign.
    if (aNegative) negateInto(remainderLo, remainderHi);
    else {
      out[0] = remainderLo;
      out[1] = remainderHi;
    }
  } else if (aNegative !== bNegative) {
    negateInto(out[0], out[1]);
  }
}

const isMostNegative = (lo: number, hi: number): boolean => lo === 0 && hi === -0x80000000;
const isMinusOne = (lo: number, hi: number): boolean => (lo & hi) === -1;

/** DIV: signed quotient; x/0 = -1, and the overflow -2^63 / -1 = -2^63. */
export function divSigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  if ((bLo | bHi) === 0) {
    out[0] = -1;
    out[1] = -1;
  } else if (isMostNegative(aLo, aHi) && isMinusOne(bLo, bHi)) {
    out[0] = aLo;
    out[1] = aHi;
  } else divideSigned(aLo, aHi, bLo, bHi, false);
}

/** REM: signed remainder; x%0 = x, and the overflow -2^63 % -1 = 0. */
export function remSigned(aLo: number, aHi: number, bLo: number, bHi: number): void {
  if ((bLo | bHi) === 0) {
    out[0] = aLo;
    out[1] = aHi;
  } else if (isMostNegative(aLo, aHi) && isMinusOne(bLo, bHi)) {
    out[0] = 0;
    out[1] = 0;
  } else divideSigned(aLo, aHi, bLo, bHi, true);
}

// ---------- 32-bit (W) operations: the result is sign-extended to 64 bits ----------

/** DIVW: 32-bit signed quotient, same special cases as DIV at 32 bits. */
export function divw(a: number, b: number): number {
  if (b === 0) return -1;
  if (a === -0x80000000 && b === -1) return a;
  return (a / b) | 0;
}

export function remw(a: number, b: number): number {
  if (b === 0) return a;
  if (a === -0x80000000 && b === -1) return 0;
  return (a % b) | 0;
}

export function divuw(a: number, b: number): number {
  if (b === 0) return -1;
  return ((a >>> 0) / (b >>> 0)) | 0;
}

export function remuw(a: number, b: number): number {
  if (b === 0) return a;
  return ((a >>> 0) % (b >>> 0)) | 0;
}
