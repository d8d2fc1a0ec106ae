import { type Template, value, viaOut, word } from './template';

/**
 * RV64M: multiply and divide. The 64-bit products and quotients, with the spec's results for division by
 * zero and overflow, are int64.ts's functions; the templates call them.
 */
export const mTemplates: Record<string, Template> = {
  mul: value(undefined, (o) => viaOut('mulLow', o.a, o.b)),
  mulh: value(undefined, (o) => viaOut('mulHighSigned', o.a, o.b)),
  mulhsu: value(undefined, (o) => viaOut('mulHighSignedUnsigned', o.a, o.b)),
  mulhu: value(undefined, (o) => viaOut('mulHighUnsigned', o.a, o.b)),
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
