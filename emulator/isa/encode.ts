/**
 * Build 32-bit instruction words from fields: the inverse of fields.ts. Used to expand compressed
 * instructions into their 32-bit equivalents (and by tests). Results are unsigned 32-bit numbers.
 */

export const encodeR = (
  opcode: number,
  f3: number,
  f7: number,
  rd: number,
  rs1: number,
  rs2: number,
): number => ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;

export const encodeI = (opcode: number, f3: number, rd: number, rs1: number, imm: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;

export const encodeS = (opcode: number, f3: number, rs1: number, rs2: number, imm: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | opcode) >>> 0;

export const encodeB = (opcode: number, f3: number, rs1: number, rs2: number, imm: number): number =>
  ((((imm >> 12) & 1) << 31) |
    (((imm >> 5) & 0x3f) << 25) |
    (rs2 << 20) |
    (rs1 << 15) |
    (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) |
    (((imm >> 11) & 1) << 7) |
    opcode) >>>
  0;

/** `imm` is the full value (already shifted: bits 31:12 are used). */
export const encodeU = (opcode: number, rd: number, imm: number): number =>
  ((imm & 0xfffff000) | (rd << 7) | opcode) >>> 0;

export const encodeJ = (opcode: number, rd: number, imm: number): number =>
  ((((imm >> 20) & 1) << 31) |
    (((imm >> 1) & 0x3ff) << 21) |
    (((imm >> 11) & 1) << 20) |
    (((imm >> 12) & 0xff) << 12) |
    (rd << 7) |
    opcode) >>>
  0;

/** Major opcodes (ISA manual, "RISC-V base opcode map"). */
export const OPCODE = {
  LOAD: 0x03,
  MISC_MEM: 0x0f,
  OP_IMM: 0x13,
  AUIPC: 0x17,
  OP_IMM_32: 0x1b,
  STORE: 0x23,
  AMO: 0x2f,
  OP: 0x33,
  LUI: 0x37,
  OP_32: 0x3b,
  BRANCH: 0x63,
  JALR: 0x67,
  JAL: 0x6f,
  SYSTEM: 0x73,
} as const;
