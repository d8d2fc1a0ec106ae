/**
 * Named operand fields of an instruction word, defined once (like Spike's insn_t::i_imm()). Nothing else in
 * the project re-derives a field or an immediate inline. Words are 32-bit numbers (signed or unsigned, the
 * accessors mask). Immediates come back sign- or zero-extended to a JS number, as the spec defines each one.
 */

// ---- 32-bit formats (ISA manual, "Base Instruction Formats" and "Immediate Encoding Variants") ----

export const opcode = (w: number): number => w & 0x7f;
export const rd = (w: number): number => (w >>> 7) & 0x1f;
export const funct3 = (w: number): number => (w >>> 12) & 0x7;
export const rs1 = (w: number): number => (w >>> 15) & 0x1f;
export const rs2 = (w: number): number => (w >>> 20) & 0x1f;
export const rs3 = (w: number): number => (w >>> 27) & 0x1f;
export const funct7 = (w: number): number => (w >>> 25) & 0x7f;
/** Rounding mode of F/D instructions (shares bits with funct3). */
export const rm = funct3;

/** I-type immediate: inst[31:20], sign-extended. */
export const immI = (w: number): number => w >> 20;
/** S-type immediate: inst[31:25] | inst[11:7], sign-extended. */
export const immS = (w: number): number => ((w >> 25) << 5) | ((w >>> 7) & 0x1f);
/** B-type immediate: a signed multiple of 2 from inst[31|7|30:25|11:8]. */
export const immB = (w: number): number =>
  ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
/** U-type immediate: inst[31:12] << 12, as a signed 32-bit number (RV64 sign-extends it). */
export const immU = (w: number): number => (w & 0xfffff000) | 0;
/** J-type immediate: a signed multiple of 2 from inst[31|19:12|20|30:21]. */
export const immJ = (w: number): number =>
  ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);

/** RV64 shift amount of slli/srli/srai: inst[25:20]. */
export const shamt6 = (w: number): number => (w >>> 20) & 0x3f;
/** Shift amount of the W shifts (slliw/srliw/sraiw): inst[24:20]. */
export const shamt5 = (w: number): number => (w >>> 20) & 0x1f;

/** CSR number of Zicsr instructions: inst[31:20], unsigned. */
export const csr = (w: number): number => (w >>> 20) & 0xfff;
/** The 5-bit unsigned immediate of csrrwi/csrrsi/csrrci (in the rs1 field). */
export const zimm = rs1;

/** A extension ordering bits. */
export const aq = (w: number): number => (w >>> 26) & 1;
export const rl = (w: number): number => (w >>> 25) & 1;

/** FENCE fields: fm inst[31:28], predecessor set inst[27:24], successor set inst[23:20] (bits I, O, R, W). */
export const fenceFm = (w: number): number => (w >>> 28) & 0xf;
export const fencePred = (w: number): number => (w >>> 24) & 0xf;
export const fenceSucc = (w: number): number => (w >>> 20) & 0xf;

// ---- 16-bit compressed formats (ISA manual, "C" chapter, "Compressed Instruction Formats") ----

const bit = (w: number, i: number): number => (w >>> i) & 1;
const bits = (w: number, hi: number, lo: number): number => (w >>> lo) & ((1 << (hi - lo + 1)) - 1);
/** Sign-extend the low `n` bits of v. */
const sext = (v: number, n: number): number => (v << (32 - n)) >> (32 - n);

export const cOp = (w: number): number => w & 0x3;
export const cFunct3 = (w: number): number => bits(w, 15, 13);
/** rd / rs1 in CR and CI formats: inst[11:7], a full register number. */
export const cRd = (w: number): number => bits(w, 11, 7);
export const cRs1 = cRd;
/** rs2 in CR and CSS formats: inst[6:2]. */
export const cRs2 = (w: number): number => bits(w, 6, 2);
/** rd' in CIW and CL, rs2' in CS and CA: x8 + inst[4:2]. */
export const cRdP = (w: number): number => 8 + bits(w, 4, 2);
export const cRs2P = cRdP;
/** rs1' in CL, CS, CB and rd'/rs1' of CA: x8 + inst[9:7]. */
export const cRs1P = (w: number): number => 8 + bits(w, 9, 7);

