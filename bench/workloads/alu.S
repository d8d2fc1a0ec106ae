# Integer ALU loop: a xorshift32 generator folded into a multiplicative hash, ALU_ITERATIONS times.
# Native twin: alu() in bench/native.ts.
  .include "common.inc.S"
  .equ ALU_ITERATIONS, 2000000
  .equ SEED, 2463534242

  .text
  .globl workload
workload:
  li a1, ALU_ITERATIONS
  li a2, SEED
  sext.w a2, a2           # x, kept as a sign-extended 32-bit value
  li a3, 0                # hash
  li a4, 31
1:
  XORSHIFT32 a2, t0
  mulw a3, a3, a4         # hash = hash * 31 + x (mod 2^32)
  addw a3, a3, a2
  addi a1, a1, -1
  bnez a1, 1b
  mv a0, a3
  ret
