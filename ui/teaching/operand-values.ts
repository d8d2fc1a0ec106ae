/**
 * The decoded operands of one instruction word, each named by its role in the instruction table
 * (emulator/isa/table.ts) and read through the one accessor fields.ts defines for it: the student sees that
 * `imm = -8` came from the scrambled bits in the diagram above it.
 */
import { csrName } from '../../emulator/isa/csr-names';
import * as f from '../../emulator/isa/fields';
import { FP_ABI_NAMES, regName } from '../../emulator/isa/registers';
import type { InstructionRow, Operand } from '../../emulator/isa/table';

export interface OperandValue {
  /** Role, e.g. `rd`, `imm`, `csr`. */
  role: string;
  /** How it reads, e.g. `x10 (a0)`, `-8`, `0x300 (mstatus)`. */
  text: string;
}

const x = (i: number): string => `x${i} (${regName(i)})`;
const fr = (i: number): string => `f${i} (${FP_ABI_NAMES[i]})`;
const hex = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
const imm = (v: number): string => `${v} (${hex(v)})`;
const target = (pc: bigint | undefined, off: number): string =>
  pc === undefined
    ? `pc ${off < 0 ? '-' : '+'} ${Math.abs(off)}`
    : `0x${BigInt.asUintN(64, pc + BigInt(off)).toString(16)} (pc ${off < 0 ? '-' : '+'} ${Math.abs(off)})`;
const IORW = (s: number): string => ['i', 'o', 'r', 'w'].filter((_, i) => (s >> (3 - i)) & 1).join('') || '0';

function one(op: Operand, w: number, pc: bigint | undefined): OperandValue[] {
  switch (op) {
    case 'rd':
    case 'rs1':
    case 'rs2':
      return [{ role: op, text: x(f[op](w)) }];
    case 'frd':
      return [{ role: 'rd', text: fr(f.rd(w)) }];
    case 'frs1':
      return [{ role: 'rs1', text: fr(f.rs1(w)) }];
    case 'frs2':
      return [{ role: 'rs2', text: fr(f.rs2(w)) }];
    case 'frs3':
      return [{ role: 'rs3', text: fr(f.rs3(w)) }];
    case 'rm':
      return [{ role: 'rm', text: String(f.rm(w)) }];
    case 'imm12':
      return [{ role: 'imm', text: imm(f.immI(w)) }];
    case 'shamt6':
      return [{ role: 'shamt', text: String(f.shamt6(w)) }];
    case 'shamt5':
      return [{ role: 'shamt', text: String(f.shamt5(w)) }];
    case 'uimm20':
      return [{ role: 'imm', text: hex(f.immU(w) >>> 12) }];
    case 'bimm':
      return [{ role: 'imm', text: `${f.immB(w)} → ${target(pc, f.immB(w))}` }];
    case 'jimm':
      return [{ role: 'imm', text: `${f.immJ(w)} → ${target(pc, f.immJ(w))}` }];
    case 'load':
      return [
        { role: 'rs1', text: x(f.rs1(w)) },
        { role: 'imm', text: imm(f.immI(w)) },
      ];
    case 'store':
      return [
        { role: 'rs1', text: x(f.rs1(w)) },
        { role: 'imm', text: imm(f.immS(w)) },
      ];
    case 'amo':
      return [
        { role: 'rs1', text: x(f.rs1(w)) },
        { role: 'aq/rl', text: `${f.aq(w)}/${f.rl(w)}` },
      ];
    case 'csr':
      return [{ role: 'csr', text: `${hex(f.csr(w))} (${csrName(f.csr(w))})` }];
    case 'zimm':
      return [{ role: 'uimm', text: String(f.zimm(w)) }];
    case 'pred':
      return [{ role: 'pred', text: IORW(f.fencePred(w)) }];
    case 'succ':
      return [{ role: 'succ', text: IORW(f.fenceSucc(w)) }];
    case 'c.rd':
      return [{ role: 'rd/rs1', text: x(f.cRd(w)) }];
    case 'c.rs2':
      return [{ role: 'rs2', text: x(f.cRs2(w)) }];
    case 'c.rdp':
      return [{ role: "rd'", text: x(f.cRdP(w)) }];
    case 'c.rs1p':
      return [{ role: "rs1'", text: x(f.cRs1P(w)) }];
    case 'c.rs2p':
      return [{ role: "rs2'", text: x(f.cRs2P(w)) }];
    case 'c.frdp':
      return [{ role: "rd'", text: fr(f.cRdP(w)) }];
    case 'c.frs2p':
      return [{ role: "rs2'", text: fr(f.cRs2P(w)) }];
    case 'c.frd':
      return [{ role: 'rd', text: fr(f.cRd(w)) }];
    case 'c.frs2':
      return [{ role: 'rs2', text: fr(f.cRs2(w)) }];
    case 'sp':
      return [{ role: 'sp', text: x(2) }];
    case 'c.imm6':
      return [{ role: 'imm', text: imm(f.cImm6(w)) }];
    case 'c.shamt':
      return [{ role: 'shamt', text: String(f.cShamt(w)) }];
    case 'c.lui':
      return [{ role: 'imm', text: hex(f.cLuiImm(w) >> 12) }];
    case 'c.addi16sp':
      return [{ role: 'imm', text: imm(f.cAddi16spImm(w)) }];
    case 'c.addi4spn':
      return [{ role: 'imm', text: imm(f.cAddi4spnImm(w)) }];
    case 'c.lw':
      return [
        { role: "rs1'", text: x(f.cRs1P(w)) },
        { role: 'imm', text: imm(f.cLwImm(w)) },
      ];
    case 'c.ld':
      return [
        { role: "rs1'", text: x(f.cRs1P(w)) },
        { role: 'imm', text: imm(f.cLdImm(w)) },
      ];
    case 'c.lwsp':
      return [{ role: 'imm', text: imm(f.cLwspImm(w)) }];
    case 'c.ldsp':
      return [{ role: 'imm', text: imm(f.cLdspImm(w)) }];
    case 'c.swsp':
      return [{ role: 'imm', text: imm(f.cSwspImm(w)) }];
    case 'c.sdsp':
      return [{ role: 'imm', text: imm(f.cSdspImm(w)) }];
    case 'c.jimm':
      return [{ role: 'imm', text: `${f.cJImm(w)} → ${target(pc, f.cJImm(w))}` }];
    case 'c.bimm':
      return [{ role: 'imm', text: `${f.cBImm(w)} → ${target(pc, f.cBImm(w))}` }];
  }
}

/** Every operand of `word` decoded as `row`, in the table's operand order. */
export function operandValues(row: InstructionRow, word: number, pc?: bigint): OperandValue[] {
  return row.operands.flatMap((op) => one(op, word, pc));
}
