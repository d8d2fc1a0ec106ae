// prettier-ignore
/**
 * ABI names of the 32 integer registers (psABI, "Integer Register Convention"), as GNU objdump prints them:
 * x8 is `s0`, not its other name `fp`. Eight to a line, as x0..x31 are usually tabled.
 */
export const ABI_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

/** The ABI name of register x`i` (0..31). */
export function regName(i: number): string {
  return ABI_NAMES[i & 31];
}

// prettier-ignore
/** Names of the 32 floating-point registers (f0..f31 by ABI name), as objdump prints them. */
export const FP_ABI_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7',
  'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7',
  'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];
