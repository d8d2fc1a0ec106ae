# Multiply-heavy loop: a 64-bit LCG (Knuth's MMIX constants), the high half of a 64x64 product (mulhu) to
# mix it, folded into a 32-bit hash with mulw: four multiplies in nine instructions, MUL_ITERATIONS times.
# Native twin: mul() in bench/native.ts.
  .include "common.inc.S"
  .equ MUL_ITERATIONS, 1000000

  .text
  .globl workload
workload:
  li a1, MUL_ITERATIONS
  li a2, 0x853c49e6748fea9b   # x
  li a3, 0                    # hash
  li a4, 6364136223846793005  # LCG multiplier
  li a5, 1442695040888963407  # LCG increment
  li a6, 0x9e3779b97f4a7c15   # 2^64 / golden ratio
  li a7, 31
1:
  mul a2, a2, a4              # x = x * A + C (mod 2^64)
  add a2, a2, a5
  mulhu t0, a2, a6            # h = (x * K) >> 64
  srli t1, t0, 32
  xor t0, t0, t1              # fold h's halves
  mulw a3, a3, a7             # hash = hash * 31 + h (mod 2^32)
  addw a3, a3, t0
  addi a1, a1, -1
  bnez a1, 1b
  mv a0, a3
  ret
