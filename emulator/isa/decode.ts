import { INSTRUCTIONS, type InstructionRow } from './table';

/**
 * The decoder, derived from the instruction table: rows are bucketed by their major opcode (the low 7 bits of
 * a 32-bit word, or the quadrant and funct3 of a 16-bit one); inside a bucket the rows with more fixed bits
 * come first, so a specific row (c.ebreak) wins over a general one (c.add). Nothing is allocated per call.
 */

/** 4 bytes when the low two bits are 11, else 2 (the 48- and 64-bit encodings are not supported here). */
export function instructionLength(lowHalfword: number): 2 | 4 {
  return (lowHalfword & 3) === 3 ? 4 : 2;
}

const popcount = (v: number): number => {
  let n = 0;
  for (let x = v >>> 0; x !== 0; x &= x - 1) n++;
  return n;
};

/** 128 buckets for 32-bit opcodes, then 24 for compressed (quadrant × funct3). */
const buckets: InstructionRow[][] = Array.from({ length: 128 + 24 }, () => []);

function bucketOf(word: number): number {
  if ((word & 3) === 3) return word & 0x7f;
  return 128 + (word & 3) * 8 + ((word >>> 13) & 7);
}

for (const row of INSTRUCTIONS) {
  if (row.length === 4) {
    if ((row.mask & 0x7f) !== 0x7f) throw new Error(`table: ${row.name} must fix its opcode bits`);
    buckets[row.match & 0x7f].push(row);
  } else {
    if ((row.mask & 0xe003) !== 0xe003) throw new Error(`table: ${row.name} must fix quadrant and funct3`);
    buckets[bucketOf(row.match)].push(row);
  }
}
for (const b of buckets) b.sort((a, c) => popcount(c.mask) - popcount(a.mask));

/** The table row for an instruction word, or undefined when the word is illegal or reserved. */
export function decode(word: number): InstructionRow | undefined {
  const w = (word & 3) === 3 ? word >>> 0 : word & 0xffff;
  if (w === 0) return undefined; // the all-zero halfword is defined to be illegal
  const bucket = buckets[bucketOf(w)];
  for (let i = 0; i < bucket.length; i++) {
    const row = bucket[i];
    if ((w & row.mask) >>> 0 === row.match && (row.valid === undefined || row.valid(w))) return row;
  }
  return undefined;
}
