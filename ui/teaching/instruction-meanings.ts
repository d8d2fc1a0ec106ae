/**
 * One line of pseudo-code per instruction: what the instruction means, in the ISA manual's notation
 * (x[rd], sext(), M[addr], pc). Keyed by the instruction table's row names (emulator/isa/table.ts); a test
 * checks that every row has a line, so adding a row without its meaning fails. Compressed instructions say
 * what they stand for; their full meaning is that of their 32-bit expansion, shown beside them.
 * Immediates are written `imm` whichever format scrambles them; the field diagram shows how.
 */

const MEANINGS: Record<string, string> = {
  lui: 'x[rd] = sext(imm << 12)',
  auipc: 'x[rd] = pc + sext(imm << 12)',
  jal: 'x[rd] = pc + 4; pc = pc + sext(imm)',
  jalr: 't = pc + 4; pc = (x[rs1] + sext(imm)) & ~1; x[rd] = t',
  beq: 'if (x[rs1] == x[rs2]) pc = pc + sext(imm)',
  bne: 'if (x[rs1] != x[rs2]) pc = pc + sext(imm)',
  blt: 'if (x[rs1] <s x[rs2]) pc = pc + sext(imm)',
  bge: 'if (x[rs1] >=s x[rs2]) pc = pc + sext(imm)',
  bltu: 'if (x[rs1] <u x[rs2]) pc = pc + sext(imm)',
  bgeu: 'if (x[rs1] >=u x[rs2]) pc = pc + sext(imm)',
  lb: 'x[rd] = sext(M[x[rs1] + sext(imm)][7:0])',
  lh: 'x[rd] = sext(M[x[rs1] + sext(imm)][15:0])',
  lw: 'x[rd] = sext(M[x[rs1] + sext(imm)][31:0])',
  ld: 'x[rd] = M[x[rs1] + sext(imm)][63:0]',
  lbu: 'x[rd] = zext(M[x[rs1] + sext(imm)][7:0])',
  lhu: 'x[rd] = zext(M[x[rs1] + sext(imm)][15:0])',
  lwu: 'x[rd] = zext(M[x[rs1] + sext(imm)][31:0])',
  sb: 'M[x[rs1] + sext(imm)] = x[rs2][7:0]',
  sh: 'M[x[rs1] + sext(imm)] = x[rs2][15:0]',
  sw: 'M[x[rs1] + sext(imm)] = x[rs2][31:0]',
  sd: 'M[x[rs1] + sext(imm)] = x[rs2][63:0]',
  addi: 'x[rd] = x[rs1] + sext(imm)',
  slti: 'x[rd] = (x[rs1] <s sext(imm)) ? 1 : 0',
  sltiu: 'x[rd] = (x[rs1] <u sext(imm)) ? 1 : 0',
  xori: 'x[rd] = x[rs1] ^ sext(imm)',
  ori: 'x[rd] = x[rs1] | sext(imm)',
  andi: 'x[rd] = x[rs1] & sext(imm)',
  slli: 'x[rd] = x[rs1] << shamt',
  srli: 'x[rd] = x[rs1] >>u shamt',
  srai: 'x[rd] = x[rs1] >>s shamt',
  add: 'x[rd] = x[rs1] + x[rs2]',
  sub: 'x[rd] = x[rs1] - x[rs2]',
  sll: 'x[rd] = x[rs1] << x[rs2][5:0]',
  slt: 'x[rd] = (x[rs1] <s x[rs2]) ? 1 : 0',
  sltu: 'x[rd] = (x[rs1] <u x[rs2]) ? 1 : 0',
  xor: 'x[rd] = x[rs1] ^ x[rs2]',
  srl: 'x[rd] = x[rs1] >>u x[rs2][5:0]',
  sra: 'x[rd] = x[rs1] >>s x[rs2][5:0]',
  or: 'x[rd] = x[rs1] | x[rs2]',
  and: 'x[rd] = x[rs1] & x[rs2]',
  addiw: 'x[rd] = sext((x[rs1] + sext(imm))[31:0])',
  slliw: 'x[rd] = sext((x[rs1] << shamt)[31:0])',
  srliw: 'x[rd] = sext(x[rs1][31:0] >>u shamt)',
  sraiw: 'x[rd] = sext(x[rs1][31:0] >>s shamt)',
  addw: 'x[rd] = sext((x[rs1] + x[rs2])[31:0])',
  subw: 'x[rd] = sext((x[rs1] - x[rs2])[31:0])',
  sllw: 'x[rd] = sext((x[rs1] << x[rs2][4:0])[31:0])',
  srlw: 'x[rd] = sext(x[rs1][31:0] >>u x[rs2][4:0])',
  sraw: 'x[rd] = sext(x[rs1][31:0] >>s x[rs2][4:0])',
  fence: 'order the memory accesses in pred before those in succ (as seen by other harts and devices)',
  'fence.tso': 'order loads before loads/stores and stores before stores (total store order)',
  pause: 'hint: this hart is spinning; wait a little (a fence with no effect on memory)',
  ecall: 'raise an environment call exception from the current mode (ask the more privileged level)',
  ebreak: 'raise a breakpoint exception (for a debugger)',
  sret: 'pc = sepc; mode = sstatus.SPP; sstatus.SIE = sstatus.SPIE (return from an S-mode trap)',
  mret: 'pc = mepc; mode = mstatus.MPP; mstatus.MIE = mstatus.MPIE (return from an M-mode trap)',
  wfi: 'wait for interrupt: the hart may sleep until an interrupt is pending',
  'sfence.vma': 'flush cached address translations (for address x[rs1] and address space x[rs2], 0 = all)',
  'fence.i': 'make earlier stores to memory visible to this hart’s instruction fetches',
  csrrw: 't = CSR[csr]; CSR[csr] = x[rs1]; x[rd] = t',
  csrrs: 't = CSR[csr]; CSR[csr] = t | x[rs1]; x[rd] = t',
  csrrc: 't = CSR[csr]; CSR[csr] = t & ~x[rs1]; x[rd] = t',
  csrrwi: 'x[rd] = CSR[csr]; CSR[csr] = zext(uimm)',
  csrrsi: 't = CSR[csr]; CSR[csr] = t | zext(uimm); x[rd] = t',
  csrrci: 't = CSR[csr]; CSR[csr] = t & ~zext(uimm); x[rd] = t',
  mul: 'x[rd] = (x[rs1] × x[rs2])[63:0]',
  mulh: 'x[rd] = (x[rs1] ×s,s x[rs2])[127:64]',
  mulhsu: 'x[rd] = (x[rs1] ×s,u x[rs2])[127:64]',
  mulhu: 'x[rd] = (x[rs1] ×u,u x[rs2])[127:64]',
  div: 'x[rd] = x[rs1] /s x[rs2] (÷0 gives -1)',
  divu: 'x[rd] = x[rs1] /u x[rs2] (÷0 gives all ones)',
  rem: 'x[rd] = x[rs1] %s x[rs2] (÷0 gives x[rs1])',
  remu: 'x[rd] = x[rs1] %u x[rs2] (÷0 gives x[rs1])',
  mulw: 'x[rd] = sext((x[rs1] × x[rs2])[31:0])',
  divw: 'x[rd] = sext(x[rs1][31:0] /s x[rs2][31:0])',
  divuw: 'x[rd] = sext(x[rs1][31:0] /u x[rs2][31:0])',
  remw: 'x[rd] = sext(x[rs1][31:0] %s x[rs2][31:0])',
  remuw: 'x[rd] = sext(x[rs1][31:0] %u x[rs2][31:0])',
};

