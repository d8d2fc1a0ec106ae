/**
 * Operand roles of the instruction table (table.ts), for the assembler: what each role looks like in the
 * source, which values it takes, and where its bits go. Each `insert` is the inverse of the fields.ts
 * accessor the decoder reads the same role with (a test checks every pair). A new role in the table is one
 * entry here.
 */

export type RoleShape =
  /** An x register, or (freg) an f register; `min..max` limit the compressed 3-bit forms to x8..x15. */
  | 'xreg'
  | 'freg'
  /** An integer or symbol expression (immediates, CSR numbers as numbers). */
  | 'imm'
  /** A branch or jump target: a symbol (the address) or a number (GNU as: an absolute address). */
  | 'target'
  /** offset(base): a memory operand; the base register's limits are `base`. */
  | 'mem'
  | 'csr'
  | 'fence'
  | 'rm';

export interface RoleSpec {
  shape: RoleShape;
  /** Register limits (xreg/freg) or base register limits (mem). */
  regMin?: number;
  regMax?: number;
  /** Immediate limits (inclusive), required multiple, whether zero is excluded. */
  min?: number;
  max?: number;
  multiple?: number;
  nonzero?: boolean;
  /** A register that must be exactly this one (the implicit sp of some compressed forms). */
  fixedReg?: number;
  /** The bits of this operand. For 'mem', `v` is the offset and `base` the base register. */
  insert: (v: number, base?: number) => number;
}

/** Place bits [hi..lo] of v at instruction bit `at` and up, for each [hi, lo, at]. */
function scatter(v: number, pieces: readonly (readonly [number, number, number])[]): number {
  let w = 0;
  for (const [hi, lo, at] of pieces) w |= ((v >>> lo) & ((1 << (hi - lo + 1)) - 1)) << at;
  return w >>> 0;
}

const immI = (v: number): number => ((v & 0xfff) << 20) >>> 0;
const immS = (v: number): number =>
  scatter(v, [
    [11, 5, 25],
    [4, 0, 7],
  ]);
const immB = (v: number): number =>
  scatter(v, [
    [12, 12, 31],
    [10, 5, 25],
    [4, 1, 8],
    [11, 11, 7],
  ]);
const immJ = (v: number): number =>
  scatter(v, [
    [20, 20, 31],
    [10, 1, 21],
    [11, 11, 20],
    [19, 12, 12],
  ]);
const cImm6 = (v: number): number =>
  scatter(v, [
    [5, 5, 12],
    [4, 0, 2],
  ]);

const x = (shift: number): RoleSpec => ({ shape: 'xreg', insert: (v) => (v << shift) >>> 0 });
const xp = (shift: number): RoleSpec => ({
  shape: 'xreg',
  regMin: 8,
  regMax: 15,
  insert: (v) => (v - 8) << shift,
});
const f = (shift: number): RoleSpec => ({ shape: 'freg', insert: (v) => (v << shift) >>> 0 });
const fp = (shift: number): RoleSpec => ({ ...xp(shift), shape: 'freg' });
/** A compressed memory operand: offset(base) with an unsigned scaled offset. */
const cmem = (
  max: number,
  multiple: number,
  sp: boolean,
  pieces: readonly (readonly [number, number, number])[],
): RoleSpec => ({
  shape: 'mem',
  min: 0,
  max,
  multiple,
  ...(sp ? { fixedReg: 2 } : { regMin: 8, regMax: 15 }),
  insert: (v, base = 0) => (scatter(v, pieces) | (sp ? 0 : (base - 8) << 7)) >>> 0,
});

