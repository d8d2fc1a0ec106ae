/**
 * Pseudo-instructions (the RISC-V Assembly Programmer's Manual, and GNU as's riscv-opc.c), rewritten into
 * table instructions before operands are parsed. Each expansion keeps the operands' columns, so an error in
 * `bgt a0, 5, L` points at the `5`. The `typed` name travels with the expansion, because GNU as's choice of a
 * compressed form depends on the mnemonic typed (compress.ts). li, la, lla, call, tail and jump need symbol
 * values or several instructions and are handled in instructions.ts.
 */
import type { OperandText } from './operands';
import { xRegister } from './operands';

export interface Expansion {
  name: string;
  ops: OperandText[];
  typed: string;
}

export type Special = 'li' | 'la' | 'lla' | 'call' | 'tail' | 'jump';

export type PseudoResult = { expansions: Expansion[] } | { special: Special } | undefined;

type Rule = (o: OperandText[], at: (text: string) => OperandText) => Expansion[] | undefined;

const one = (name: string, ops: OperandText[], typed: string): Expansion[] => [{ name, ops, typed }];
const isReg = (o: OperandText | undefined): boolean => o !== undefined && xRegister(o.text) !== undefined;
const isMem = (o: OperandText | undefined): boolean => o !== undefined && /\)\s*$/.test(o.text);

/** name -> rules by operand count. */
const RULES: Record<string, Record<number, Rule>> = {
  nop: { 0: (_o, at) => one('addi', [at('zero'), at('zero'), at('0')], 'nop') },
  'c.nop': { 0: (_o, at) => one('c.addi', [at('zero'), at('0')], 'c.nop') },
  mv: { 2: ([d, s], at) => one('addi', [d, s, at('0')], 'mv') },
  move: { 2: ([d, s], at) => one('addi', [d, s, at('0')], 'move') },
  not: { 2: ([d, s], at) => one('xori', [d, s, at('-1')], 'not') },
  neg: { 2: ([d, s], at) => one('sub', [d, at('zero'), s], 'neg') },
  negw: { 2: ([d, s], at) => one('subw', [d, at('zero'), s], 'negw') },
  'sext.w': { 2: ([d, s], at) => one('addiw', [d, s, at('0')], 'sext.w') },
  seqz: { 2: ([d, s], at) => one('sltiu', [d, s, at('1')], 'seqz') },
  snez: { 2: ([d, s], at) => one('sltu', [d, at('zero'), s], 'snez') },
  sltz: { 2: ([d, s], at) => one('slt', [d, s, at('zero')], 'sltz') },
  sgtz: { 2: ([d, s], at) => one('slt', [d, at('zero'), s], 'sgtz') },
  sgt: { 3: ([d, a, b]) => one('slt', [d, b, a], 'sgt') },
  sgtu: { 3: ([d, a, b]) => one('sltu', [d, b, a], 'sgtu') },
  beqz: { 2: ([s, l], at) => one('beq', [s, at('zero'), l], 'beqz') },
  bnez: { 2: ([s, l], at) => one('bne', [s, at('zero'), l], 'bnez') },
  blez: { 2: ([s, l], at) => one('bge', [at('zero'), s, l], 'blez') },
  bgez: { 2: ([s, l], at) => one('bge', [s, at('zero'), l], 'bgez') },
  bltz: { 2: ([s, l], at) => one('blt', [s, at('zero'), l], 'bltz') },
  bgtz: { 2: ([s, l], at) => one('blt', [at('zero'), s, l], 'bgtz') },
  bgt: { 3: ([a, b, l]) => one('blt', [b, a, l], 'bgt') },
  ble: { 3: ([a, b, l]) => one('bge', [b, a, l], 'ble') },
  bgtu: { 3: ([a, b, l]) => one('bltu', [b, a, l], 'bgtu') },
  bleu: { 3: ([a, b, l]) => one('bgeu', [b, a, l], 'bleu') },
  j: { 1: ([l], at) => one('jal', [at('zero'), l], 'j') },
  jal: { 1: ([l], at) => one('jal', [at('ra'), l], 'jal') },
  ret: { 0: (_o, at) => one('jalr', [at('zero'), at('0(ra)')], 'ret') },
  jr: {
    1: ([s], at) =>
      isMem(s) ? one('jalr', [at('zero'), s], 'jr.mem') : one('jalr', [at('zero'), mem(s, '0')], 'jr'),
    2: ([s, i], at) => one('jalr', [at('zero'), mem(s, i.text)], 'jr.imm'),
  },
  jalr: {
    1: ([s], at) =>
      isMem(s) ? one('jalr', [at('ra'), s], 'jalr.mem') : one('jalr', [at('ra'), mem(s, '0')], 'jalr.short'),
    2: ([d, s]) => (isMem(s) ? undefined : one('jalr', [d, mem(s, '0')], 'jalr.reg')),
    3: ([d, s, i]) => one('jalr', [d, mem(s, i.text)], 'jalr.imm'),
  },
  // GNU as's unimp: csrrw zero, cycle, zero (0xc0001073), a write to the read-only cycle CSR, so it always
  // traps as illegal; under .option rvc it is c.unimp, the all-zero halfword, instead (compress.ts).
  unimp: { 0: (_o, at) => one('csrrw', [at('zero'), at('cycle'), at('zero')], 'unimp') },
  fence: { 0: (_o, at) => one('fence', [at('iorw'), at('iorw')], 'fence') },
  'sfence.vma': {
    0: (_o, at) => one('sfence.vma', [at('zero'), at('zero')], 'sfence.vma'),
    1: ([s], at) => one('sfence.vma', [s, at('zero')], 'sfence.vma'),
  },
  csrr: { 2: ([d, c], at) => one('csrrs', [d, c, at('zero')], 'csrr') },
  csrw: { 2: ([c, s], at) => one(isReg(s) ? 'csrrw' : 'csrrwi', [at('zero'), c, s], 'csrw') },
  csrs: { 2: ([c, s], at) => one(isReg(s) ? 'csrrs' : 'csrrsi', [at('zero'), c, s], 'csrs') },
  csrc: { 2: ([c, s], at) => one(isReg(s) ? 'csrrc' : 'csrrci', [at('zero'), c, s], 'csrc') },
  csrwi: { 2: ([c, i], at) => one('csrrwi', [at('zero'), c, i], 'csrwi') },
  csrsi: { 2: ([c, i], at) => one('csrrsi', [at('zero'), c, i], 'csrsi') },
  csrci: { 2: ([c, i], at) => one('csrrci', [at('zero'), c, i], 'csrci') },
  rdcycle: { 1: ([d], at) => one('csrrs', [d, at('cycle'), at('zero')], 'rdcycle') },
  rdtime: { 1: ([d], at) => one('csrrs', [d, at('time'), at('zero')], 'rdtime') },
  rdinstret: { 1: ([d], at) => one('csrrs', [d, at('instret'), at('zero')], 'rdinstret') },
  frcsr: { 1: ([d], at) => one('csrrs', [d, at('fcsr'), at('zero')], 'frcsr') },
  frrm: { 1: ([d], at) => one('csrrs', [d, at('frm'), at('zero')], 'frrm') },
  frflags: { 1: ([d], at) => one('csrrs', [d, at('fflags'), at('zero')], 'frflags') },
  fscsr: csrSwap('fcsr', 'fscsr'),
  fsrm: csrSwap('frm', 'fsrm'),
  fsflags: csrSwap('fflags', 'fsflags'),
};