// A: the same shape for .w (32-bit, sign-extended into rd) and .d (64-bit).
const AMO_OPS: Record<string, string> = {
  amoswap: 'x[rs2]',
  amoadd: 't + x[rs2]',
  amoxor: 't ^ x[rs2]',
  amoand: 't & x[rs2]',
  amoor: 't | x[rs2]',
  amomin: 'min_s(t, x[rs2])',
  amomax: 'max_s(t, x[rs2])',
  amominu: 'min_u(t, x[rs2])',
  amomaxu: 'max_u(t, x[rs2])',
};
for (const [s, width] of [
  ['w', '32'],
  ['d', '64'],
] as const) {
  const ext = s === 'w' ? 'sext' : '';
  MEANINGS[`lr.${s}`] = `x[rd] = ${ext}(M${width}[x[rs1]]); reserve that address`;
  MEANINGS[`sc.${s}`] = `if still reserved: M${width}[x[rs1]] = x[rs2], x[rd] = 0; else x[rd] = 1`;
  for (const [op, value] of Object.entries(AMO_OPS)) {
    MEANINGS[`${op}.${s}`] =
      `atomically: t = ${ext}(M${width}[x[rs1]]); M${width}[x[rs1]] = ${value}; x[rd] = t`;
  }
}

// F and D: decoded and shown, but hartscope's hart has no FPU (they trap as illegal; table-fd.ts).
for (const [s, kind] of [
  ['s', 'single'],
  ['d', 'double'],
] as const) {
  const t = `(${kind})`;
  MEANINGS[s === 's' ? 'flw' : 'fld'] = `f[rd] = M[x[rs1] + sext(imm)] ${t}`;
  MEANINGS[s === 's' ? 'fsw' : 'fsd'] = `M[x[rs1] + sext(imm)] = f[rs2] ${t}`;
  MEANINGS[`fmadd.${s}`] = `f[rd] = f[rs1] × f[rs2] + f[rs3] ${t}, rounded once`;
  MEANINGS[`fmsub.${s}`] = `f[rd] = f[rs1] × f[rs2] - f[rs3] ${t}, rounded once`;
  MEANINGS[`fnmsub.${s}`] = `f[rd] = -(f[rs1] × f[rs2]) + f[rs3] ${t}, rounded once`;
  MEANINGS[`fnmadd.${s}`] = `f[rd] = -(f[rs1] × f[rs2]) - f[rs3] ${t}, rounded once`;
  MEANINGS[`fadd.${s}`] = `f[rd] = f[rs1] + f[rs2] ${t}`;
  MEANINGS[`fsub.${s}`] = `f[rd] = f[rs1] - f[rs2] ${t}`;
  MEANINGS[`fmul.${s}`] = `f[rd] = f[rs1] × f[rs2] ${t}`;
  MEANINGS[`fdiv.${s}`] = `f[rd] = f[rs1] ÷ f[rs2] ${t}`;
  MEANINGS[`fsqrt.${s}`] = `f[rd] = √f[rs1] ${t}`;
  MEANINGS[`fsgnj.${s}`] = `f[rd] = |f[rs1]| with the sign of f[rs2] ${t}`;
  MEANINGS[`fsgnjn.${s}`] = `f[rd] = |f[rs1]| with the opposite sign of f[rs2] ${t}`;
  MEANINGS[`fsgnjx.${s}`] = `f[rd] = f[rs1] with its sign xor the sign of f[rs2] ${t}`;
  MEANINGS[`fmin.${s}`] = `f[rd] = min(f[rs1], f[rs2]) ${t}`;
  MEANINGS[`fmax.${s}`] = `f[rd] = max(f[rs1], f[rs2]) ${t}`;
  MEANINGS[`feq.${s}`] = `x[rd] = (f[rs1] == f[rs2]) ? 1 : 0 ${t}`;
  MEANINGS[`flt.${s}`] = `x[rd] = (f[rs1] < f[rs2]) ? 1 : 0 ${t}`;
  MEANINGS[`fle.${s}`] = `x[rd] = (f[rs1] <= f[rs2]) ? 1 : 0 ${t}`;
  MEANINGS[`fclass.${s}`] = `x[rd] = a bit mask saying what kind of number f[rs1] is ${t}`;
  for (const [i, name] of [
    ['w', 'int32'],
    ['wu', 'uint32'],
    ['l', 'int64'],
    ['lu', 'uint64'],
  ] as const) {
    MEANINGS[`fcvt.${i}.${s}`] = `x[rd] = f[rs1] converted to ${name} ${t}`;
    MEANINGS[`fcvt.${s}.${i}`] = `f[rd] = x[rs1] as ${name} converted to ${kind}`;
  }
  const b = s === 's' ? 'w' : 'd';
  MEANINGS[`fmv.x.${b}`] = `x[rd] = ${s === 's' ? 'sext(' : ''}the bits of f[rs1]${s === 's' ? ')' : ''}`;
  MEANINGS[`fmv.${b}.x`] = `f[rd] = the bits of x[rs1]${s === 's' ? '[31:0]' : ''}`;
}
MEANINGS['fcvt.s.d'] = 'f[rd] = f[rs1] (double) rounded to single';
MEANINGS['fcvt.d.s'] = 'f[rd] = f[rs1] (single) widened to double';

