/**
 * Legal versus illegal, decided by objdump: EVERY 16-bit value (low bits != 11) and a large random sample
 * of 32-bit words go through objdump and through our decoder and disassembler. They must agree on which
 * words are instructions, and print them identically.
 *
 * Deliberate disagreements, where the ISA manual is the authority over binutils 2.40:
 * - c.addi16sp with nzimm = 0 (0x6101): the manual reserves it; objdump prints `c.addi16sp sp,0`.
 * - FENCE and FENCE.I with nonzero rd/rs1/fm/imm: the manual says implementations ignore these fields, so
 *   they decode (as fences); objdump prints them as `.4byte`, and so does our disassembler.
 * - fcvt.d.w, fcvt.d.wu and fcvt.d.s with a nonzero rm: the manual gives these exact conversions an rm
 *   field, so they decode; binutils 2.40 fixes it to zero and prints `.4byte`, and so does our disassembler.
 * Words objdump decodes as an instruction of an extension the table does not have (Q, dret...) must decode
 * as undefined here. F and D words decode (the table has them) although the hart executes them as illegal.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../emulator/isa/decode';
import { disassemble } from '../../../emulator/isa/disasm';
import { INSTRUCTIONS } from '../../../emulator/isa/table';
import { hasTool, toolMissingMessage } from '../../helpers/tools';
import { mnemonicOf, OBJDUMP, objdumpLines } from './objdump';

const haveObjdump = hasTool(OBJDUMP);
if (!haveObjdump) console.warn(toolMissingMessage(OBJDUMP));

const RESERVED_BY_THE_MANUAL_OBJDUMP_DECODES = new Set([0x6101]);

/** Mnemonics that name one of our rows (objdump -M no-aliases spelling, aq/rl suffixes stripped). */
const OUR_NAMES = new Set([...INSTRUCTIONS.map((r) => r.name), 'c.slli64', 'c.srli64', 'c.srai64', 'unimp']);
const baseName = (m: string): string => m.replace(/\.(aq|rl|aqrl)$/, '');

/** objdump's verdict from its no-aliases text: data, the defined-illegal unimp, or an instruction. */
function objdumpLegal(text: string): boolean {
  const m = mnemonicOf(text);
  return !m.startsWith('.') && m !== 'c.unimp' && m !== 'unimp';
}

function compare(words: number[]): string[] {
  const problems: string[] = [];
  const plain = objdumpLines(words, 'no-aliases').map((l) => l.text);
  const alias = objdumpLines(words, 'aliases');
  alias.forEach(({ word, pc }, i) => {
    const hex = `0x${word.toString(16)}`;
    const row = decode(word);
    const theirs = mnemonicOf(plain[i]);
    if (row !== undefined && !objdumpLegal(plain[i])) {
      // Only the documented fence and exact-conversion cases: legal to us, data to objdump.
      if (!['fence', 'fence.i', 'fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s'].includes(row.name))
        problems.push(`${hex}: we decode ${row.name}, objdump "${plain[i]}"`);
    } else if (row === undefined && objdumpLegal(plain[i]) && OUR_NAMES.has(baseName(theirs))) {
      if (!RESERVED_BY_THE_MANUAL_OBJDUMP_DECODES.has(word))
        problems.push(`${hex}: illegal to us, objdump "${plain[i]}"`);
      return;
    }
    if (row === undefined && objdumpLegal(plain[i])) return; // an extension we do not have, or a reserved word
    const ours = [disassemble(word, pc, { aliases: false }), disassemble(word, pc, { aliases: true })];
    if (ours[0] !== plain[i]) problems.push(`${hex}: objdump -M no-aliases "${plain[i]}", ours "${ours[0]}"`);
    if (ours[1] !== alias[i].text) problems.push(`${hex}: objdump "${alias[i].text}", ours "${ours[1]}"`);
  });
  return problems;
}

describe.skipIf(!haveObjdump)('legal and illegal encodings agree with objdump', () => {
  it('for every 16-bit value', () => {
    const words: number[] = [];
    for (let w = 0; w < 0x10000; w++) if ((w & 3) !== 3) words.push(w);
    expect(compare(words).slice(0, 40)).toEqual([]);
  });

  it('and the one 16-bit disagreement is the reserved c.addi16sp', () => {
    const [{ text }] = objdumpLines([0x6101], 'no-aliases');
    expect(text).toBe('c.addi16sp\tsp,0');
    expect(decode(0x6101)).toBeUndefined();
  });

  it('for a random sample of 32-bit words over all major opcodes', () => {
    let s = 0x1234567;
    const next = (): number => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    const rows32 = INSTRUCTIONS.filter((r) => r.length === 4);
    const opcodes = [...new Set(rows32.map((r) => r.match & 0x7f))];
    const words: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      let w = next() | 3;
      // Half the sample in the opcodes the table covers (where most of its rows are), half anywhere.
      if (i % 2 === 0) w = ((w & ~0x7f) | opcodes[next() % opcodes.length]) >>> 0;
      // Narrow the fields that make a word one of our rows, so that rows get hit, not only noise: clear
      // funct7, or (for rows that fix more, like the F/D ones) take a row's encoding, then perhaps flip one
      // of its fixed bits. Not pause: objdump -b binary does not enable Zihintpause (disasm.test.ts).
      if (i % 4 === 1) w = (w & ~0xfe000000) >>> 0;
      if (i % 8 === 3) {
        const row = rows32[next() % rows32.length];
        if (row.name === 'pause') continue;
        w = ((w & ~row.mask) | row.match) >>> 0;
        if (next() & 1) w = (w ^ ((1 << (7 + (next() % 25))) & row.mask)) >>> 0;
      }
      if ((w & 0x1f) === 0x1f) continue; // 48-bit and longer encodings are not 32-bit words
      words.push(w >>> 0);
    }
    const problems = compare(words);
    expect(problems.slice(0, 40)).toEqual([]);
    // The sample must really exercise the table: most rows appear in it.
    const hit = new Set(words.map((w) => decode(w)?.name).filter((n) => n !== undefined));
    expect(hit.size).toBeGreaterThan(rows32.length * 0.8);
  });

  it('names all 4096 CSR numbers as objdump does', () => {
    // csrrs a0, <csr>, a1: no alias applies, so both modes print the CSR operand as objdump names it.
    const words = Array.from(
      { length: 4096 },
      (_, n) => ((n << 20) | (11 << 15) | (2 << 12) | (10 << 7) | 0x73) >>> 0,
    );
    const problems = objdumpLines(words, 'no-aliases')
      .map(({ word, pc, text }, n) => [disassemble(word, pc, { aliases: false }), text, n] as const)
      .filter(([ours, theirs]) => ours !== theirs)
      .map(([ours, theirs, n]) => `csr 0x${n.toString(16)}: objdump "${theirs}", ours "${ours}"`);
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
