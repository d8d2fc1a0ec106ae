# Branch and jump sizes as GNU as chooses them: compressed when near, 4 bytes when in range, and an inverted
# branch over a jal when too far; alignment padding in code; numeric local labels.
  .text
start:
  beqz a0, near
  bnez s1, near
  beqz t0, near
  j near
  jal near
  beq a0, a1, near
near:
  nop
  beqz a0, mid
  bnez a0, far
  beq a0, a1, far
  bltu a0, a1, far
  j far
  .align 3
  .space 300
mid:
  beqz a0, start
  j start
  .space 3000
  c.nop
  .balign 4
  .space 4000
far:
  bgeu a2, a3, start
  beqz a4, start
1:
  addi a0, a0, 1
  bnez a0, 1b
  j 1f
  .p2align 2
1:
  .option norvc
  beqz a0, 1b
  j 1b
  .align 4
  ret
