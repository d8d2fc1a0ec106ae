import { mulHighSigned64, mulHighSignedUnsigned64, mulHighUnsigned64, mulLow64 } from './multiply64';
import { type Template, value, viaOut, word } from './template';

/**
 * RV64M: multiply and divide. The 64-bit products and quotients, with the spec's results for division by
 * zero and overflow, are int64.ts's functions; the templates call them. The multiplies are written out inline
 * (multiply64.ts).
 */
export const mTemplates: Record<string, Template> = {
  // SPEED: the 64-bit multiplies are straight-line code in the block or op (multiply64.ts), not calls.
  mul: value(undefined, (o) => mulLow64(o.a, o.b)),
  mulh: value(undefined, (o) => mulHighSigned64(o.a, o.b)),
  mulhsu: value(undefined, (o) => mulHighSignedUnsigned64(o.a, o.b)),
  mulhu: value(undefined, (o) => mulHighUnsigned64(o.a, o.b)),
  div: value(undefined, (o) => viaOut('divSigned', o.a, o.b)),
  divu: value(undefined, (o) => viaOut('divUnsigned', o.a, o.b)),
  rem: value(undefined, (o) => viaOut('remSigned', o.a, o.b)),
  remu: value(undefined, (o) => viaOut('remUnsigned', o.a, o.b)),
  mulw: value(undefined, (o) => word(`Math.imul(${o.a.lo}, ${o.b.lo})`)),
  divw: value(undefined, (o) => word(`I64.divw(${o.a.lo}, ${o.b.lo})`)),
  divuw: value(undefined, (o) => word(`I64.divuw(${o.a.lo}, ${o.b.lo})`)),
  remw: value(undefined, (o) => word(`I64.remw(${o.a.lo}, ${o.b.lo})`)),
  remuw: value(undefined, (o) => word(`I64.remuw(${o.a.lo}, ${o.b.lo})`)),
};
