/**
 * The instruction-format diagram against the ISA manual's format pictures. The words below were assembled
 * by GNU as 2.40 (-march=rv64imafdc) from the source in each row's comment; the expected immediate is the
 * one written in that source. Each immediate field's label (e.g. imm[12|10:5]) says which immediate bits it
 * holds, so reading the word's bits back through the labels must give the immediate in the source: that
 * checks both the field boundaries and the scrambled bit orders of B, J, S, CJ, CB, CI and the rest.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../emulator/isa/decode';
import { INSTRUCTIONS } from '../../../emulator/isa/table';
import { instructionFields, type Field } from '../../../ui/teaching/instruction-layout';
import { instructionMeaning } from '../../../ui/teaching/instruction-meanings';
import { operandValues } from '../../../ui/teaching/operand-values';

/** Immediate bit positions named by a label: 'imm[12|10:5]' -> [12, 10, 9, 8, 7, 6, 5]. */
function labelBits(label: string): number[] {
  const inside = /\[(.*)\]/.exec(label)?.[1] ?? '';
  return inside.split('|').flatMap((part) => {
    const [hi, lo] = part.split(':').map(Number);
    if (lo === undefined) return [hi];
    return Array.from({ length: hi - lo + 1 }, (_, i) => hi - i);
  });
}

/** The immediate reassembled from the word's immediate fields, sign-extended unless it is a uimm or shamt. */
function immediateFromLabels(fields: Field[]): number {
  let value = 0;
  let top = 0;
  let signed = true;
  for (const f of fields.filter((g) => g.kind === 'imm')) {
    if (/uimm|shamt/.test(f.label)) signed = false;
    const positions = labelBits(f.label);
    expect(positions.length, `${f.label} names as many bits as it has`).toBe(f.hi - f.lo + 1);
    positions.forEach((p, i) => {
      if (f.bits[i] === '1') value += 2 ** p;
      top = Math.max(top, p);
    });
  }
  return signed && value >= 2 ** top ? value - 2 ** (top + 1) : value;
}

// [source, word, expected immediate (or null: no immediate), labels of the fields, most significant first]
const CASES: [string, number, number | null, string[]][] = [
  ['add a0,a1,a2', 0x00c58533, null, ['funct7', 'rs2', 'rs1', 'funct3', 'rd', 'opcode']],
  ['fmadd.d fa0,fa1,fa2,fa3,rne', 0x6ac58543, null, ['rs3', 'fmt', 'rs2', 'rs1', 'rm', 'rd', 'opcode']],
  ['addi a0,a1,-42', 0xfd658513, -42, ['imm[11:0]', 'rs1', 'funct3', 'rd', 'opcode']],
  ['sd a1,-24(sp)', 0xfeb13423, -24, ['imm[11:5]', 'rs2', 'rs1', 'funct3', 'imm[4:0]', 'opcode']],
  ['beq a0,a1,.-2042', 0x80b503e3, -2042, ['imm[12|10:5]', 'rs2', 'rs1', 'funct3', 'imm[4:1|11]', 'opcode']],
  ['lui a0,0xabcde', 0xabcde537, 0xabcde000 | 0, ['imm[31:12]', 'rd', 'opcode']],
  ['jal ra,.-1037658', 0xaa7020ef, -1037658, ['imm[20|10:1|11|19:12]', 'rd', 'opcode']],
  [
    'amoadd.w.aq a0,a1,(a2)',
    0x04b6252f,
    null,
    ['funct5', 'aq', 'rl', 'rs2', 'rs1', 'funct3', 'rd', 'opcode'],
  ],
  ['csrrs a0,mstatus,a1', 0x3005a573, 0x300, ['csr', 'rs1', 'funct3', 'rd', 'opcode']],
  ['c.add a0,a1', 0x952e, null, ['funct4', 'rd/rs1', 'rs2', 'op']],
  ['c.addi a0,-17', 0x153d, -17, ['funct3', 'imm[5]', 'rd/rs1', 'imm[4:0]', 'op']],
  ['c.lwsp a0,196(sp)', 0x451e, 196, ['funct3', 'uimm[5]', 'rd/rs1', 'uimm[4:2|7:6]', 'op']],
  ['c.addi16sp sp,-496', 0x7141, -496, ['funct3', 'nzimm[9]', 'rd/rs1', 'nzimm[4|6|8:7|5]', 'op']],
  ['c.sdsp a1,488(sp)', 0xf7ae, 488, ['funct3', 'uimm[5:3|8:6]', 'rs2', 'op']],
  ['c.addi4spn s0,sp,1020', 0x1fe0, 1020, ['funct3', 'nzuimm[5:4|9:6|2|3]', "rd'", 'op']],
  ['c.ld a0,248(a1)', 0x7de8, 248, ['funct3', 'uimm[5:3]', "rs1'", 'uimm[7:6]', "rd'", 'op']],
  ['c.sw a0,124(a1)', 0xdde8, 124, ['funct3', 'uimm[5:3]', "rs1'", 'uimm[2|6]', "rs2'", 'op']],
  ['c.and s0,a5', 0x8c7d, null, ['funct6', "rd'/rs1'", 'funct2', "rs2'", 'op']],
  ['c.beqz s1,.-214', 0xd48d, -214, ['funct3', 'offset[8|4:3]', "rs1'", 'offset[7:6|2:1|5]', 'op']],
  ['c.srai s1,37', 0x9495, 37, ['funct3', 'shamt[5]', 'funct2', "rd'/rs1'", 'shamt[4:0]', 'op']],
  ['c.j .-682', 0xbb99, -682, ['funct3', 'offset[11|4|9:8|10|6|7|3:1|5]', 'op']],
];

