# .insn: instructions by format and fields (32-bit formats, named and numeric opcodes, raw values).
  .text
_start:
  .insn r 0x33, 0, 0, a0, a1, a2
  .insn r OP, 0, 0x20, a0, a1, a2
  .insn r 0x53, 0, 0, fa0, fa1, fa2
  .insn r MADD, 0, 0, fa0, fa1, fa2, fa3
  .insn r4 MADD, 0, 1, fa0, fa1, fa2, fa3
  .insn i 0x13, 0, a0, a1, 13
  .insn i OP_IMM, 0, a0, a1, -1
  .insn i LOAD, 3, a0, 8(sp)
  .insn i 0x67, 0, ra, 0(a0)
  .insn s STORE, 3, a0, 16(sp)
  .insn s 0x23, 2, a0, -4(a1)
  .insn b BRANCH, 0, a0, a1, _start
  .insn sb 0x63, 1, a0, a1, _start
  .insn u LUI, a0, 0x12345
  .insn u 0x17, a0, 1
  .insn j JAL, ra, _start
  .insn uj 0x6f, zero, _start
  .insn 0x00000013
  .insn 4, 0x00100073
  .insn 0x0001
  .insn i SYSTEM, 0, zero, zero, 0x105
  .insn b BRANCH, 1, a0, zero, later
  .insn j JAL, zero, later
  .insn i OP_IMM, 0, a0, a0, %lo(value)
  .insn u LUI, a0, %hi(0x12345678)
  .insn s STORE, 2, a0, %lo(value)(a1)
later:
  .insn r OP_32, 0, 1, a0, a1, a2
  .insn r OP_FP, 7, 0x71, ft0, fa1, x0
  .data
value: .word 0