/** CI 6-bit signed immediate: inst[12|6:2] (c.addi, c.addiw, c.li, c.andi). */
export const cImm6 = (w: number): number => sext((bit(w, 12) << 5) | bits(w, 6, 2), 6);
/** CI 6-bit unsigned shift amount: inst[12|6:2] (c.slli, c.srli, c.srai). */
export const cShamt = (w: number): number => (bit(w, 12) << 5) | bits(w, 6, 2);
/** c.lui: nzimm[17:12] from inst[12|6:2], sign-extended, returned already shifted left by 12. */
export const cLuiImm = (w: number): number => sext((bit(w, 12) << 17) | (bits(w, 6, 2) << 12), 18);
/** c.addi16sp: nzimm[9|4|6|8:7|5] from inst[12|6|5|4:3|2], sign-extended. */
export const cAddi16spImm = (w: number): number =>
  sext((bit(w, 12) << 9) | (bit(w, 6) << 4) | (bit(w, 5) << 6) | (bits(w, 4, 3) << 7) | (bit(w, 2) << 5), 10);
/** c.addi4spn: nzuimm[5:4|9:6|2|3] from inst[12:11|10:7|6|5]. */
export const cAddi4spnImm = (w: number): number =>
  (bits(w, 12, 11) << 4) | (bits(w, 10, 7) << 6) | (bit(w, 6) << 2) | (bit(w, 5) << 3);
/** c.lw / c.sw (and c.flw): uimm[5:3] from inst[12:10], uimm[2|6] from inst[6|5]. */
export const cLwImm = (w: number): number => (bits(w, 12, 10) << 3) | (bit(w, 6) << 2) | (bit(w, 5) << 6);
/** c.ld / c.sd / c.fld / c.fsd: uimm[5:3] from inst[12:10], uimm[7:6] from inst[6:5]. */
export const cLdImm = (w: number): number => (bits(w, 12, 10) << 3) | (bits(w, 6, 5) << 6);
/** c.lwsp: uimm[5] from inst[12], uimm[4:2|7:6] from inst[6:4|3:2]. */
export const cLwspImm = (w: number): number =>
  (bit(w, 12) << 5) | (bits(w, 6, 4) << 2) | (bits(w, 3, 2) << 6);
/** c.ldsp / c.fldsp: uimm[5] from inst[12], uimm[4:3|8:6] from inst[6:5|4:2]. */
export const cLdspImm = (w: number): number =>
  (bit(w, 12) << 5) | (bits(w, 6, 5) << 3) | (bits(w, 4, 2) << 6);
/** c.swsp: uimm[5:2|7:6] from inst[12:9|8:7]. */
export const cSwspImm = (w: number): number => (bits(w, 12, 9) << 2) | (bits(w, 8, 7) << 6);
/** c.sdsp / c.fsdsp: uimm[5:3|8:6] from inst[12:10|9:7]. */
export const cSdspImm = (w: number): number => (bits(w, 12, 10) << 3) | (bits(w, 9, 7) << 6);
/** c.j / c.jal: offset[11|4|9:8|10|6|7|3:1|5] from inst[12:2], sign-extended. */
export const cJImm = (w: number): number =>
  sext(
    (bit(w, 12) << 11) |
      (bit(w, 11) << 4) |
      (bits(w, 10, 9) << 8) |
      (bit(w, 8) << 10) |
      (bit(w, 7) << 6) |
      (bit(w, 6) << 7) |
      (bits(w, 5, 3) << 1) |
      (bit(w, 2) << 5),
    12,
  );
/** c.beqz / c.bnez: offset[8|4:3] from inst[12:10], offset[7:6|2:1|5] from inst[6:2], sign-extended. */
export const cBImm = (w: number): number =>
  sext(
    (bit(w, 12) << 8) |
      (bits(w, 11, 10) << 3) |
      (bits(w, 6, 5) << 6) |
      (bits(w, 4, 3) << 1) |
      (bit(w, 2) << 5),
    9,
  );