// prettier-ignore
export const ROLES: Readonly<Record<string, RoleSpec>> = {
  rd: x(7), rs1: x(15), rs2: x(20),
  frd: f(7), frs1: f(15), frs2: f(20), frs3: f(27),
  imm12: { shape: 'imm', min: -2048, max: 2047, insert: immI },
  shamt6: { shape: 'imm', min: 0, max: 63, insert: (v) => v << 20 },
  shamt5: { shape: 'imm', min: 0, max: 31, insert: (v) => v << 20 },
  uimm20: { shape: 'imm', min: 0, max: 0xfffff, insert: (v) => (v << 12) >>> 0 },
  bimm: { shape: 'target', min: -4096, max: 4094, multiple: 2, insert: immB },
  jimm: { shape: 'target', min: -(1 << 20), max: (1 << 20) - 2, multiple: 2, insert: immJ },
  load: { shape: 'mem', min: -2048, max: 2047, insert: (v, b = 0) => (immI(v) | (b << 15)) >>> 0 },
  store: { shape: 'mem', min: -2048, max: 2047, insert: (v, b = 0) => (immS(v) | (b << 15)) >>> 0 },
  amo: { shape: 'mem', min: 0, max: 0, insert: (_v, b = 0) => b << 15 },
  csr: { shape: 'csr', min: 0, max: 4095, insert: (v) => (v << 20) >>> 0 },
  zimm: { shape: 'imm', min: 0, max: 31, insert: (v) => v << 15 },
  pred: { shape: 'fence', insert: (v) => v << 24 },
  succ: { shape: 'fence', insert: (v) => v << 20 },
  rm: { shape: 'rm', insert: (v) => v << 12 },
  'c.rd': x(7), 'c.rs2': x(2), 'c.rdp': xp(2), 'c.rs1p': xp(7), 'c.rs2p': xp(2),
  'c.frd': f(7), 'c.frs2': f(2), 'c.frdp': fp(2), 'c.frs2p': fp(2),
  sp: { shape: 'xreg', fixedReg: 2, insert: () => 0 },
  'c.imm6': { shape: 'imm', min: -32, max: 31, insert: cImm6 },
  'c.shamt': { shape: 'imm', min: 1, max: 63, insert: cImm6 },
  // c.lui takes the value lui would (bits 31:12): 1..0x1f, or 0xfffe0..0xfffff for the negative ones.
  'c.lui': { shape: 'imm', min: 1, max: 0xfffff, insert: cImm6 },
  'c.addi16sp': { shape: 'imm', min: -512, max: 496, multiple: 16, nonzero: true,
    insert: (v) => scatter(v, [[9, 9, 12], [4, 4, 6], [6, 6, 5], [8, 7, 3], [5, 5, 2]]) },
  'c.addi4spn': { shape: 'imm', min: 4, max: 1020, multiple: 4,
    insert: (v) => scatter(v, [[5, 4, 11], [9, 6, 7], [2, 2, 6], [3, 3, 5]]) },
  'c.lw': cmem(124, 4, false, [[5, 3, 10], [2, 2, 6], [6, 6, 5]]),
  'c.ld': cmem(248, 8, false, [[5, 3, 10], [7, 6, 5]]),
  'c.lwsp': cmem(252, 4, true, [[5, 5, 12], [4, 2, 4], [7, 6, 2]]),
  'c.ldsp': cmem(504, 8, true, [[5, 5, 12], [4, 3, 5], [8, 6, 2]]),
  'c.swsp': cmem(252, 4, true, [[5, 2, 9], [7, 6, 7]]),
  'c.sdsp': cmem(504, 8, true, [[5, 3, 10], [8, 6, 7]]),
  'c.jimm': { shape: 'target', min: -2048, max: 2046, multiple: 2,
    insert: (v) => scatter(v, [[11, 11, 12], [4, 4, 11], [9, 8, 9], [10, 10, 8], [6, 6, 7], [7, 7, 6], [3, 1, 3], [5, 5, 2]]) },
  'c.bimm': { shape: 'target', min: -256, max: 254, multiple: 2,
    insert: (v) => scatter(v, [[8, 8, 12], [4, 3, 10], [7, 6, 5], [2, 1, 3], [5, 5, 2]]) },
};

/** c.lui's immediate is valid for 1..0x1f and 0xfffe0..0xfffff only (a sign-extended 6-bit value). */
export function cLuiFits(v: number): boolean {
  return (v >= 1 && v <= 0x1f) || (v >= 0xfffe0 && v <= 0xfffff);
}

/** What a role's value must be, for an error message ("-2048..2047", "a multiple of 4 in 4..1020"). */
export function describeRange(spec: RoleSpec): string {
  const range = `${spec.min}..${spec.max}`;
  const mult = spec.multiple ? `a multiple of ${spec.multiple} in ` : '';
  return `${mult}${range}${spec.nonzero ? ', not 0' : ''}`;
}

/** Whether v is acceptable for the role; the error message says what was expected. */
export function checkValue(role: string, spec: RoleSpec, v: number): string | undefined {
  const bad =
    (spec.min !== undefined && v < spec.min) ||
    (spec.max !== undefined && v > spec.max) ||
    (spec.multiple !== undefined && v % spec.multiple !== 0) ||
    (spec.nonzero === true && v === 0) ||
    (role === 'c.lui' && !cLuiFits(v));
  if (!bad) return undefined;
  if (role === 'c.lui') return `expected 1..0x1f or 0xfffe0..0xfffff, got ${v}`;
  return `expected ${describeRange(spec)}, got ${v}`;
}
