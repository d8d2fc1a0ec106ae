/**
 * Runs GNU objdump on raw instruction words, as the oracle for the decoder and the disassembler: the words
 * go into one flat binary, objdump disassembles it once (`-D -b binary -m riscv:rv64`, loaded at
 * 0x8000_0000), and each output line is matched back to its word by address.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../helpers/tools';

export const OBJDUMP = 'riscv64-unknown-elf-objdump';
export const AS = 'riscv64-unknown-elf-as';
export const BASE = 0x8000_0000n;

export type Mode = 'aliases' | 'no-aliases';

export interface Line {
  word: number;
  pc: bigint;
  /** objdump's text: mnemonic, TAB, operands, any `# comment`. */
  text: string;
}

/**
 * The register whose upper half objdump remembers after this word (lui, auipc, c.lui), from the raw
 * opcode bits. objdump comments the full address on a later instruction based on that register; our
 * disassembler sees one word at a time, so the batch clears objdump's memory right after (see below).
 */
function setsUpperHalf(w: number): number | undefined {
  if ((w & 3) === 3) return (w & 0x7f) === 0x37 || (w & 0x7f) === 0x17 ? (w >>> 7) & 31 : undefined;
  return (w & 0xe003) === 0x6001 ? (w >>> 7) & 31 : undefined;
}

/** `lw zero,0(rs1)`: a load based on rs1 uses up objdump's remembered upper half of rs1. */
const forget = (reg: number): number => (0x2003 | (reg << 15)) >>> 0;

function image(words: readonly number[]): Uint8Array {
  const bytes: number[] = [];
  for (const w of words) {
    const n = (w & 3) === 3 ? 4 : 2;
    for (let i = 0; i < n; i++) bytes.push((w >>> (8 * i)) & 0xff);
  }
  return Uint8Array.from(bytes);
}

/**
 * objdump's line for each word, in order. The words are laid out back to back from BASE (2 bytes for a
 * compressed word, 4 for the others), with a `forget` load after each lui/auipc/c.lui whose line is
 * dropped, so that every word is printed as it would be on its own.
 */
export function objdumpLines(words: readonly number[], mode: Mode): Line[] {
  const laidOut: number[] = [];
  const pcs: bigint[] = [];
  let pc = BASE;
  for (const w of words) {
    laidOut.push(w);
    pcs.push(pc);
    pc += (w & 3) === 3 ? 4n : 2n;
    const reg = setsUpperHalf(w);
    if (reg !== undefined) {
      laidOut.push(forget(reg));
      pc += 4n;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-objdump-'));
  try {
    const file = join(dir, 'words.bin');
    writeFileSync(file, image(laidOut));
    const args = ['-D', '-z', '-b', 'binary', '-m', 'riscv:rv64', `--adjust-vma=0x${BASE.toString(16)}`];
    if (mode === 'no-aliases') args.push('-M', 'no-aliases');
    const { stdout } = run(OBJDUMP, [...args, file]);
    const byAddress = new Map<bigint, string>();
    for (const line of stdout.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t[0-9a-f]+\s*\t(.*)$/.exec(line);
      if (m) byAddress.set(BigInt(`0x${m[1]}`), m[2].trimEnd());
    }
    return words.map((word, i) => {
      const text = byAddress.get(pcs[i]);
      if (text === undefined) throw new Error(`objdump printed nothing at 0x${pcs[i].toString(16)}`);
      return { word, pc: pcs[i], text };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The mnemonic of an objdump line (`.4byte` for data). */
export const mnemonicOf = (text: string): string => text.split('\t')[0];
