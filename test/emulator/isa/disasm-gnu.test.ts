/**
 * The instruction table, the decoder and the disassembler checked against GNU objdump 2.40, the oracle the
 * issue names. For every row of the table we build encodings (edge values and random operand fields), write
 * them into one raw binary, and let objdump disassemble it once per mode; then every line must equal
 * disassemble()'s text, and decode() must name the instruction objdump names. The same is done for every
 * 16-bit word and a large random sample of 32-bit words in the major opcodes the table covers, comparing
 * the legal/illegal verdict as well as the text.
 *
 * Where our table and objdump knowingly disagree, the test says so in KNOWN_DIFFERENCES, with the reason, and
 * checks that each listed difference really occurs (so the list cannot outlive its cause).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { disassemble } from '../../../emulator/isa/disasm';
import { decode } from '../../../emulator/isa/decode';
import * as f from '../../../emulator/isa/fields';
import { INSTRUCTIONS, type InstructionRow } from '../../../emulator/isa/table';
import { hasTool, toolMissingMessage } from '../../helpers/tools';

const OBJDUMP = 'riscv64-unknown-elf-objdump';
const haveObjdump = hasTool(OBJDUMP);
if (!haveObjdump) console.warn(toolMissingMessage(OBJDUMP));

const BASE = 0x8000_0000n;

// ---- Running objdump over many words at once ----

interface Dumped {
  word: number;
  pc: bigint;
  /** objdump's text after the raw bytes: mnemonic, TAB, operands (and ` # comment`). */
  text: string;
}

/**
 * Lays `words` out from `base` in one raw binary, runs objdump on it once and returns each word's text.
 * objdump's text for a load, store or addi can depend on an earlier lui/auipc/c.lui to its base register (it
 * comments the address they build); disassemble() is stateless, so after each such word a filler
 * `lb zero,0(rd)` uses up objdump's remembered value, and the filler's own line is dropped.
 */
function objdumpWords(
  words: readonly number[],
  base: bigint,
  dir: string,
  name: string,
  noAliases: boolean,
): Dumped[] {
  const bytes: number[] = [];
  const placed: { word: number; offset: number }[] = [];
  const push = (w: number, length: number): void => {
    for (let i = 0; i < length; i++) bytes.push((w >>> (8 * i)) & 0xff);
  };
  for (const word of words) {
    placed.push({ word, offset: bytes.length });
    push(word, (word & 3) === 3 ? 4 : 2);
    const row = decode(word);
    if (row && ['lui', 'auipc', 'c.lui'].includes(row.name)) {
      push(((row.name === 'c.lui' ? f.cRd(word) : f.rd(word)) << 15) | 0x03, 4); // lb zero,0(rd)
    }
  }
  const file = join(dir, `${name}.bin`);
  writeFileSync(file, Uint8Array.from(bytes));
  const args = ['-D', '-z', '-b', 'binary', '-m', 'riscv:rv64', `--adjust-vma=0x${base.toString(16)}`];
  if (noAliases) args.push('-M', 'no-aliases');
  const r = spawnSync(OBJDUMP, [...args, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`objdump failed: ${r.stderr}`);
  const byAddress = new Map<bigint, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f]+ *\t(.*)$/.exec(line);
    if (m) byAddress.set(BigInt(`0x${m[1]}`), m[2]);
  }
  return placed.map(({ word, offset }) => {
    const pc = base + BigInt(offset);
    const text = byAddress.get(pc);
    if (text === undefined) throw new Error(`objdump printed nothing at ${pc.toString(16)}`);
    return { word, pc, text };
  });
}

/** A tiny seeded generator (xorshift32): every run tests the same words, so a failure can be replayed. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Edge encodings of a row: its free bits all clear, all set, in stripes, and each one set or clear alone. */
function edgeWords(row: InstructionRow): number[] {
  const width = row.length === 4 ? 0xffffffff : 0xffff;
  const free = ~row.mask & width;
  const patterns = [0, width, 0x55555555, 0xaaaaaaaa, 0x33333333, 0xcccccccc];
  for (let b = 0; b < row.length * 8; b++) patterns.push(1 << b, ~(1 << b));
  return patterns.map((p) => ((p & free) | row.match) >>> 0);
}

