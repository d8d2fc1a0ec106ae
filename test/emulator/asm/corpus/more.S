# The rest of the issue's list: .include, .rept, .global/.local/.type/.size, the A extension's .aq/.rl
# suffixes, fmv/fabs/fneg, and ; as a statement separator. (`//` comments are hartscope's own addition: GNU as
# for RISC-V reads `//` as two divisions, so they cannot be in this corpus; see syntax.test.ts.)
  .include "consts.S"
  .global _start
  .type _start, @function
_start:
  li a0, INCLUDED_CONST
  bump a0
  bump a1, 5
  .rept 3
  addi a2, a2, 1
  .endr
  .rept 0
  ebreak
  .endr
  lr.w.aq a0, (a1)
  sc.w.rl a2, a3, (a1)
  amoadd.d.aqrl a0, a1, (a2)
  amoswap.w.aq zero, a1, (a2)
  fmv.s fa0, fa1
  fmv.d fs0, fs1
  fabs.s fa2, fa3
  fabs.d ft0, ft1
  fneg.s fa4, fa5
  fneg.d ft2, ft3
  nop; nop ; addi a0, a0, 2   # two nops and an addi on one line
  ret
  .size _start, . - _start

  .data
  .local hidden
  .type hidden, @object
hidden:
  .rept 2
  .word 1, 2
  .endr
  .size hidden, . - hidden
