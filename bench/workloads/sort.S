# Quicksort with calls: SORT_N unsigned 32-bit numbers from xorshift32, sorted by a recursive quicksort
# (Lomuto partition, middle element as pivot), then folded into an order-dependent hash
# (hash = hash * 31 + (a[i] ^ i)). Native twin: sort() in bench/native.ts.
  .include "common.inc.S"
  .equ SORT_N, 100000
  .equ SEED, 2463534242

  .text
  .globl workload
workload:
  addi sp, sp, -16
  sd ra, 0(sp)
  la a0, numbers
  li a1, SORT_N
  li a2, SEED
  sext.w a2, a2
1:
  XORSHIFT32 a2, t0
  sw a2, 0(a0)
  addi a0, a0, 4
  addi a1, a1, -1
  bnez a1, 1b

  la a0, numbers
  li a1, (SORT_N - 1) * 4
  add a1, a0, a1
  call quicksort

  la a0, numbers
  li a1, 0                # i
  li a2, SORT_N
  li a3, 0                # hash
  li a4, 31
2:
  lw t0, 0(a0)
  xor t0, t0, a1
  mulw a3, a3, a4
  addw a3, a3, t0
  addi a0, a0, 4
  addi a1, a1, 1
  bne a1, a2, 2b
  mv a0, a3
  ld ra, 0(sp)
  addi sp, sp, 16
  ret

# quicksort(a0 = address of the first element, a1 = address of the last element), unsigned 32-bit words
quicksort:
  bgeu a0, a1, 9f         # fewer than two elements
  addi sp, sp, -32
  sd ra, 0(sp)
  sd s0, 8(sp)
  sd s1, 16(sp)
  sd s2, 24(sp)
  mv s0, a0               # lo
  mv s1, a1               # hi
  sub t0, s1, s0          # middle element: lo + ((hi - lo) / 8) * 4
  srli t0, t0, 3
  slli t0, t0, 2
  add t0, s0, t0
  lwu t1, 0(t0)           # pivot = a[mid]; swap a[mid] and a[hi]
  lwu t2, 0(s1)
  sw t2, 0(t0)
  sw t1, 0(s1)
  mv t3, s0               # i: where the next element smaller than the pivot goes
  mv t4, s0               # j
1:
  bgeu t4, s1, 3f
  lwu t5, 0(t4)
  bgeu t5, t1, 2f
  lwu t6, 0(t3)           # a[j] < pivot: swap a[i] and a[j], i++
  sw t5, 0(t3)
  sw t6, 0(t4)
  addi t3, t3, 4
2:
  addi t4, t4, 4
  j 1b
3:
  lwu t6, 0(t3)           # the pivot goes to a[i]
  sw t1, 0(t3)
  sw t6, 0(s1)
  mv s2, t3
  mv a0, s0               # sort a[lo .. i-1]
  addi a1, s2, -4
  call quicksort
  addi a0, s2, 4          # sort a[i+1 .. hi]
  mv a1, s1
  call quicksort
  ld ra, 0(sp)
  ld s0, 8(sp)
  ld s1, 16(sp)
  ld s2, 24(sp)
  addi sp, sp, 32
9:
  ret

  .bss
  .align 3
numbers:
  .zero SORT_N * 4