/** Words that decode to `row`: its edge encodings plus `random` random draws of its free bits. */
function wordsOf(row: InstructionRow, random: number, next: () => number): number[] {
  const width = row.length === 4 ? 0xffffffff : 0xffff;
  const drawn: number[] = [];
  for (let i = 0; i < random * 8 && drawn.length < random; i++) {
    const w = ((next() & ~row.mask & width) | row.match) >>> 0;
    if (decode(w) === row) drawn.push(w);
  }
  return [...new Set([...edgeWords(row).filter((w) => decode(w) === row), ...drawn])];
}

/**
 * Where the table (following the ISA manuals) and binutils 2.40 knowingly differ. Each entry names the words
 * it covers, the mnemonic objdump prints for them with -M no-aliases (`.4byte`/`.2byte` for data), and, when
 * disassemble() deliberately prints something else, what it prints instead.
 */
interface KnownDifference {
  why: string;
  covers: (w: number, row: InstructionRow | undefined) => boolean;
  objdumpSays: (w: number) => string;
  ours?: (w: number) => string;
}
const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    why: 'FENCE with nonzero fm/rs1/rd: the ISA manual executes it as a plain fence, binutils rejects it',
    covers: (w, row) => row?.name === 'fence' && (f.rd(w) !== 0 || f.rs1(w) !== 0 || f.fenceFm(w) !== 0),
    objdumpSays: () => '.4byte',
  },
  {
    why: 'FENCE.I with nonzero imm/rs1/rd: the ISA manual says to ignore those fields, binutils rejects it',
    covers: (w, row) => row?.name === 'fence.i' && (f.rd(w) !== 0 || f.rs1(w) !== 0 || f.immI(w) !== 0),
    objdumpSays: () => '.4byte',
  },
  {
    why: 'pause is Zihintpause, which objdump -b binary does not enable (disasm.test.ts checks "pause" on an ELF)',
    covers: (_w, row) => row?.name === 'pause',
    objdumpSays: () => 'fence',
    ours: () => 'pause',
  },
  {
    why: 'fcvt.d.w/fcvt.d.wu/fcvt.d.s with nonzero rm: the ISA manual gives these exact conversions an rm field, binutils 2.40 fixes it to zero',
    covers: (w, row) => ['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s'].includes(row?.name ?? '') && f.rm(w) !== 0,
    objdumpSays: () => '.4byte',
  },
  {
    why: 'csrrw zero,cycle,zero is the canonical 32-bit unimp; objdump names it so even without aliases',
    covers: (w) => w === 0xc0001073,
    objdumpSays: () => 'unimp',
  },
  {
    why: 'uret, hret, sfence.vm and dret come from old or debug-mode specs; binutils still decodes them, the hart traps them',
    covers: (w) => [0x00200073, 0x20200073, 0x7b200073].includes(w) || (w & 0xfff07fff) === 0x10400073,
    objdumpSays: (w) =>
      (w & 0xfff07fff) === 0x10400073
        ? 'sfence.vm'
        : ({ 0x00200073: 'uret', 0x20200073: 'hret' }[w] ?? 'dret'),
    ours: (w) => `.4byte\t0x${w.toString(16)}`,
  },
  {
    why: 'c.slli/c.srli/c.srai with shamt 0 (HINTs in RV64C) are printed under their RV128 names',
    covers: (w, row) => ['c.slli', 'c.srli', 'c.srai'].includes(row?.name ?? '') && f.cShamt(w) === 0,
    objdumpSays: (w) => `${decode(w)?.name}64`,
  },
  {
    why: 'c.addi16sp with nzimm=0 is reserved (ISA manual, C chapter); binutils prints it as c.addi16sp sp,0',
    covers: (w) => w === 0x6101,
    objdumpSays: () => 'c.addi16sp',
    ours: () => '.2byte\t0x6101',
  },
  {
    why: 'the all-zero halfword is defined illegal; binutils names it c.unimp (unimp with aliases)',
    covers: (w) => w === 0,
    objdumpSays: () => 'c.unimp',
  },
];

/** Words the random sample always includes, so every 32-bit entry above is exercised. */
// prettier-ignore
const SPECIAL_WORDS = [
  0x0100000f, 0xc0001073, 0x00200073, 0x20200073, 0x7b200073, 0x10400073, 0x10450073, 0xd2051553,
];

/** The mnemonic objdump prints for `w` in no-aliases mode, as the table predicts it. */
function expectedMnemonic(w: number, used: Set<KnownDifference>): string {
  const row = decode(w);
  const known = KNOWN_DIFFERENCES.find((k) => k.covers(w, row));
  if (known) {
    used.add(known);
    return known.objdumpSays(w);
  }
  if (row === undefined) return (w & 3) === 3 ? '.4byte' : '.2byte';
  return row.name;
}

/** objdump's mnemonic with the A extension's ordering suffix removed (amoadd.w.aqrl -> amoadd.w). */
const baseMnemonic = (text: string): string => text.split('\t')[0].replace(/\.(aq|rl|aqrl)$/, '');

function compareText(dumped: Dumped[], aliases: boolean): string[] {
  const bad: string[] = [];
  for (const { word, pc, text } of dumped) {
    const ours = disassemble(word, pc, { aliases });
    const theirs =
      KNOWN_DIFFERENCES.find((k) => k.ours && k.covers(word, decode(word)))?.ours?.(word) ?? text;
    if (ours !== theirs)
      bad.push(`${word.toString(16).padStart(8, '0')}: objdump "${theirs}" ours "${ours}"`);
  }
  return bad;
}

function compareMnemonics(dumped: Dumped[], used: Set<KnownDifference>): string[] {
  const bad: string[] = [];
  for (const { word, text } of dumped) {
    const want = expectedMnemonic(word, used);
    if (baseMnemonic(text) !== want) {
      bad.push(`${word.toString(16)}: objdump "${text}", table says ${decode(word)?.name ?? 'illegal'}`);
    }
  }
  return bad;
}

describe.skipIf(!haveObjdump)('every table row against GNU objdump 2.40', () => {
  const next = xorshift(0x5eed1);
  const words = INSTRUCTIONS.flatMap((row) => wordsOf(row, 24, next));
  let plain: Dumped[] = [];
  let aliased: Dumped[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-disasm-'));
  beforeAll(() => {
    plain = objdumpWords(words, BASE, dir, 'rows', true);
    aliased = objdumpWords(words, BASE, dir, 'rows', false);
  });

  it('has encodings for every row', () => {
    const missing = INSTRUCTIONS.filter((row) => !words.some((w) => decode(w) === row)).map((r) => r.name);
    expect(missing).toEqual([]);
    expect(plain).toHaveLength(words.length);
  });

  it('decode() names the instruction objdump -M no-aliases names', () => {
    expect(compareMnemonics(plain, new Set())).toEqual([]);
  });

  it('disassemble(aliases: false) prints exactly what objdump -M no-aliases prints', () => {
    expect(compareText(plain, false)).toEqual([]);
  });

  it('disassemble() prints exactly what objdump prints by default (alias forms)', () => {
    expect(compareText(aliased, true)).toEqual([]);
  });
});

describe.skipIf(!haveObjdump)('every 16-bit word against GNU objdump 2.40', () => {
  const words: number[] = [];
  for (let w = 0; w < 0x10000; w++) if ((w & 3) !== 3) words.push(w);
  let plain: Dumped[] = [];
  let aliased: Dumped[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-rvc-'));
  beforeAll(() => {
    plain = objdumpWords(words, BASE, dir, 'rvc', true);
    aliased = objdumpWords(words, BASE, dir, 'rvc', false);
  });

  it('decode() agrees with objdump on legal vs illegal and on the name, except the listed differences', () => {
    const used = new Set<KnownDifference>();
    expect(compareMnemonics(plain, used)).toEqual([]);
    // Every RVC-related entry of the list must really occur among the 16-bit words.
    const rvc = KNOWN_DIFFERENCES.filter((k) => /^c\.|halfword/.test(k.why));
    expect(rvc.filter((k) => !used.has(k)).map((k) => k.why)).toEqual([]);
  });

  it('counts c.fld/c.fsd/c.fldsp/c.fsdsp as legal table rows of extension D, as objdump does', () => {
    // The hart has no F/D, so it disables these rows and traps them (test/emulator/hart); the table and
    // the disassembler still know them, like objdump.
    const dRows = new Set(plain.filter((d) => decode(d.word)?.ext === 'D').map((d) => baseMnemonic(d.text)));
    expect([...dRows].sort()).toEqual(['c.fld', 'c.fldsp', 'c.fsd', 'c.fsdsp']);
  });

  it("disassemble() prints objdump's text for all of them, in both modes", () => {
    expect(compareText(plain, false)).toEqual([]);
    expect(compareText(aliased, true)).toEqual([]);
  });
});

/** Major opcodes (bits 6:0) of the table's 32-bit rows. */
const OPCODES = [...new Set(INSTRUCTIONS.filter((r) => r.length === 4).map((r) => r.match & 0x7f))];

describe.skipIf(!haveObjdump)('random 32-bit words in the covered opcodes against GNU objdump 2.40', () => {
  const next = xorshift(0xabcdef);
  const rows32 = INSTRUCTIONS.filter((r) => r.length === 4);
  const words: number[] = [...SPECIAL_WORDS];
  for (let i = 0; i < 24_000; i++) {
    const r = next();
    if (i % 2 === 0) {
      // Uniform over the 25 bits above the opcode.
      words.push(((r & ~0x7f) | OPCODES[r % OPCODES.length]) >>> 0);
    } else {
      // Near a real encoding: a row's word with one or two of its fixed bits flipped (opcode kept).
      const row = rows32[r % rows32.length];
      let w = ((next() & ~row.mask) | row.match) >>> 0;
      for (let k = 0; k <= (r >>> 16) % 2; k++) w ^= (1 << (7 + (next() % 25))) & row.mask;
      words.push(w >>> 0);
    }
  }
  let plain: Dumped[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-rv32-'));
  beforeAll(() => {
    plain = objdumpWords(words, BASE, dir, 'rand32', true);
  });

  it('decode() agrees with objdump on legal vs illegal and on the name, except the listed differences', () => {
    const used = new Set<KnownDifference>();
    expect(compareMnemonics(plain, used)).toEqual([]);
    const rv32 = KNOWN_DIFFERENCES.filter((k) => !/^c\.|halfword/.test(k.why));
    expect(rv32.filter((k) => !used.has(k)).map((k) => k.why)).toEqual([]);
    expect(plain.filter((d) => decode(d.word) !== undefined).length).toBeGreaterThan(words.length / 4);
    expect(plain.filter((d) => decode(d.word) === undefined).length).toBeGreaterThan(words.length / 4);
  });

  it("disassemble(aliases: false) prints objdump's text for each of them", () => {
    expect(compareText(plain, false)).toEqual([]);
  });
});

describe.skipIf(!haveObjdump)('every CSR number against GNU objdump 2.40', () => {
  // csrrs a0,csr,zero (csrr and the rdcycle/frflags... aliases), csrrw zero,csr,a1 (csrw, fscsr...) and
  // csrrci a2,csr,31 (the immediate forms), for all 4096 CSR numbers.
  const words: number[] = [];
  for (let num = 0; num < 4096; num++) {
    words.push((num << 20) | (0 << 15) | (2 << 12) | (10 << 7) | 0x73);
    words.push((num << 20) | (11 << 15) | (1 << 12) | (0 << 7) | 0x73);
    words.push((num << 20) | (31 << 15) | (7 << 12) | (12 << 7) | 0x73);
  }
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-csr-'));

  it('prints every CSR by the name (or number) objdump prints, in both modes', () => {
    expect(compareText(objdumpWords(words, BASE, dir, 'csr', true), false)).toEqual([]);
    expect(compareText(objdumpWords(words, BASE, dir, 'csr', false), true)).toEqual([]);
  });
});
