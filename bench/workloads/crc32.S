# CRC-32 (the IEEE 802.3 / zlib one: reflected, polynomial 0xedb88320), table-driven, over a 64 KiB buffer
# filled from xorshift32, CRC_REPS times in a row (as if over the buffer repeated). Native twin: crc32() in
# bench/native.ts, itself checked against node:zlib's crc32.
  .include "common.inc.S"
  .equ BYTES, 65536
  .equ CRC_REPS, 24
  .equ SEED, 2463534242
  .equ POLY, 0xedb88320

  .text
  .globl workload
workload:
  la a0, table            # table[n] = CRC of the byte n, bit by bit
  li a1, 0                # n
  li a2, POLY
  sext.w a2, a2
1:
  mv t0, a1               # c
  li t1, 8
2:
  andi t2, t0, 1
  srliw t0, t0, 1
  beqz t2, 3f
  xor t0, t0, a2
3:
  addi t1, t1, -1
  bnez t1, 2b
  sw t0, 0(a0)
  addi a0, a0, 4
  addi a1, a1, 1
  li t1, 256
  bne a1, t1, 1b

  la a0, data             # fill the data from the generator, one 32-bit word at a time
  li a1, BYTES / 4
  li a2, SEED
  sext.w a2, a2
4:
  XORSHIFT32 a2, t0
  sw a2, 0(a0)
  addi a0, a0, 4
  addi a1, a1, -1
  bnez a1, 4b

  la a4, table
  li a3, -1               # crc = 0xffffffff
  li a7, CRC_REPS
5:
  la a0, data
  li t2, BYTES
  add t2, a0, t2
6:                        # crc = table[(crc ^ byte) & 0xff] ^ (crc >> 8)
  lbu t0, 0(a0)
  xor t1, a3, t0
  andi t1, t1, 0xff
  slli t1, t1, 2
  add t1, a4, t1
  lw t1, 0(t1)
  srliw a3, a3, 8
  xor a3, a3, t1
  addi a0, a0, 1
  bne a0, t2, 6b
  addi a7, a7, -1
  bnez a7, 5b
  not a0, a3              # final xor with 0xffffffff
  ret

  .bss
  .align 3
table:
  .zero 256 * 4
data:
  .zero BYTES
