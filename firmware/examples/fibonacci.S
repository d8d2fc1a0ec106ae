# fibonacci.S: a loop to step through.
# Linker script: payload.ld
#
# What to watch: set a breakpoint at `next` (or step) and watch s1 and s2 walk up the Fibonacci numbers:
# each turn adds them (add), moves them along (mv) and counts down s0 (addi, bnez). Only the printing
# leaves S-mode (an SBI call per byte); the arithmetic never does: an emulator carries out every one of
# these instructions in software, the firmware is not involved.
#
# Run: npm run emu -- --firmware monitor firmware/examples/fibonacci.S

  .include "lib/sbi.S"

  .equ COUNT, 20

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  print msg_title
  li s0, COUNT                       # s0: how many are left to print
  li s1, 0                           # s1 = F(n), s2 = F(n+1)
  li s2, 1
  li s3, 0                           # s3 = n
next:
  print msg_f
  mv a0, s3
  call put_dec
  print msg_equals
  mv a0, s1
  call put_dec
  li a0, '\n'
  call putc
  add t0, s1, s2                     # F(n+2) = F(n) + F(n+1)
  mv s1, s2
  mv s2, t0
  addi s3, s3, 1
  addi s0, s0, -1
  bnez s0, next
  sbi_shutdown

  .include "lib/print.S"

  .section .rodata
msg_title: .string "The first 20 Fibonacci numbers:\n"
msg_f: .string "F("
msg_equals: .string ") = "

  .section .bss
  .balign 16
  .space 4096
stack_top:
