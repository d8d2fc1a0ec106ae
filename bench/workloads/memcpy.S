# Memory copy and checksum: fill a 64 KiB buffer from xorshift32, then MEMCPY_REPS times copy it with
# 64-bit loads and stores, fold the copy into an FNV-1a style checksum of 32-bit words, and change one
# word of the source. Native twin: memcpy() in bench/native.ts.
  .include "common.inc.S"
  .equ WORDS, 16384
  .equ MEMCPY_REPS, 100
  .equ SEED, 2463534242
  .equ FNV_OFFSET, 0x811c9dc5
  .equ FNV_PRIME, 16777619

  .text
  .globl workload
workload:
  la a0, src
  li a1, WORDS
  li a2, SEED
  sext.w a2, a2
1:                        # fill src with the generator's output
  XORSHIFT32 a2, t0
  sw a2, 0(a0)
  addi a0, a0, 4
  addi a1, a1, -1
  bnez a1, 1b

  li a5, FNV_OFFSET
  sext.w a5, a5           # checksum
  li a6, FNV_PRIME
  li a7, 0                # rep
2:
  la a0, src
  la a1, dst
  li t2, WORDS * 4
  add t2, a0, t2          # end of src
3:                        # copy, 8 bytes at a time
  ld t0, 0(a0)
  sd t0, 0(a1)
  addi a0, a0, 8
  addi a1, a1, 8
  bne a0, t2, 3b

  la a1, dst
  li t2, WORDS * 4
  add t2, a1, t2
4:                        # checksum = (checksum ^ word) * FNV_PRIME
  lw t0, 0(a1)
  xor a5, a5, t0
  mulw a5, a5, a6
  addi a1, a1, 4
  bne a1, t2, 4b

  la a0, src              # src[rep] += 1
  slli t0, a7, 2
  add a0, a0, t0
  lw t1, 0(a0)
  addiw t1, t1, 1
  sw t1, 0(a0)
  addi a7, a7, 1
  li t0, MEMCPY_REPS
  bne a7, t0, 2b
  mv a0, a5
  ret

  .bss
  .align 3
src:
  .zero WORDS * 4
dst:
  .zero WORDS * 4