describe('instruction format diagram', () => {
  it.each(CASES)('%s: fields and immediate as the manual draws them', (_src, word, immediate, labels) => {
    const row = decode(word);
    expect(row).toBeDefined();
    const fields = instructionFields(row!, word);
    expect(fields.map((f) => f.label)).toEqual(labels);
    // The fields tile the word: from the top bit down to bit 0 with no gap or overlap.
    let next = row!.length * 8 - 1;
    for (const f of fields) {
      expect(f.hi).toBe(next);
      next = f.lo - 1;
    }
    expect(next).toBe(-1);
    expect(fields.map((f) => f.bits).join('')).toBe(word.toString(2).padStart(row!.length * 8, '0'));
    if (immediate !== null && row!.format !== 'I') expect(immediateFromLabels(fields)).toBe(immediate);
    if (immediate !== null && row!.format === 'I') expect(fields[0].value).toBe(immediate & 0xfff);
  });

  it('every format of the table has a diagram covering every bit of its rows', () => {
    const formats = new Set(INSTRUCTIONS.map((r) => r.format));
    for (const f of [
      'R',
      'R4',
      'I',
      'S',
      'B',
      'U',
      'J',
      'CR',
      'CI',
      'CSS',
      'CIW',
      'CL',
      'CS',
      'CA',
      'CB',
      'CJ',
    ]) {
      expect(formats.has(f as never), f).toBe(true);
    }
    for (const row of INSTRUCTIONS) {
      const fields = instructionFields(row, row.match);
      expect(
        fields.reduce((n, f) => n + f.hi - f.lo + 1, 0),
        row.name,
      ).toBe(row.length * 8);
    }
  });

  it('decoded operands show the unscrambled branch offset and its target', () => {
    const ops = operandValues(decode(0x80b503e3)!, 0x80b503e3, 0x10n);
    expect(ops.map((o) => o.text)).toEqual([
      'x10 (a0)',
      'x11 (a1)',
      '-2042 → 0xfffffffffffff816 (pc - 2042)',
    ]);
  });
});

describe('instruction meanings', () => {
  it('every row of the instruction table has a one-line meaning', () => {
    const missing = INSTRUCTIONS.filter((r) => !instructionMeaning(r.name)).map((r) => r.name);
    expect(missing).toEqual([]);
  });

  it('reads like the spec for a few well-known instructions', () => {
    expect(instructionMeaning('addi')).toBe('x[rd] = x[rs1] + sext(imm)');
    expect(instructionMeaning('c.li')).toContain('addi rd, x0, imm');
    expect(instructionMeaning('no-such')).toBeUndefined();
  });
});
