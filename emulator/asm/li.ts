/**
 * `li rd, constant` as GNU as 2.40 expands it (tc-riscv.c, load_const): a 12-bit value is one addi (or c.li);
 * a 32-bit value is lui and/or addiw; a wider value is built from its upper part recursively, then shifted
 * left past its trailing zeros with slli, then its low 12 bits added with addi. Each step is then assembled
 * like typed text, so under .option rvc each may compress (c.lui, c.addiw, c.slli, c.addi).
 */

export interface LiStep {
  name: 'addi' | 'lui' | 'addiw' | 'slli';
  rd: number;
  rs1: number;
  imm: bigint;
}

const sext32 = (v: bigint): boolean => v === BigInt.asIntN(32, v);
const low12 = (v: bigint): bigint => ((v & 0xfffn) ^ 0x800n) - 0x800n;

/** The instructions for li rd, value (value as a signed 64-bit BigInt). */
export function expandLi(rd: number, value: bigint): LiStep[] {
  const v = BigInt.asIntN(64, value);
  if (v >= -2048n && v <= 2047n) return [{ name: 'addi', rd, rs1: 0, imm: v }];
  return loadConst(rd, v);
}

function loadConst(rd: number, v: bigint): LiStep[] {
  const lower = low12(v);
  let upper = BigInt.asIntN(64, v - lower);
  const steps: LiStep[] = [];
  if (!sext32(v)) {
    let shift = 12n;
    while (((upper >> shift) & 1n) === 0n) shift++;
    upper = upper >> shift;
    steps.push(...loadConst(rd, upper));
    steps.push({ name: 'slli', rd, rs1: rd, imm: shift });
    if (lower !== 0n) steps.push({ name: 'addi', rd, rs1: rd, imm: lower });
    return steps;
  }
  let hiReg = 0;
  if (upper !== 0n) {
    steps.push({ name: 'lui', rd, rs1: 0, imm: (upper >> 12n) & 0xfffffn });
    hiReg = rd;
  }
  if (lower !== 0n || hiReg === 0) steps.push({ name: 'addiw', rd, rs1: hiReg, imm: lower });
  return steps;
}
