import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import type { Machine } from '../../../emulator/machine';
import { assemble, csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';

/**
 * RV64C (ISA manual, "C" Standard Extension for Compressed Instructions): "each RVC instruction expands into a
 * single base instruction". Each compressed instruction is run next to its expansion (assembled by GNU as
 * with .option norvc) from the same state; registers, memory and any trap must be the same. The data area
 * sits at a fixed address so that both programs see the same pointers.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const program = (insn: string): string => `
  j code
.align 6
data:
  .dword 0x8877665544332211, 0xfedcba9876543210, 0x00000000deadbeef, 0x7fffffff80000000
  .dword 0, 0, 0, 0
code:
  la t0, done
  csrw mtvec, t0
  li t0, 0
  la sp, data
  la s1, data + 8
  li s0, 0x0123456789abcdef
  li a0, 0x00000000fffffff0
  li a1, 0xffffffff80000001
  li a2, 0x7fffffff
  li a3, -5
  li a4, 0x100000003
  li a5, 0
  li t1, 0x8000000000000000
  li t2, 0
  li ra, 0
marker:
  ${insn}
.align 2
done: nop`;

function runProgram(insn: string): { m: Machine; symbols: Map<string, number> } {
  const r = machineFor(program(insn));
  runTo(r.m, r.symbols);
  return r;
}

function state(m: Machine): { regs: bigint[]; data: number[]; mcause: bigint; mepc: bigint; mtval: bigint } {
  const off = 0x40;
  return {
    regs: Array.from({ length: 32 }, (_, i) => m.hart.getReg(i)),
    data: Array.from(m.ram.bytes.subarray(off, off + 64)),
    mcause: csrValue(m, CSR.mcause),
    mepc: csrValue(m, CSR.mepc),
    mtval: csrValue(m, CSR.mtval),
  };
}

/** [compressed, expansion] pairs (ISA manual, RVC chapter, the "expands to" line of each instruction). */
const PAIRS: [string, string][] = [
  // Quadrant 0
  ['c.addi4spn s0, sp, 16', 'addi s0, sp, 16'],
  ['c.addi4spn a5, sp, 1020', 'addi a5, sp, 1020'],
  ['c.lw a0, 4(s1)', 'lw a0, 4(s1)'],
  ['c.lw a5, 24(s1)', 'lw a5, 24(s1)'],
  ['c.ld a0, 16(s1)', 'ld a0, 16(s1)'],
  ['c.sw a1, 8(s1)', 'sw a1, 8(s1)'],
  ['c.sd a3, 24(s1)', 'sd a3, 24(s1)'],
  // Quadrant 1
  ['c.nop', 'addi x0, x0, 0'],
  ['c.addi a0, -32', 'addi a0, a0, -32'],
  ['c.addi t1, 31', 'addi t1, t1, 31'],
  ['c.addiw a2, 1', 'addiw a2, a2, 1'],
  ['c.addiw a4, 0', 'addiw a4, a4, 0'],
  ['c.li t2, -1', 'addi t2, x0, -1'],
  ['c.addi16sp sp, -512', 'addi sp, sp, -512'],
  ['c.addi16sp sp, 496', 'addi sp, sp, 496'],
  ['c.lui a5, 0xfffe0', 'lui a5, 0xfffe0'],
  ['c.lui t2, 0x1f', 'lui t2, 0x1f'],
  ['c.srli a1, 63', 'srli a1, a1, 63'],
  ['c.srli a0, 4', 'srli a0, a0, 4'],
  ['c.srai a1, 32', 'srai a1, a1, 32'],
  ['c.srai s0, 1', 'srai s0, s0, 1'],
  ['c.andi a3, -16', 'andi a3, a3, -16'],
  ['c.andi s0, 15', 'andi s0, s0, 15'],
  ['c.sub a0, a1', 'sub a0, a0, a1'],
  ['c.xor s0, a1', 'xor s0, s0, a1'],
  ['c.or a2, a3', 'or a2, a2, a3'],
  ['c.and a4, a3', 'and a4, a4, a3'],
  ['c.subw a2, a3', 'subw a2, a2, a3'],
  ['c.addw a2, a2', 'addw a2, a2, a2'],
  // Quadrant 2
  ['c.slli a1, 1', 'slli a1, a1, 1'],
  ['c.slli t1, 63', 'slli t1, t1, 63'],
  ['c.lwsp a0, 28(sp)', 'lw a0, 28(sp)'],
  ['c.ldsp t2, 16(sp)', 'ld t2, 16(sp)'],
  ['c.mv t2, a1', 'add t2, x0, a1'],
  ['c.add a3, a4', 'add a3, a3, a4'],
  ['c.swsp a1, 60(sp)', 'sw a1, 60(sp)'],
  ['c.sdsp s0, 32(sp)', 'sd s0, 32(sp)'],
  ['c.ebreak', 'ebreak'],
  // Misaligned accesses through compressed loads/stores are performed like the base ones (DESIGN.md).
  ['c.lw a0, 4(s1)\n  c.addi s1, 2\n  c.lw a2, 4(s1)', 'lw a0, 4(s1)\n  addi s1, s1, 2\n  lw a2, 4(s1)'],
];

describe.skipIf(!HAVE_GNU_AS)('compressed instructions behave as their expansions', () => {
  for (const [c, full] of PAIRS) {
    it(`${c.split('\n')[0]} = ${full.split('\n')[0]}`, () => {
      const compressed = runProgram(`${c}`);
      const expanded = runProgram(`.option push\n.option norvc\n  ${full}\n.option pop`);
      // The compressed program really used 16-bit encodings at the marker.
      const { bytes, symbols } = assemble(program(c));
      const at = symbols.get('marker')! - 0x80000000;
      expect(bytes[at] & 3).not.toBe(3);
      const a = state(compressed.m);
      const b = state(expanded.m);
      expect(a).toEqual(b);
    });
  }

  // Sanity: the comparison is not vacuous (the two runs differ when the instructions do).
  it('the comparison notices a difference', () => {
    expect(state(runProgram('c.addi a0, 1').m)).not.toEqual(state(runProgram('addi a0, a0, 2').m));
  });
});

describe.skipIf(!HAVE_GNU_AS)('compressed jumps and branches', () => {
  // C.J: "jal x0, offset"; C.JR: "jalr x0, 0(rs1)"; C.JALR: "jalr x1, 0(rs1)" — the link is pc+2, the
  // address of the instruction after the 16-bit c.jalr.
  it('c.jalr links pc+2 and jumps to rs1', () => {
    const { m, symbols } = machineFor(`
      la t0, target
      li ra, 0
    jump:
      c.jalr t0
    after:
      c.li a0, 1
      c.j done
    .align 2
    target:
      c.li a1, 2
      c.mv a2, ra
    done: nop`);
    runTo(m, symbols);
    expect(symbols.get('after')! - symbols.get('jump')!).toBe(2);
    expect(reg(m, 'ra')).toBe(BigInt(symbols.get('after')!));
    expect(reg(m, 'a0')).toBe(0n);
    expect(reg(m, 'a1')).toBe(2n);
  });

  it('c.jalr with rs1 = ra reads the old ra before linking', () => {
    const { m, symbols } = machineFor(`
      la ra, target
    jump:
      c.jalr ra
    after:
      c.li a0, 1
      c.j done
    target:
      c.li a1, 2
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'ra')).toBe(BigInt(symbols.get('after')!));
    expect(reg(m, 'a0')).toBe(0n);
    expect(reg(m, 'a1')).toBe(2n);
  });

  it('c.jr jumps without linking; c.j jumps backwards and forwards', () => {
    const { m, symbols } = machineFor(`
      la t0, fwd
      li ra, 7
      c.jr t0
      c.li a0, 1
    back:
      c.li a2, 3
      c.j done
    fwd:
      c.li a1, 2
      c.j back
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(0n);
    expect(reg(m, 'a1')).toBe(2n);
    expect(reg(m, 'a2')).toBe(3n);
    expect(reg(m, 'ra')).toBe(7n);
  });

  it('c.beqz/c.bnez test the whole 64-bit register', () => {
    const { m, symbols } = machineFor(`
      li s0, 0x100000000
      li s1, 0
      c.beqz s0, 1f
      c.li a0, 1
    1:
      c.bnez s1, 2f
      c.li a1, 1
    2:
      c.bnez s0, 3f
      c.li a2, 1
    3:
      c.beqz s1, 4f
      c.li a3, 1
    4:
    done: nop`);
    runTo(m, symbols);
    expect([reg(m, 'a0'), reg(m, 'a1'), reg(m, 'a2'), reg(m, 'a3')]).toEqual([1n, 1n, 0n, 0n]);
  });
});

/**
 * Reserved and illegal 16-bit encodings (ISA manual, RVC chapter and its opcode map): they raise an
 * illegal-instruction exception (cause 2). mtval: privileged spec, "Machine Trap Value Register": "If mtval is
 * written with a nonzero value when an illegal-instruction exception occurs, then mtval will contain the
 * shortest of: the actual faulting instruction ..." — here the 16 bits of the compressed instruction.
 */
const RESERVED: [string, number][] = [
  // "The all-zero 16-bit instruction pattern is defined to be illegal" (RVC chapter, defined illegal instruction)
  ['all zeros', 0x0000],
  // C.ADDI4SPN: "nzuimm ≠ 0; the code points with nzuimm=0 are reserved"
  ["c.addi4spn with nzuimm = 0, rd' = s1", 0x0004],
  ["c.addi4spn with nzuimm = 0, rd' = a5", 0x001c],
  // Quadrant 0, funct3 = 100: "Reserved" in the RVC opcode map
  ['quadrant 0 funct3=100 (reserved)', 0x8000],
  ['quadrant 0 funct3=100 with other bits', 0x9ffc],
  // C.LUI: "nzimm ≠ 0; the code points with nzimm=0 are reserved"
  ['c.lui a0, 0 (nzimm = 0)', 0x6501],
  // C.ADDI16SP: "nzimm ≠ 0; the code point with nzimm=0 is reserved"
  ['c.addi16sp with nzimm = 0', 0x6101],
  // C.LWSP / C.LDSP: "valid only when rd≠x0; the code points with rd=x0 are reserved"
  ['c.lwsp x0, 0(sp)', 0x4002],
  ['c.lwsp x0, 4(sp)', 0x4012],
  ['c.ldsp x0, 8(sp)', 0x6022],
  // C.JR: "valid only when rs1≠x0; the code point with rs1=x0 is reserved"
  ['c.jr x0', 0x8002],
  // C.ADDIW: "valid only when rd≠x0; the code points with rd=x0 are reserved"
  ['c.addiw x0, 1', 0x2005],
  ['c.addiw x0, 0', 0x2001],
  // Quadrant 1, funct6 = 100111 with funct2 = 10 or 11: reserved in RV64C (only c.subw and c.addw exist)
  ['quadrant 1 funct6=100111 funct2=10', 0x9c41],
  ['quadrant 1 funct6=100111 funct2=11', 0x9c61],
  ['quadrant 1 funct6=100111 funct2=11 other regs', 0x9ffd],
  // The F/D compressed loads and stores are illegal on a hart without F and D (misa has neither)
  ['c.fld (no D extension)', 0x2000 | (1 << 2) | (1 << 7)],
  ['c.fsdsp (no D extension)', 0xa002],
];

describe.skipIf(!HAVE_GNU_AS)(
  'reserved compressed encodings raise illegal-instruction with mtval = the 16 bits',
  () => {
    for (const [name, word] of RESERVED) {
      it(`${name} (0x${word.toString(16).padStart(4, '0')})`, () => {
        const { m, symbols } = machineFor(`
        la t0, done
        csrw mtvec, t0
        la sp, stack
        li a0, 0x55
      fault:
        .2byte 0x${word.toString(16)}
        li a0, 99
        j done
      .align 3
      stack: .dword 0, 0
      .align 2
      done: nop`);
        runTo(m, symbols);
        expect(csrValue(m, CSR.mcause)).toBe(2n);
        expect(csrValue(m, CSR.mepc)).toBe(BigInt(symbols.get('fault')!));
        expect(csrValue(m, CSR.mtval)).toBe(BigInt(word));
        expect(reg(m, 'a0')).toBe(0x55n);
        expect(reg(m, 'sp')).toBe(BigInt(symbols.get('stack')!));
      });
    }
  },
);

// HINTs are not reserved: "C.LUI ... code points with rd=x0 are HINTs", "C.NOP ... with nzimm≠0 ... HINTs",
// "C.SLLI ... shamt=0 ... HINTs", "C.LI with rd=x0 ... HINTs"; they execute as no-ops.
describe.skipIf(!HAVE_GNU_AS)('compressed HINT encodings execute as no-ops', () => {
  for (const [name, word] of [
    ['c.lui x0, 1', 0x6005],
    ['c.nop 1', 0x0005],
    ['c.li x0, 5', 0x4015],
    ['c.slli a0, 0', 0x0502],
    ['c.mv x0, a0', 0x802a],
    ['c.add x0, a0', 0x902a],
  ] as const) {
    it(`${name} (0x${word.toString(16).padStart(4, '0')})`, () => {
      const { m, symbols } = machineFor(`
        la t0, trap
        csrw mtvec, t0
        li a0, 0x55
        .2byte 0x${word.toString(16)}
        j done
      .align 2
      trap:
        li a0, 99
      done: nop`);
      runTo(m, symbols);
      expect(reg(m, 'a0')).toBe(0x55n);
      expect(reg(m, 'zero')).toBe(0n);
      expect(csrValue(m, CSR.mcause)).toBe(0n);
    });
  }
});
