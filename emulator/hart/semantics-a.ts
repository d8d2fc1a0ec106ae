import * as I64 from '../int64';
import { rd, rs1, rs2 } from '../isa/fields';
import type { Hart } from './hart';
import { Access } from './privilege';
import type { Semantics } from './semantics-base';

/**
 * RV64A: load-reserved/store-conditional and the atomic memory operations. One hart, so every operation is
 * atomic by construction; aq/rl order nothing observable here.
 *
 * The reservation is the LR's physical address; an SC succeeds only at that address with the reservation
 * still valid, and every SC (successful or not) clears it, as the spec requires.
 */
const out = I64.out;

function loadReserved(width: 4 | 8): Semantics {
  return (h: Hart, w: number) => {
    const a = rs1(w);
    const vLo = h.x[a];
    const vHi = h.x[a + 32];
    const pa = h.atomicAddress(vLo, vHi, width, Access.Load);
    h.readAtomic(pa, width, Access.Load, vLo, vHi);
    h.setX(rd(w), out[0], width === 8 ? out[1] : out[0] >> 31);
    h.reservationValid = true;
    h.reservationAddress = pa;
  };
}

function storeConditional(width: 4 | 8): Semantics {
  return (h: Hart, w: number) => {
    const a = rs1(w);
    const vLo = h.x[a];
    const vHi = h.x[a + 32];
    const pa = h.atomicAddress(vLo, vHi, width, Access.Store);
    const success = h.reservationValid && h.reservationAddress === pa;
    h.reservationValid = false;
    if (success) {
      const s = rs2(w);
      h.writeAtomic(pa, width, h.x[s], h.x[s + 32], vLo, vHi);
    }
    // rd = 0 on success, 1 on failure.
    h.setX(rd(w), success ? 0 : 1, 0);
  };
}

/** An AMO: rd = old memory value (sign-extended for .w); memory = f(old, x[rs2]). */
function amo(width: 4 | 8, f: (aLo: number, aHi: number, bLo: number, bHi: number) => void): Semantics {
  return (h: Hart, w: number) => {
    const a = rs1(w);
    const vLo = h.x[a];
    const vHi = h.x[a + 32];
    const pa = h.atomicAddress(vLo, vHi, width, Access.Store);
    h.readAtomic(pa, width, Access.Store, vLo, vHi);
    const oldLo = out[0];
    const oldHi = width === 8 ? out[1] : out[0] >> 31;
    const s = rs2(w);
    const srcLo = h.x[s];
    const srcHi = width === 8 ? h.x[s + 32] : srcLo >> 31;
    f(oldLo, oldHi, srcLo, srcHi);
    h.writeAtomic(pa, width, out[0], out[1], vLo, vHi);
    h.setX(rd(w), oldLo, oldHi);
  };
}

// The AMO operations on sign-extended pairs; for .w the low word of the result is what gets stored.
const swap = (_aLo: number, _aHi: number, bLo: number, bHi: number): void => {
  out[0] = bLo;
  out[1] = bHi;
};
const xor = (aLo: number, aHi: number, bLo: number, bHi: number): void => {
  out[0] = aLo ^ bLo;
  out[1] = aHi ^ bHi;
};
const and = (aLo: number, aHi: number, bLo: number, bHi: number): void => {
  out[0] = aLo & bLo;
  out[1] = aHi & bHi;
};
const or = (aLo: number, aHi: number, bLo: number, bHi: number): void => {
  out[0] = aLo | bLo;
  out[1] = aHi | bHi;
};
function pick(less: (aLo: number, aHi: number, bLo: number, bHi: number) => boolean, wantMin: boolean) {
  return (aLo: number, aHi: number, bLo: number, bHi: number): void => {
    const aFirst = less(aLo, aHi, bLo, bHi) === wantMin;
    out[0] = aFirst ? aLo : bLo;
    out[1] = aFirst ? aHi : bHi;
  };
}
/** For .w the operands are 32-bit: compare the sign-extended (or, for unsigned, zero-extended) words. */
const ltUnsigned32 = (aLo: number, _aHi: number, bLo: number, _bHi: number): boolean => aLo >>> 0 < bLo >>> 0;

export const aSemantics: Record<string, Semantics> = {
  'lr.w': loadReserved(4),
  'lr.d': loadReserved(8),
  'sc.w': storeConditional(4),
  'sc.d': storeConditional(8),
  'amoswap.w': amo(4, swap),
  'amoadd.w': amo(4, I64.add),
  'amoxor.w': amo(4, xor),
  'amoand.w': amo(4, and),
  'amoor.w': amo(4, or),
  'amomin.w': amo(4, pick(I64.ltSigned, true)),
  'amomax.w': amo(4, pick(I64.ltSigned, false)),
  'amominu.w': amo(4, pick(ltUnsigned32, true)),
  'amomaxu.w': amo(4, pick(ltUnsigned32, false)),
  'amoswap.d': amo(8, swap),
  'amoadd.d': amo(8, I64.add),
  'amoxor.d': amo(8, xor),
  'amoand.d': amo(8, and),
  'amoor.d': amo(8, or),
  'amomin.d': amo(8, pick(I64.ltSigned, true)),
  'amomax.d': amo(8, pick(I64.ltSigned, false)),
  'amominu.d': amo(8, pick(I64.ltUnsigned, true)),
  'amomaxu.d': amo(8, pick(I64.ltUnsigned, false)),
};