/** fscsr rs / fscsr rd, rs (and fsrm, fsflags): csrrw with the named CSR. */
function csrSwap(csr: string, typed: string): Record<number, Rule> {
  return {
    1: ([s], at) => one('csrrw', [at('zero'), at(csr), s], typed),
    2: ([d, s], at) => one('csrrw', [d, at(csr), s], typed),
  };
}

for (const p of ['s', 'd']) {
  RULES[`fmv.${p}`] = { 2: ([d, s]) => one(`fsgnj.${p}`, [d, s, s], `fmv.${p}`) };
  RULES[`fabs.${p}`] = { 2: ([d, s]) => one(`fsgnjx.${p}`, [d, s, s], `fabs.${p}`) };
  RULES[`fneg.${p}`] = { 2: ([d, s]) => one(`fsgnjn.${p}`, [d, s, s], `fneg.${p}`) };
}

/** `offset(reg)` built from a register operand, keeping the register's column. */
function mem(reg: OperandText, offset: string): OperandText {
  return { text: `${offset}(${reg.text})`, column: reg.column - offset.length - 1 };
}

const SPECIAL: Record<string, readonly number[]> = {
  li: [2],
  la: [2],
  lla: [2],
  call: [1, 2],
  tail: [1],
  jump: [2],
};

/** Expand a pseudo-instruction, or undefined when `name` with this many operands is not one. */
export function expandPseudo(name: string, ops: OperandText[], column: number): PseudoResult {
  // Own properties only: a mnemonic such as `__proto__` or `constructor` is no pseudo-instruction.
  if (!Object.hasOwn(SPECIAL, name) && !Object.hasOwn(RULES, name)) return undefined;
  if (SPECIAL[name]?.includes(ops.length)) return { special: name as Special };
  const rule = RULES[name]?.[ops.length];
  if (!rule) return undefined;
  const expansions = rule(ops, (text) => ({ text, column }));
  return expansions ? { expansions } : undefined;
}

/** Whether `name` is a pseudo-instruction with some operand count (for "wrong operand count" messages). */
export function pseudoCounts(name: string): number[] {
  if (Object.hasOwn(SPECIAL, name)) return [...SPECIAL[name]];
  return Object.hasOwn(RULES, name) ? Object.keys(RULES[name]).map(Number) : [];
}
