/**
 * The disassembler against GNU objdump 2.40, row by row: for EVERY row of the instruction table, several
 * encodings (operand fields at zero, all ones, sign bit only, and random) are disassembled by objdump in
 * both modes (`-M no-aliases` and the default alias form) and by `disassemble`; the texts must be equal,
 * and in no-aliases mode objdump's mnemonic must be the row's name (so the table's names are GNU's).
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../emulator/isa/decode';
import { disassemble } from '../../../emulator/isa/disasm';
import { cShamt, fenceFm, rd, rm, rs1 } from '../../../emulator/isa/fields';
import { INSTRUCTIONS, type InstructionRow } from '../../../emulator/isa/table';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';
import { AS, mnemonicOf, OBJDUMP, objdumpLines } from './objdump';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const haveObjdump = hasTool(OBJDUMP);
if (!haveObjdump) console.warn(toolMissingMessage(OBJDUMP));

/** A small deterministic generator (xorshift32), so a failure names the same words every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/**
 * `pause` is Zihintpause, which objdump 2.40 does not enable for a raw binary (it prints `fence w,unknown`);
 * it is checked below through an assembled object whose ISA string names Zihintpause.
 */
const NEEDS_ELF = new Set(['pause']);

/** Encodings of one row: its free bits at zero, all ones, sign bit only, then random. */
function encodingsOf(row: InstructionRow, next: () => number, count = 12): number[] {
  const width = row.length === 4 ? 0xffffffff : 0xffff;
  const free = ~row.mask & width;
  const top = row.length === 4 ? 0x8000_0000 : 0x1000;
  const candidates = [0, free, free & top];
  for (let i = 0; i < 40 && candidates.length < count + 3; i++) candidates.push(next() & free);
  const words = new Set<number>();
  for (const c of candidates) {
    const w = ((row.match | (c & free)) & width) >>> 0;
    if (decode(w)?.id === row.id) words.add(w);
  }
  return [...words];
}

function buildBatch(): { words: number[]; rows: InstructionRow[] } {
  const next = prng(0x5eed);
  const words: number[] = [];
  const rows: InstructionRow[] = [];
  for (const row of INSTRUCTIONS) {
    if (NEEDS_ELF.has(row.name)) continue;
    for (const w of encodingsOf(row, next)) {
      words.push(w);
      rows.push(row);
    }
  }
  return { words, rows };
}

/** What objdump -M no-aliases names the row's encoding `w`: the row's name, with binutils' exceptions. */
function objdumpName(row: InstructionRow, w: number): string {
  // FENCE/FENCE.I with nonzero reserved fields: legal (the ISA manual says to ignore them), objdump: data.
  if (row.name === 'fence' && (rd(w) !== 0 || rs1(w) !== 0 || fenceFm(w) !== 0)) return '.4byte';
  if (row.name === 'fence.i' && (w & 0xfff_f8f80) !== 0) return '.4byte';
  // The exact conversions with a nonzero rm: legal (the manual gives them an rm field), objdump: data.
  if (['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s'].includes(row.name) && rm(w) !== 0) return '.4byte';
  // csrrw zero,cycle,zero is binutils' canonical 32-bit `unimp`.
  if (w === 0xc0001073) return 'unimp';
  // RV64 compressed shifts by zero (HINTs) have their own names in binutils.
  if (['c.slli', 'c.srli', 'c.srai'].includes(row.name) && cShamt(w) === 0) return `${row.name}64`;
  if (row.ext === 'A') return row.name + ['', '.rl', '.aq', '.aqrl'][(w >>> 25) & 3];
  return row.name;
}

