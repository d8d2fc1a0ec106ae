import { describe, expect, it } from 'vitest';
import { HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, run, runTo, sreg } from './harness';

/**
 * RV64I (ISA manual, "RV64I Base Integer Instruction Set"): word operations, shifts, comparisons, upper
 * immediates and jumps (loads and stores are in rv64i-memory.test.ts). Expected values are worked out from
 * the manual's definitions.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

describe.skipIf(!HAVE_GNU_AS)('RV64I word operations sign-extend their 32-bit results', () => {
  // RV64I: "ADDW and SUBW ... Overflows are ignored, and the low 32-bits of the result is sign-extended to
  // 64-bits and written to the destination register."
  it('addw wraps at 32 bits and sign-extends', () => {
    const m = run(`
      li a1, 0x7fffffff
      li a2, 1
      addw a0, a1, a2
      li a3, 0xffffffff
      addw a4, a3, a3
      subw a5, zero, a2
      li t0, 0x100000005
      li t1, 0x200000003
      addw a6, t0, t1
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n);
    expect(sreg(m, 'a4')).toBe(-2n);
    expect(sreg(m, 'a5')).toBe(-1n);
    expect(reg(m, 'a6')).toBe(8n); // the upper halves of the operands are ignored
  });

  // "ADDIW ... adds the sign-extended 12-bit immediate ... produces the proper sign extension of a 32-bit
  // result in rd. Overflows are ignored ... ADDIW rd, rs1, 0 writes the sign extension of the lower 32 bits".
  it('addiw overflows into a negative value and sext.w sign-extends', () => {
    const m = run(`
      li a1, 0x7fffffff
      addiw a0, a1, 1
      li a2, 0x123456780
      addiw a3, a2, 0
      li a4, 0xfffffffffffff800
      addiw a5, a4, -1
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a3')).toBe(0x23456780n);
    expect(sreg(m, 'a5')).toBe(-0x801n);
  });

  // "SLLW, SRLW, and SRAW ... operate on 32-bit values and sign-extend their 32-bit results to 64 bits. The
  // shift amount is given by rs2[4:0]."
  it('sllw/srlw/sraw use rs2[4:0] and sign-extend', () => {
    const m = run(`
      li a1, 1
      li t0, 31
      sllw a0, a1, t0
      li t1, 33
      sllw a2, a1, t1
      li a3, 0x80000000
      srlw a4, a3, t1
      sraw a5, a3, t1
      li a6, 0xffffffff00000010
      srlw a7, a6, zero
      li t2, 0x80000000
      srlw s2, t2, zero
      li t3, 0x100000000
      sllw s3, t3, zero
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a2')).toBe(2n);
    expect(reg(m, 'a4')).toBe(0x40000000n);
    expect(reg(m, 'a5')).toBe(0xffffffffc0000000n);
    expect(reg(m, 'a7')).toBe(0x10n);
    expect(reg(m, 's2')).toBe(0xffffffff80000000n); // shift by 0 still sign-extends bit 31
    expect(reg(m, 's3')).toBe(0n);
  });

  it('slliw/srliw/sraiw shift the low word and sign-extend', () => {
    const m = run(`
      li a1, 0x1ffffffff
      slliw a0, a1, 31
      li a2, 0xf0000000
      srliw a3, a2, 4
      sraiw a4, a2, 4
      srliw a5, a2, 0
      li a6, 0xfffffffe00000001
      slliw a7, a6, 0
      sraiw s2, a2, 31
      srliw s3, a2, 31
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a3')).toBe(0x0f000000n);
    expect(reg(m, 'a4')).toBe(0xffffffffff000000n);
    expect(reg(m, 'a5')).toBe(0xfffffffff0000000n);
    expect(reg(m, 'a7')).toBe(1n);
    expect(sreg(m, 's2')).toBe(-1n);
    expect(reg(m, 's3')).toBe(1n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('RV64I shifts', () => {
  // "SLL, SRL, and SRA perform logical left, logical right, and arithmetic right shifts on the value in
  // register rs1 by the shift amount held in register rs2. In RV64I, only the low 6 bits of rs2 are considered."
  it('register shifts by 0, 31, 32, 63 and use only rs2[5:0]', () => {
    const m = run(`
      li a1, 0x8000000000000001
      li t0, 63
      sll a0, a1, t0
      srl a2, a1, t0
      sra a3, a1, t0
      li t1, 32
      sll a4, a1, t1
      srl a5, a1, t1
      sra a6, a1, t1
      li t2, 64
      sll a7, a1, t2
      li t3, 0xffffffffffffffc1
      srl s2, a1, t3
      li t4, 31
      sra s3, a1, t4
      sll s4, a1, zero
    done: nop`);
    expect(reg(m, 'a0')).toBe(0x8000000000000000n);
    expect(reg(m, 'a2')).toBe(1n);
    expect(sreg(m, 'a3')).toBe(-1n);
    expect(reg(m, 'a4')).toBe(0x100000000n);
    expect(reg(m, 'a5')).toBe(0x80000000n);
    expect(reg(m, 'a6')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a7')).toBe(0x8000000000000001n); // 64 & 63 = 0
    expect(reg(m, 's2')).toBe(0x4000000000000000n); // only the low 6 bits (1) count
    expect(reg(m, 's3')).toBe(0xffffffff00000000n);
    expect(reg(m, 's4')).toBe(0x8000000000000001n);
  });

  it('slli/srli/srai by 0, 31, 32 and 63', () => {
    const m = run(`
      li a1, 0x8000000080000001
      slli a0, a1, 63
      srli a2, a1, 63
      srai a3, a1, 63
      slli a4, a1, 32
      srli a5, a1, 32
      srai a6, a1, 32
      srai a7, a1, 31
      srli s2, a1, 0
    done: nop`);
    expect(reg(m, 'a0')).toBe(0x8000000000000000n);
    expect(reg(m, 'a2')).toBe(1n);
    expect(reg(m, 'a3')).toBe(0xffffffffffffffffn);
    expect(reg(m, 'a4')).toBe(0x8000000100000000n);
    expect(reg(m, 'a5')).toBe(0x80000000n);
    expect(reg(m, 'a6')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a7')).toBe(0xffffffff00000001n);
    expect(reg(m, 's2')).toBe(0x8000000080000001n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('RV64I comparisons and immediates', () => {
  // "SLTIU is similar but compares the values as unsigned numbers (i.e., the immediate is first sign-extended
  // to XLEN bits then treated as an unsigned number). Note, SLTIU rd, rs1, 1 sets rd to 1 if rs1 equals zero".
  it('slt/sltu/slti/sltiu', () => {
    const m = run(`
      li a1, -1
      li a2, 1
      slt a0, a1, a2
      sltu a3, a1, a2
      slti a4, a1, 0
      sltiu a5, a2, -1
      sltiu a6, a1, -1
      sltiu a7, zero, 1
      sltiu s2, a2, 1
      li t0, 0x7ffffffffffff000
      sltiu s3, t0, -2048
      slti s4, t0, -2048
      slt s5, a2, a1
    done: nop`);
    expect(reg(m, 'a0')).toBe(1n);
    expect(reg(m, 'a3')).toBe(0n);
    expect(reg(m, 'a4')).toBe(1n);
    expect(reg(m, 'a5')).toBe(1n); // 1 < 0xffff...ffff
    expect(reg(m, 'a6')).toBe(0n);
    expect(reg(m, 'a7')).toBe(1n);
    expect(reg(m, 's2')).toBe(0n);
    expect(reg(m, 's3')).toBe(1n); // -2048 sign-extends to 0xffff...f800
    expect(reg(m, 's4')).toBe(0n);
    expect(reg(m, 's5')).toBe(0n);
  });

  it('xori/ori/andi sign-extend their immediates', () => {
    const m = run(`
      li a1, 0x00000000ffff0000
      xori a0, a1, -1
      ori a2, zero, -2048
      andi a3, a1, -1
      li a4, 0xffffffffffffffff
      andi a5, a4, 0x7ff
    done: nop`);
    expect(reg(m, 'a0')).toBe(0xffffffff0000ffffn);
    expect(reg(m, 'a2')).toBe(0xfffffffffffff800n);
    expect(reg(m, 'a3')).toBe(0xffff0000n);
    expect(reg(m, 'a5')).toBe(0x7ffn);
  });

  // "LUI ... The 32-bit result is sign-extended to 64 bits." "AUIPC forms a 32-bit offset from the U-immediate
  // ... sign-extends the result to 64 bits, adds it to the address of the AUIPC instruction".
  it('lui and auipc sign-extend the 32-bit immediate', () => {
    const { m, symbols } = machineFor(`
      lui a0, 0x80000
      lui a1, 0x7ffff
    here:
      auipc a2, 0x80000
    there:
      auipc a3, 0
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(0xffffffff80000000n);
    expect(reg(m, 'a1')).toBe(0x7ffff000n);
    expect(reg(m, 'a2')).toBe(BigInt(symbols.get('here')!) - 0x80000000n);
    expect(reg(m, 'a3')).toBe(BigInt(symbols.get('there')!));
  });
});

describe.skipIf(!HAVE_GNU_AS)('RV64I jumps', () => {
  // JAL "stores the address of the instruction following the jump ('pc+4') into register rd". JALR: "The target
  // address is obtained by adding the sign-extended 12-bit I-immediate to the register rs1, then setting the
  // least-significant bit of the result to zero."
  it('jal and jalr link pc+4; jalr clears bit 0 of the target; rd = rs1 uses the old rs1', () => {
    const { m, symbols } = machineFor(`
      jal ra, 1f
    after_jal:
      j done
    1:
      la t0, target
      addi t0, t0, 1
      jalr a0, 0(t0)
    after_jalr:
      j done
    .align 2
    target:
      la t1, target2
      jalr t1, -1(t1)
    after_jalr2:
      j done
    .align 2
      nop
    target2_minus:
      nop
    target2:
      li a1, 42
      j done
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'ra')).toBe(BigInt(symbols.get('after_jal')!));
    expect(reg(m, 'a0')).toBe(BigInt(symbols.get('after_jalr')!));
    expect(reg(m, 't1')).toBe(BigInt(symbols.get('after_jalr2')!));
    expect(reg(m, 'a1')).toBe(42n);
  });
});
