/**
 * The F and D rows of the instruction table (emulator/isa/table-fd.ts) and their disassembly, against GNU
 * binutils 2.40 in both directions:
 * - objdump: every F/D row (and c.fld/c.fsd/c.fldsp/c.fsdsp) with edge and random operands and every rounding
 *   mode, and the whole OP-FP opcode (every funct7, rs2 and funct3), disassembled by objdump and by us in
 *   both modes; legal versus illegal, the mnemonic and the text must agree.
 * - as: every row's mnemonic, with each rounding mode and without one, and the F/D aliases, assembled by GNU
 *   as; each word must decode to the row named in the source, and print as objdump prints it.
 * The one knowing difference: fcvt.d.w, fcvt.d.wu and fcvt.d.s with a nonzero rm field decode (the ISA
 * manual and riscv-opcodes give them an rm field), while binutils 2.40 fixes it to zero and prints data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../../emulator/isa/decode';
import { disassemble } from '../../../emulator/isa/disasm';
import { rm } from '../../../emulator/isa/fields';
import { INSTRUCTIONS, type InstructionRow, type Operand } from '../../../emulator/isa/table';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';
import { AS, mnemonicOf, OBJDUMP, objdumpLines } from './objdump';

const haveObjdump = hasTool(OBJDUMP);
if (!haveObjdump) console.warn(toolMissingMessage(OBJDUMP));
const haveAs = hasTool(AS);
if (!haveAs) console.warn(toolMissingMessage(AS));

const FD_ROWS = INSTRUCTIONS.filter((r) => r.ext === 'F' || r.ext === 'D');
const EXACT_CONVERSIONS = new Set(['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s']);

/** What objdump -M no-aliases names the word of `row`: its name, or data for the one known difference. */
const objdumpName = (row: InstructionRow, w: number): string =>
  EXACT_CONVERSIONS.has(row.name) && rm(w) !== 0 ? '.4byte' : row.name;

/** xorshift32, so a failure names the same words every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/** Text differences between our disassembly and objdump's lines, in one mode. */
function textMismatches(words: readonly number[], aliases: boolean): string[] {
  return objdumpLines(words, aliases ? 'aliases' : 'no-aliases')
    .map(({ word, pc, text }) => [word, text, disassemble(word, pc, { aliases })] as const)
    .filter(([, theirs, ours]) => theirs !== ours)
    .map(([word, theirs, ours]) => `0x${word.toString(16)}: objdump "${theirs}", ours "${ours}"`);
}

