import type { RowBuilder } from './table';

/**
 * The F and D rows of the instruction table (RV64F and RV64D, ISA manual chapters "F" and "D" and their
 * opcode map), written like riscv-opcodes lines. table.ts calls `floatRows(row)` once, in extension order,
 * so these rows get their ids there like every other row. The hart has no F/D semantics: these rows decode
 * (for the disassembler and the assembler) but execute as illegal instructions, and misa does not claim F/D.
 *
 * The fmt field, inst[26:25], is 0 for single (.s) and 1 for double (.d); everything else about a .s row
 * and its .d twin is the same, so each group below is written once for both.
 *
 * The rounding mode, rm = inst[14:12], is an operand, not fixed bits: the reserved values 101 and 110, like
 * rm = 111 (dyn) while the frm CSR holds an invalid mode, decode and raise illegal instruction only when
 * executed ("Floating-Point Control and Status Register"), as in QEMU and Spike; objdump prints them.
 */

export function floatRows(row: RowBuilder): void {
  for (const [s, ext, fmt, width] of [
    ['s', 'F', 0, 2],
    ['d', 'D', 1, 3],
  ] as const) {
    const op = (f5: number): string => `31..27=${f5} 26..25=${fmt} 6..2=0x14 1..0=3`;
    row(s === 's' ? 'flw' : 'fld', ext, 'I', 'frd load', `14..12=${width} 6..2=0x01 1..0=3`);
    row(s === 's' ? 'fsw' : 'fsd', ext, 'S', 'frs2 store', `14..12=${width} 6..2=0x09 1..0=3`);
    // prettier-ignore
    for (const [name, major] of [['fmadd', 0x10], ['fmsub', 0x11], ['fnmsub', 0x12], ['fnmadd', 0x13]] as const) {
      row(`${name}.${s}`, ext, 'R4', 'frd frs1 frs2 frs3 rm', `26..25=${fmt} 6..2=${major} 1..0=3`);
    }
    // prettier-ignore
    for (const [name, f5] of [['fadd', 0x00], ['fsub', 0x01], ['fmul', 0x02], ['fdiv', 0x03]] as const) {
      row(`${name}.${s}`, ext, 'R', 'frd frs1 frs2 rm', op(f5));
    }
    row(`fsqrt.${s}`, ext, 'R', 'frd frs1 rm', `${op(0x0b)} 24..20=0`);
    // Sign injection, min/max and comparisons use funct3 as an opcode field, not as a rounding mode.
    // prettier-ignore
    for (const [name, f5, f3] of [
      ['fsgnj', 0x04, 0], ['fsgnjn', 0x04, 1], ['fsgnjx', 0x04, 2], ['fmin', 0x05, 0], ['fmax', 0x05, 1],
    ] as const) {
      row(`${name}.${s}`, ext, 'R', 'frd frs1 frs2', `${op(f5)} 14..12=${f3}`);
    }
    // prettier-ignore
    for (const [name, f3] of [['feq', 2], ['flt', 1], ['fle', 0]] as const) {
      row(`${name}.${s}`, ext, 'R', 'rd frs1 frs2', `${op(0x14)} 14..12=${f3}`);
    }
    row(`fclass.${s}`, ext, 'R', 'rd frs1', `${op(0x1c)} 24..20=0 14..12=1`);
    // Conversions to and from integers: rs2 selects the integer type (w, wu, l, lu).
    for (const [t, rs2] of [
      ['w', 0],
      ['wu', 1],
      ['l', 2],
      ['lu', 3],
    ] as const) {
      row(`fcvt.${t}.${s}`, ext, 'R', 'rd frs1 rm', `${op(0x18)} 24..20=${rs2}`);
      // An int32 always fits a double exactly, so fcvt.d.w/fcvt.d.wu never round: the manual keeps the rm
      // field (free bits here), GNU as 2.40 writes 0 there and has no rm operand for them.
      const exact = s === 'd' && (t === 'w' || t === 'wu');
      row(`fcvt.${s}.${t}`, ext, 'R', exact ? 'frd rs1' : 'frd rs1 rm', `${op(0x1a)} 24..20=${rs2}`);
    }
    const bitsName = s === 's' ? 'w' : 'd';
    row(`fmv.x.${bitsName}`, ext, 'R', 'rd frs1', `${op(0x1c)} 24..20=0 14..12=0`);
    row(`fmv.${bitsName}.x`, ext, 'R', 'frd rs1', `${op(0x1e)} 24..20=0 14..12=0`);
  }
  // Between the two precisions: narrowing rounds, widening is exact (rm kept as free bits, as above).
  row('fcvt.s.d', 'D', 'R', 'frd frs1 rm', '31..27=0x08 26..25=0 24..20=1 6..2=0x14 1..0=3');
  row('fcvt.d.s', 'D', 'R', 'frd frs1', '31..27=0x08 26..25=1 24..20=0 6..2=0x14 1..0=3');
}