// C: each stands for one 32-bit instruction (rd' and rs1' are x8..x15).
Object.assign(MEANINGS, {
  'c.addi4spn': "x[rd'] = sp + zext(imm)  (addi rd', sp, imm)",
  'c.fld': "f[rd'] = M[x[rs1'] + zext(imm)]  (fld)",
  'c.lw': "x[rd'] = sext(M[x[rs1'] + zext(imm)][31:0])  (lw)",
  'c.ld': "x[rd'] = M[x[rs1'] + zext(imm)][63:0]  (ld)",
  'c.fsd': "M[x[rs1'] + zext(imm)] = f[rs2']  (fsd)",
  'c.sw': "M[x[rs1'] + zext(imm)] = x[rs2'][31:0]  (sw)",
  'c.sd': "M[x[rs1'] + zext(imm)] = x[rs2'][63:0]  (sd)",
  'c.addi': 'x[rd] = x[rd] + sext(imm)  (addi rd, rd, imm; with rd = x0 it is c.nop)',
  'c.addiw': 'x[rd] = sext((x[rd] + sext(imm))[31:0])  (addiw rd, rd, imm)',
  'c.li': 'x[rd] = sext(imm)  (addi rd, x0, imm)',
  'c.addi16sp': 'sp = sp + sext(imm)  (addi sp, sp, imm: a multiple of 16)',
  'c.lui': 'x[rd] = sext(imm << 12)  (lui rd, imm)',
  'c.srli': "x[rd'] = x[rd'] >>u shamt  (srli)",
  'c.srai': "x[rd'] = x[rd'] >>s shamt  (srai)",
  'c.andi': "x[rd'] = x[rd'] & sext(imm)  (andi)",
  'c.sub': "x[rd'] = x[rd'] - x[rs2']  (sub)",
  'c.xor': "x[rd'] = x[rd'] ^ x[rs2']  (xor)",
  'c.or': "x[rd'] = x[rd'] | x[rs2']  (or)",
  'c.and': "x[rd'] = x[rd'] & x[rs2']  (and)",
  'c.subw': "x[rd'] = sext((x[rd'] - x[rs2'])[31:0])  (subw)",
  'c.addw': "x[rd'] = sext((x[rd'] + x[rs2'])[31:0])  (addw)",
  'c.j': 'pc = pc + sext(imm)  (jal x0, imm)',
  'c.beqz': "if (x[rs1'] == 0) pc = pc + sext(imm)  (beq rs1', x0, imm)",
  'c.bnez': "if (x[rs1'] != 0) pc = pc + sext(imm)  (bne rs1', x0, imm)",
  'c.slli': 'x[rd] = x[rd] << shamt  (slli)',
  'c.fldsp': 'f[rd] = M[sp + zext(imm)]  (fld rd, imm(sp))',
  'c.lwsp': 'x[rd] = sext(M[sp + zext(imm)][31:0])  (lw rd, imm(sp))',
  'c.ldsp': 'x[rd] = M[sp + zext(imm)][63:0]  (ld rd, imm(sp))',
  'c.jr': 'pc = x[rs1]  (jalr x0, 0(rs1))',
  'c.mv': 'x[rd] = x[rs2]  (add rd, x0, rs2)',
  'c.ebreak': 'raise a breakpoint exception  (ebreak)',
  'c.jalr': 't = pc + 2; pc = x[rs1]; ra = t  (jalr ra, 0(rs1))',
  'c.add': 'x[rd] = x[rd] + x[rs2]  (add rd, rd, rs2)',
  'c.fsdsp': 'M[sp + zext(imm)] = f[rs2]  (fsd rs2, imm(sp))',
  'c.swsp': 'M[sp + zext(imm)] = x[rs2][31:0]  (sw rs2, imm(sp))',
  'c.sdsp': 'M[sp + zext(imm)] = x[rs2][63:0]  (sd rs2, imm(sp))',
});

/** The one-line meaning of the instruction named `name` (a table row name), or undefined if none. */
export function instructionMeaning(name: string): string | undefined {
  return Object.hasOwn(MEANINGS, name) ? MEANINGS[name] : undefined;
}