describe.skipIf(!haveObjdump)('disassembler vs objdump, every row of the table', () => {
  const { words, rows } = buildBatch();

  it('has encodings for every row', () => {
    const covered = new Set(rows.map((r) => r.name));
    const missing = INSTRUCTIONS.filter((r) => !covered.has(r.name) && !NEEDS_ELF.has(r.name));
    expect(missing.map((r) => r.name)).toEqual([]);
  });

  for (const mode of ['no-aliases', 'aliases'] as const) {
    it(`matches objdump ${mode === 'aliases' ? '(default alias form)' : '-M no-aliases'} text`, () => {
      const mismatches: string[] = [];
      objdumpLines(words, mode).forEach(({ word, pc, text }, i) => {
        const ours = disassemble(word, pc, { aliases: mode === 'aliases' });
        if (ours !== text)
          mismatches.push(`${rows[i].name} 0x${word.toString(16)}: objdump "${text}", ours "${ours}"`);
      });
      expect(mismatches.slice(0, 40)).toEqual([]);
    });
  }

  it("names each row's encodings as objdump -M no-aliases does", () => {
    const mismatches: string[] = [];
    objdumpLines(words, 'no-aliases').forEach(({ word, text }, i) => {
      if (mnemonicOf(text) !== objdumpName(rows[i], word)) {
        mismatches.push(`0x${word.toString(16)}: row ${rows[i].name}, objdump ${mnemonicOf(text)}`);
      }
    });
    expect(mismatches.slice(0, 40)).toEqual([]);
  });
});

describe.skipIf(!haveObjdump || !hasTool(AS))('disassembler vs objdump on assembled code', () => {
  /** Assemble with `march`, return objdump -d's lines as [address, word, text]. */
  function assembleAndDump(source: string, march: string, mode: 'aliases' | 'no-aliases') {
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-as-'));
    try {
      writeFileSync(join(dir, 'a.S'), source);
      run(AS, [`-march=${march}`, '-mabi=lp64', '-o', join(dir, 'a.o'), join(dir, 'a.S')]);
      const args = ['-d', ...(mode === 'no-aliases' ? ['-M', 'no-aliases'] : []), join(dir, 'a.o')];
      const out = run(OBJDUMP, args).stdout;
      return [...out.matchAll(/^\s*([0-9a-f]+):\t([0-9a-f]+)\s*\t(.*)$/gm)].map(
        (m) => [BigInt(`0x${m[1]}`), parseInt(m[2], 16), m[3].trimEnd()] as const,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('prints pause (Zihintpause) as objdump does when the ISA has it', () => {
    for (const mode of ['aliases', 'no-aliases'] as const) {
      const lines = assembleAndDump('  pause\n', 'rv64i_zihintpause', mode);
      expect(lines).toHaveLength(1);
      const [pc, word, text] = lines[0];
      expect(decode(word)?.name).toBe('pause');
      expect(disassemble(word, pc, { aliases: mode === 'aliases' })).toBe(text);
    }
  });

  it('prints branch targets with symbol names as objdump does for an ELF with labels', () => {
    const source = [
      '.option norvc',
      'start: addi a0, a0, 1',
      'loop:  beq a0, a1, done',
      '       .option rvc',
      '       c.bnez a0, loop',
      '       .option norvc',
      '       jal ra, start',
      '       j loop',
      'done:  bltu a0, a1, loop',
      '       .option rvc',
      '       c.j start',
      '',
    ].join('\n');
    const symbols: [bigint, string][] = [
      [0n, 'start'],
      [4n, 'loop'],
      [18n, 'done'],
    ];
    const symbol = (addr: bigint): string | undefined => {
      const before = symbols.filter(([a]) => a <= addr).at(-1);
      if (!before) return undefined;
      return addr === before[0] ? before[1] : `${before[1]}+0x${(addr - before[0]).toString(16)}`;
    };
    for (const mode of ['aliases', 'no-aliases'] as const) {
      const lines = assembleAndDump(source, 'rv64gc', mode);
      expect(lines.length).toBe(7);
      for (const [pc, word, text] of lines) {
        expect(disassemble(word, pc, { aliases: mode === 'aliases', symbol })).toBe(text);
      }
    }
  });
});
