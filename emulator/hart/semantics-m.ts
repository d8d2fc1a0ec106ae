import * as I64 from '../int64';
import { rd, rs1, rs2 } from '../isa/fields';
import type { Hart } from './hart';
import type { Semantics } from './semantics-base';

/** RV64M: multiply and divide, with the spec's results for division by zero and overflow (in int64.ts). */
type Op = (aLo: number, aHi: number, bLo: number, bHi: number) => void;

function op(f: Op): Semantics {
  return (h: Hart, w: number) => {
    const a = rs1(w);
    const b = rs2(w);
    f(h.x[a], h.x[a + 32], h.x[b], h.x[b + 32]);
    h.setX(rd(w), I64.out[0], I64.out[1]);
  };
}

function opW(f: (a: number, b: number) => number): Semantics {
  return (h: Hart, w: number) => h.setX32(rd(w), f(h.x[rs1(w)], h.x[rs2(w)]));
}

export const mSemantics: Record<string, Semantics> = {
  mul: op(I64.mulLow),
  mulh: op(I64.mulHighSigned),
  mulhsu: op(I64.mulHighSignedUnsigned),
  mulhu: op(I64.mulHighUnsigned),
  div: op(I64.divSigned),
  divu: op(I64.divUnsigned),
  rem: op(I64.remSigned),
  remu: op(I64.remUnsigned),
  mulw: opW(Math.imul),
  divw: opW(I64.divw),
  divuw: opW(I64.divuw),
  remw: opW(I64.remw),
  remuw: opW(I64.remuw),
};
