/**
 * The decoder follows the ISA manual (C chapter, "RVC Instruction Set Listings" and each instruction's
 * text) on the compressed code points it calls RESERVED (illegal instruction) and HINT (legal: no effect,
 * or an effect only on x0). Expected values come from the manual, not from objdump (which differs on one
 * of them, see legality.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { decode, instructionLength } from '../../../emulator/isa/decode';
import { INSTRUCTIONS } from '../../../emulator/isa/table';

describe('decoder on reserved and HINT encodings', () => {
  it('gives the instruction length from the low two bits', () => {
    expect(instructionLength(0x0001)).toBe(2);
    expect(instructionLength(0x0002)).toBe(2);
    expect(instructionLength(0x4000)).toBe(2);
    expect(instructionLength(0x0013)).toBe(4);
  });

  it('decodes words of each length to their rows', () => {
    expect(decode(0x00150513)?.name).toBe('addi'); // addi a0,a0,1
    expect(decode(0x30200073)?.name).toBe('mret');
    expect(decode(0x8330000f)?.name).toBe('fence.tso');
    expect(decode(0x0100000f)?.name).toBe('pause');
    expect(decode(0x0ff0000f)?.name).toBe('fence');
    expect(decode(0x1e05352f)?.name).toBe('sc.d'); // sc.d.aqrl a0,zero,(a0): aq/rl are fields of the row
    expect(decode(0x8082)?.name).toBe('c.jr'); // ret
    expect(decode(0x9002)?.name).toBe('c.ebreak');
    // A 16-bit word is its halfword: whatever sits in the upper half is ignored.
    expect(decode(0xabcd8082)?.name).toBe('c.jr');
  });

  it('rejects words whose opcode no row has, and longer encodings', () => {
    expect(decode(0x00000007)).toBeUndefined(); // flw: F is not in the table
    expect(decode(0x0000001f)).toBeUndefined(); // a 48-bit encoding
    expect(decode(0xffffffff)).toBeUndefined();
    expect(decode(0x7b200073)).toBeUndefined(); // dret: debug mode only
    expect(decode(0x001000f3)).toBeUndefined(); // ebreak with rd != 0
  });

  it.each([
    ['0x0000', 'the all-zero halfword (defined illegal)'],
    ['0x0004', 'c.addi4spn with nzuimm = 0'],
    ['0x8000', 'quadrant 0, funct3 = 100'],
    ['0x6101', 'c.addi16sp with nzimm = 0'],
    ['0x6081', 'c.lui with nzimm = 0'],
    ['0x2001', 'c.addiw with rd = 0'],
    ['0x9c41', 'funct6 = 100111, funct2 = 10 (RV64C)'],
    ['0x9c61', 'funct6 = 100111, funct2 = 11 (RV64C)'],
    ['0x4002', 'c.lwsp with rd = 0'],
    ['0x6002', 'c.ldsp with rd = 0'],
    ['0x8002', 'c.jr with rs1 = 0'],
  ])('treats %s (%s) as illegal', (w) => {
    expect(decode(Number(w))).toBeUndefined();
  });

  it.each([
    ['0x0005', 'c.addi', 'c.nop with nzimm != 0'],
    ['0x0501', 'c.addi', 'c.addi a0 with nzimm = 0'],
    ['0x4015', 'c.li', 'c.li with rd = 0'],
    ['0x6005', 'c.lui', 'c.lui with rd = 0'],
    ['0x0502', 'c.slli', 'c.slli a0 with shamt = 0 (RV64)'],
    ['0x8001', 'c.srli', 'c.srli s0 with shamt = 0 (RV64)'],
    ['0x8401', 'c.srai', 'c.srai s0 with shamt = 0 (RV64)'],
    ['0x0006', 'c.slli', 'c.slli with rd = 0'],
    ['0x802a', 'c.mv', 'c.mv with rd = 0'],
    ['0x902a', 'c.add', 'c.add with rd = 0'],
  ])('treats %s (%s: %s) as a legal HINT', (w, name) => {
    expect(decode(Number(w))?.name).toBe(name);
  });

  it('marks the compressed double-precision loads and stores as D, so a machine without D rejects them', () => {
    for (const name of ['c.fld', 'c.fsd', 'c.fldsp', 'c.fsdsp']) {
      expect(INSTRUCTIONS.find((r) => r.name === name)?.ext).toBe('D');
    }
  });
});