describe('the F and D rows', () => {
  it('are all of RV64F and RV64D (ISA manual, "RV64F" and "RV64D" listings) and the compressed D loads/stores', () => {
    const twins = (s: 's' | 'd'): string[] => [
      ...['fmadd', 'fmsub', 'fnmsub', 'fnmadd', 'fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt'].map(
        (n) => `${n}.${s}`,
      ),
      ...['fsgnj', 'fsgnjn', 'fsgnjx', 'fmin', 'fmax', 'feq', 'flt', 'fle', 'fclass'].map((n) => `${n}.${s}`),
      ...['w', 'wu', 'l', 'lu'].flatMap((t) => [`fcvt.${t}.${s}`, `fcvt.${s}.${t}`]),
    ];
    const f = ['flw', 'fsw', 'fmv.x.w', 'fmv.w.x', ...twins('s')];
    const d = ['fld', 'fsd', 'fmv.x.d', 'fmv.d.x', 'fcvt.s.d', 'fcvt.d.s', ...twins('d')];
    d.push('c.fld', 'c.fsd', 'c.fldsp', 'c.fsdsp');
    expect(
      FD_ROWS.filter((r) => r.ext === 'F')
        .map((r) => r.name)
        .sort(),
    ).toEqual(f.sort());
    expect(
      FD_ROWS.filter((r) => r.ext === 'D')
        .map((r) => r.name)
        .sort(),
    ).toEqual(d.sort());
  });

  it('give every rounding operation an rm operand and R4 to the fused multiply-adds', () => {
    const rounding = FD_ROWS.filter((r) => r.operands.includes('rm')).map((r) => r.name);
    // Per precision: 4 fused, 4 arithmetic, fsqrt, 4 conversions to integer and 4 from integer, less
    // fcvt.d.w/fcvt.d.wu (exact); then fcvt.s.d. Loads/stores, sign injection, min/max, compares, fclass
    // and moves take no rounding mode.
    expect(rounding).toHaveLength(17 + 15 + 1);
    expect(rounding).not.toContain('fcvt.d.w');
    expect(rounding).toContain('fcvt.s.d');
    const r4 = FD_ROWS.filter((r) => r.format === 'R4').map((r) => r.name);
    expect(r4.sort()).toEqual(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'].flatMap((n) => [`${n}.d`, `${n}.s`]));
  });
});

describe.skipIf(!haveObjdump)('F/D rows against objdump 2.40', () => {
  /** Each row with its free bits clear, set, and random, each rounding-mode row with all 8 rm values. */
  const next = prng(0xf10a7);
  const words: number[] = [];
  const rows: InstructionRow[] = [];
  for (const row of FD_ROWS) {
    const width = row.length === 4 ? 0xffffffff : 0xffff;
    const free = ~row.mask & width;
    const candidates = [0, free, 0x55555555 & free, 0xaaaaaaaa & free];
    for (let i = 0; i < 16; i++) candidates.push(next() & free);
    if (row.length === 4 && (free & 0x7000) === 0x7000) {
      for (let mode = 0; mode < 8; mode++) candidates.push(((next() & free & ~0x7000) | (mode << 12)) >>> 0);
    }
    for (const c of new Set(candidates)) {
      const w = (row.match | c) >>> 0;
      expect(decode(w)?.name, `0x${w.toString(16)}`).toBe(row.name);
      words.push(w);
      rows.push(row);
    }
  }

  it('decode() names what objdump -M no-aliases names', () => {
    const bad = objdumpLines(words, 'no-aliases')
      .map(({ word, text }, i) => [word, mnemonicOf(text), objdumpName(rows[i], word)] as const)
      .filter(([, theirs, ours]) => theirs !== ours)
      .map(([word, theirs, ours]) => `0x${word.toString(16)}: objdump ${theirs}, table ${ours}`);
    expect(bad).toEqual([]);
  });

  it('disassemble() prints exactly what objdump prints, in both modes', () => {
    expect(textMismatches(words, false)).toEqual([]);
    expect(textMismatches(words, true)).toEqual([]);
  });

  it('prints the rounding mode as objdump does: dyn left out, rne..rmm named, 101 and 110 "unknown"', () => {
    // fadd.d fa0,fa1,fa2 with rm = 0..7
    const texts = [0, 1, 2, 3, 4, 5, 6, 7].map((m) => disassemble(0x02c58553 | (m << 12), 0n));
    expect(texts).toEqual([
      ...['rne', 'rtz', 'rdn', 'rup', 'rmm', 'unknown', 'unknown'].map((m) => `fadd.d\tfa0,fa1,fa2,${m}`),
      'fadd.d\tfa0,fa1,fa2',
    ]);
  });

  it('agrees with objdump on every word of the OP-FP opcode (all funct7, rs2 and funct3)', () => {
    const all: number[] = [];
    for (let hi = 0; hi < 1 << 12; hi++) {
      for (let f3 = 0; f3 < 8; f3++) {
        const regs = next() & 0xf8f80; // random rs1 and rd
        all.push(((hi << 20) | (f3 << 12) | regs | 0x53) >>> 0);
      }
    }
    const bad: string[] = [];
    const plain = objdumpLines(all, 'no-aliases');
    for (const { word, text } of plain) {
      const row = decode(word);
      const want = row === undefined ? '.4byte' : objdumpName(row, word);
      if (mnemonicOf(text) !== want) bad.push(`0x${word.toString(16)}: objdump "${text}", table ${want}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
    // The opcode holds some of each precision's rows, and much that is not (yet) an instruction.
    expect(new Set(all.map((w) => decode(w)?.name)).size).toBeGreaterThan(40);
    expect(textMismatches(all, false).slice(0, 20)).toEqual([]);
  });

  it('agrees with objdump on every fmt and rm of the fused ops and every width of LOAD-FP/STORE-FP', () => {
    const all: number[] = [];
    for (const major of [0x43, 0x47, 0x4b, 0x4f]) {
      for (let fmt = 0; fmt < 4; fmt++) {
        for (let f3 = 0; f3 < 8; f3++)
          all.push(((next() & 0xf9f00f80) | (fmt << 25) | (f3 << 12) | major) >>> 0);
      }
    }
    for (const major of [0x07, 0x27]) {
      for (let f3 = 0; f3 < 8; f3++) all.push(((next() & 0xffff8f80) | (f3 << 12) | major) >>> 0);
    }
    const plain = objdumpLines(all, 'no-aliases');
    const names = plain.map(({ word, text }) => [mnemonicOf(text), decode(word)?.name ?? '.4byte'] as const);
    expect(names.filter(([theirs, ours]) => theirs !== ours)).toEqual([]);
    expect(textMismatches(all, false)).toEqual([]);
    expect(textMismatches(all, true)).toEqual([]);
  });
});

/** Sample assembly text for each operand role of an F/D row. */
const SAMPLE: Partial<Record<Operand, string>> = {
  rd: 'a0',
  rs1: 'a1',
  frd: 'fa2',
  frs1: 'fs3',
  frs2: 'ft4',
  frs3: 'ft11',
  load: '-16(sp)',
  store: '2040(a5)',
  'c.frdp': 'fs0',
  'c.frs2p': 'fa5',
  'c.ld': '248(a3)',
  'c.frd': 'ft7',
  'c.ldsp': '504(sp)',
  'c.frs2': 'fs11',
  'c.sdsp': '8(sp)',
};

/** Assemble `lines` (rv64gc) and return each instruction's address, word and objdump text in `mode`. */
function assemble(lines: readonly string[], mode: 'aliases' | 'no-aliases') {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-fd-'));
  try {
    writeFileSync(join(dir, 'a.S'), `${lines.join('\n')}\n`);
    run(AS, ['-march=rv64gc', '-mabi=lp64d', '-o', join(dir, 'a.o'), join(dir, 'a.S')]);
    const args = ['-d', ...(mode === 'no-aliases' ? ['-M', 'no-aliases'] : []), join(dir, 'a.o')];
    return [...run(OBJDUMP, args).stdout.matchAll(/^\s*([0-9a-f]+):\t([0-9a-f]+)\s*\t(.*)$/gm)].map((m) => ({
      pc: BigInt(`0x${m[1]}`),
      word: parseInt(m[2], 16),
      text: m[3].trimEnd(),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** objdump -d names addresses in an object with only a section symbol as `.text+offset`. */
function symbol(addr: bigint): string {
  return addr === 0n ? '.text' : `.text+0x${addr.toString(16)}`;
}

describe.skipIf(!haveObjdump || !haveAs)('F/D rows against GNU as 2.40', () => {
  // Every row once without a rounding mode and, where it has one, once with each static mode.
  const source: { row: InstructionRow; line: string; mode?: number }[] = [];
  for (const row of FD_ROWS) {
    const ops = row.operands.filter((op) => op !== 'rm').map((op) => SAMPLE[op] ?? `?${op}`);
    const line = `${row.name} ${ops.join(',')}`;
    source.push({ row, line });
    if (row.operands.includes('rm')) {
      ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'].forEach((m, i) =>
        source.push({ row, line: `${line},${m}`, mode: i === 5 ? 7 : i }),
      );
    }
  }

  it('assembles each row to a word that decodes as that row, with the rounding mode written', () => {
    const lines = assemble(
      source.map((s) => s.line),
      'no-aliases',
    );
    expect(lines).toHaveLength(source.length);
    const bad: string[] = [];
    lines.forEach(({ word }, i) => {
      const { row, line, mode } = source[i];
      if (decode(word) !== row) bad.push(`${line}: 0x${word.toString(16)} decodes as ${decode(word)?.name}`);
      // GNU as writes rm = dyn (7) when the source names none; the exact conversions get 0.
      const wantRm = mode ?? (EXACT_CONVERSIONS.has(row.name) ? 0 : 7);
      if ((row.operands.includes('rm') || EXACT_CONVERSIONS.has(row.name)) && rm(word) !== wantRm)
        bad.push(`${line}: rm ${rm(word)}, expected ${wantRm}`);
    });
    expect(bad).toEqual([]);
  });

  it('prints the assembled rows and the F/D aliases as objdump -d prints them, in both modes', () => {
    const aliases = [
      ...['s', 'd'].flatMap((p) => [`fmv.${p} fa0,fs1`, `fneg.${p} ft0,ft1`, `fabs.${p} fs2,fa7`]),
      ...['frcsr a0', 'fscsr a1', 'fscsr a2,a3', 'frrm a4', 'fsrm a5', 'fsrm t0,t1', 'frflags t2'],
      ...['fsflags s1', 'fsflags s2,s3', 'fsrmi 3', 'fsrmi a0,4', 'fsflagsi 31', 'fsflagsi a1,1'],
      ...['fmv.x.s a0,ft0', 'fmv.s.x ft1,a1', 'fsgnj.d fa0,fa1,fa2', 'fsgnjx.s fa0,fa0,fa1'],
      ...['flw fa0,8(zero)', 'fsd fs0,-8(tp)', 'fgt.s a0,fa0,fa1', 'fge.d a1,ft0,ft1'],
    ];
    const lines = [...source.map((s) => s.line), ...aliases];
    for (const mode of ['no-aliases', 'aliases'] as const) {
      const dumped = assemble(lines, mode);
      expect(dumped).toHaveLength(lines.length);
      const bad = dumped
        .map(
          ({ pc, word, text }, i) =>
            [lines[i], text, disassemble(word, pc, { aliases: mode === 'aliases', symbol })] as const,
        )
        .filter(([, theirs, ours]) => theirs !== ours);
      expect(bad).toEqual([]);
    }
  });
});
