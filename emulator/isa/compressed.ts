import { encodeB, encodeI, encodeJ, encodeR, encodeS, encodeU, OPCODE } from './encode';
import {
  cAddi16spImm,
  cAddi4spnImm,
  cBImm,
  cImm6,
  cJImm,
  cLdImm,
  cLdspImm,
  cLuiImm,
  cLwImm,
  cLwspImm,
  cRd,
  cRdP,
  cRs1P,
  cRs2,
  cRs2P,
  cSdspImm,
  cShamt,
  cSwspImm,
} from './fields';

/**
 * The C extension is defined by expansion: "each RVC instruction expands into a single base instruction"
 * (ISA manual, C chapter). Here is that table, one line per compressed instruction, giving the 32-bit word
 * it stands for. The hart executes the expansion with the semantics of the base instruction, so nothing is
 * defined twice. Reserved encodings never get here: the decoder already rejects them.
 */
const SP = 2;
const RA = 1;
const ZERO = 0;

export const EXPANSIONS: Record<string, (w: number) => number> = {
  // Quadrant 0
  'c.addi4spn': (w) => encodeI(OPCODE.OP_IMM, 0, cRdP(w), SP, cAddi4spnImm(w)),
  'c.lw': (w) => encodeI(OPCODE.LOAD, 2, cRdP(w), cRs1P(w), cLwImm(w)),
  'c.ld': (w) => encodeI(OPCODE.LOAD, 3, cRdP(w), cRs1P(w), cLdImm(w)),
  'c.sw': (w) => encodeS(OPCODE.STORE, 2, cRs1P(w), cRs2P(w), cLwImm(w)),
  'c.sd': (w) => encodeS(OPCODE.STORE, 3, cRs1P(w), cRs2P(w), cLdImm(w)),
  // Quadrant 1
  'c.addi': (w) => encodeI(OPCODE.OP_IMM, 0, cRd(w), cRd(w), cImm6(w)),
  'c.addiw': (w) => encodeI(OPCODE.OP_IMM_32, 0, cRd(w), cRd(w), cImm6(w)),
  'c.li': (w) => encodeI(OPCODE.OP_IMM, 0, cRd(w), ZERO, cImm6(w)),
  'c.addi16sp': (w) => encodeI(OPCODE.OP_IMM, 0, SP, SP, cAddi16spImm(w)),
  'c.lui': (w) => encodeU(OPCODE.LUI, cRd(w), cLuiImm(w)),
  'c.srli': (w) => encodeI(OPCODE.OP_IMM, 5, cRs1P(w), cRs1P(w), cShamt(w)),
  'c.srai': (w) => encodeI(OPCODE.OP_IMM, 5, cRs1P(w), cRs1P(w), 0x400 | cShamt(w)),
  'c.andi': (w) => encodeI(OPCODE.OP_IMM, 7, cRs1P(w), cRs1P(w), cImm6(w)),
  'c.sub': (w) => encodeR(OPCODE.OP, 0, 0x20, cRs1P(w), cRs1P(w), cRs2P(w)),
  'c.xor': (w) => encodeR(OPCODE.OP, 4, 0, cRs1P(w), cRs1P(w), cRs2P(w)),
  'c.or': (w) => encodeR(OPCODE.OP, 6, 0, cRs1P(w), cRs1P(w), cRs2P(w)),
  'c.and': (w) => encodeR(OPCODE.OP, 7, 0, cRs1P(w), cRs1P(w), cRs2P(w)),
  'c.subw': (w) => encodeR(OPCODE.OP_32, 0, 0x20, cRs1P(w), cRs1P(w), cRs2P(w)),
  'c.addw': (w) => encodeR(OPCODE.OP_32, 0, 0, cRs1P(w), cRs1P(w), cRs2P(w)),
  'c.j': (w) => encodeJ(OPCODE.JAL, ZERO, cJImm(w)),
  'c.beqz': (w) => encodeB(OPCODE.BRANCH, 0, cRs1P(w), ZERO, cBImm(w)),
  'c.bnez': (w) => encodeB(OPCODE.BRANCH, 1, cRs1P(w), ZERO, cBImm(w)),
  // Quadrant 2
  'c.slli': (w) => encodeI(OPCODE.OP_IMM, 1, cRd(w), cRd(w), cShamt(w)),
  'c.lwsp': (w) => encodeI(OPCODE.LOAD, 2, cRd(w), SP, cLwspImm(w)),
  'c.ldsp': (w) => encodeI(OPCODE.LOAD, 3, cRd(w), SP, cLdspImm(w)),
  'c.jr': (w) => encodeI(OPCODE.JALR, 0, ZERO, cRd(w), 0),
  'c.mv': (w) => encodeR(OPCODE.OP, 0, 0, cRd(w), ZERO, cRs2(w)),
  'c.ebreak': () => 0x00100073,
  'c.jalr': (w) => encodeI(OPCODE.JALR, 0, RA, cRd(w), 0),
  'c.add': (w) => encodeR(OPCODE.OP, 0, 0, cRd(w), cRd(w), cRs2(w)),
  'c.swsp': (w) => encodeS(OPCODE.STORE, 2, SP, cRs2(w), cSwspImm(w)),
  'c.sdsp': (w) => encodeS(OPCODE.STORE, 3, SP, cRs2(w), cSdspImm(w)),
};
