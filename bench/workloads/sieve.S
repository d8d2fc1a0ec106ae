# Sieve of Eratosthenes: counts the primes up to SIEVE_N (78498 for 10^6), SIEVE_REPS times, and returns
# the sum of the counts. Native twin: sieve() in bench/native.ts.
  .include "common.inc.S"
  .equ SIEVE_N, 1000000
  .equ SIEVE_REPS, 2

  .text
  .globl workload
workload:
  li a7, SIEVE_REPS
  li a6, 0                # total count
  li a5, SIEVE_N
1:
  la a0, composite        # clear the flags, 8 bytes at a time
  li t2, (SIEVE_N + 8) & ~7
  add t2, a0, t2
2:
  sd zero, 0(a0)
  addi a0, a0, 8
  bltu a0, t2, 2b

  la a4, composite
  li a1, 2                # i
3:
  mul t0, a1, a1
  bgtu t0, a5, 6f         # while i * i <= N
  add t1, a4, a1
  lbu t1, 0(t1)
  bnez t1, 5f             # i is composite: skip
  li t3, 1
4:                        # for j = i * i; j <= N; j += i: composite[j] = 1
  add t1, a4, t0
  sb t3, 0(t1)
  add t0, t0, a1
  bleu t0, a5, 4b
5:
  addi a1, a1, 1
  j 3b
6:
  li a1, 2                # count the primes in 2..N
7:
  add t1, a4, a1
  lbu t1, 0(t1)
  bnez t1, 8f
  addi a6, a6, 1
8:
  addi a1, a1, 1
  bleu a1, a5, 7b
  addi a7, a7, -1
  bnez a7, 1b
  mv a0, a6
  ret

  .bss
  .align 3
composite:
  .zero (SIEVE_N + 8) & ~7
