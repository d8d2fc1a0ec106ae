/**
 * Random valid assembly for table rows: one line per row instance, with operands drawn for each operand role
 * from the values GNU as accepts for it. Seeded, so a failure reproduces.
 */
import { CSR_NAMES } from '../../../emulator/isa/csr-names';
import { ABI_NAMES, FP_ABI_NAMES } from '../../../emulator/isa/registers';
import type { InstructionRow } from '../../../emulator/isa/table';

export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) | 0;
  };
}

const CSRS = [...CSR_NAMES.values()];

/** Operand text for one role; `label` is a nearby label for branch and jump targets. */
export function operandFor(
  role: string,
  r: (n: number) => number,
  label: string,
  row: InstructionRow,
): string {
  const x = (min = 0): string => (r(2) ? ABI_NAMES : ABI_NAMES.map((_, i) => `x${i}`))[min + r(32 - min)];
  const xp = (): string => ABI_NAMES[8 + r(8)];
  const f = (): string => (r(2) ? FP_ABI_NAMES[r(32)] : `f${r(32)}`);
  const int = (min: number, max: number, mult = 1): number => {
    for (;;) {
      const v = (Math.floor(min / mult) + r(Math.floor((max - min) / mult) + 1)) * mult;
      if (v !== 0 || min >= 0) return v;
    }
  };
  const fence = (): string => ['i', 'o', 'r', 'w'].filter(() => r(2)).join('') || 'rw';
  switch (role) {
    case 'rd':
    case 'rs1':
    case 'rs2':
      return x();
    case 'frd':
    case 'frs1':
    case 'frs2':
    case 'frs3':
    case 'c.frd':
    case 'c.frs2':
      return f();
    case 'imm12':
      return String(int(-2048, 2047));
    case 'shamt6':
      return String(r(64));
    case 'shamt5':
    case 'zimm':
      return String(r(32));
    case 'uimm20':
      return `0x${r(0x100000).toString(16)}`;
    case 'bimm':
    case 'jimm':
    case 'c.jimm':
    case 'c.bimm':
      return label;
    case 'load':
    case 'store':
      return `${int(-2048, 2047)}(${x()})`;
    case 'amo':
      return `(${x()})`;
    case 'csr':
      return r(2) ? CSRS[r(CSRS.length)] : String(r(4096));
    case 'pred':
    case 'succ':
      return fence();
    case 'rm':
      return ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'][r(6)];
    // Compressed roles: x8..x15 keeps every compressed register constraint satisfied.
    case 'c.rd':
      return row.name === 'c.jr' || row.name === 'c.jalr' ? x(1) : xp();
    case 'c.rs2':
      return x(1);
    case 'c.rdp':
    case 'c.rs1p':
    case 'c.rs2p':
      return xp();
    case 'c.frdp':
    case 'c.frs2p':
      return FP_ABI_NAMES[8 + r(8)];
    case 'sp':
      return 'sp';
    case 'c.imm6':
      return String(int(-32, 31));
    case 'c.shamt':
      return String(1 + r(63));
    case 'c.lui':
      return String(1 + r(31));
    case 'c.addi16sp':
      return String(int(-512, 496, 16));
    case 'c.addi4spn':
      return String(4 * (1 + r(255)));
    case 'c.lw':
      return `${4 * r(32)}(${xp()})`;
    case 'c.ld':
      return `${8 * r(32)}(${xp()})`;
    case 'c.lwsp':
    case 'c.swsp':
      return `${4 * r(64)}(sp)`;
    case 'c.ldsp':
    case 'c.sdsp':
      return `${8 * r(64)}(sp)`;
    default:
      throw new Error(`gen: no generator for operand role ${role}`);
  }
}

/** `count` random instances of each row, each under its own label, targets pointing at the previous one. */
export function generate(rows: readonly InstructionRow[], seed: number, count: number): string {
  const r = rng(seed);
  const lines: string[] = [];
  let n = 0;
  for (const row of rows) {
    for (let k = 0; k < count; k++) {
      const label = `L${n}`;
      const target = n > 0 && r(2) ? `L${n - 1}` : label;
      const ops = row.operands.map((role) => operandFor(role, r, target, row));
      // The rounding mode is optional; leave it out sometimes (it is then dyn).
      if (row.operands[row.operands.length - 1] === 'rm' && r(3) === 0) ops.pop();
      const suffix = row.ext === 'A' ? ['', '.aq', '.rl', '.aqrl'][r(4)] : '';
      lines.push(`${label}: ${row.name}${suffix} ${ops.join(', ')}`);
      n++;
    }
  }
  return `${lines.join('\n')}\n`;
}
