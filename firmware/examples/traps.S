# traps.S: three things a program may not do, each caught by its own S-mode trap handler.
# Linker script: payload.ld
#
# What to watch: each faulting instruction does not complete; the hart jumps to stvec in S-mode and the CSRs
# say what happened (privileged spec 4.1): scause the cause, sepc the instruction's address, stval the
# detail (the instruction's bits, or the address it touched). The handler prints them, steps sepc over the
# instruction and returns with sret. Some of these traps go to M-mode first: the firmware delegates only
# some causes to S-mode directly (medeleg); the others it hands on, so S-mode sees the same either way.
#   1. csrr a0, mhartid: S-mode may not read a machine-mode CSR (illegal instruction, scause 2)
#   2. ebreak: a breakpoint, what debuggers plant (scause 3)
#   3. a load from 0x28000000, where nothing is on the board (load access fault, scause 5)
#
# Run: npm run emu -- --firmware monitor firmware/examples/traps.S

  .include "lib/sbi.S"

  .equ NOWHERE, 0x28000000           # no device answers here, on QEMU virt or on hartscope

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  la t0, on_trap
  csrw stvec, t0
  print msg_illegal
illegal:
  csrr a0, mhartid
  print msg_breakpoint
breakpoint:
  ebreak
  print msg_load
load:
  li t0, NOWHERE
  ld a0, 0(t0)
  print msg_done
  sbi_shutdown

# Print scause, stval and sepc, then resume after the instruction. Its length is in its low two bits:
# 11 means 4 bytes, anything else is a 2-byte compressed instruction (the assembler may compress `ebreak`
# to c.ebreak). The interrupted code keeps nothing in the registers this uses.
  .balign 4
on_trap:
  print msg_scause
  csrr a0, scause
  call put_hex
  print msg_stval
  csrr a0, stval
  call put_hex
  print msg_sepc
  csrr a0, sepc
  call put_hex
  li a0, '\n'
  call putc
  csrr t0, sepc
  lhu t1, 0(t0)
  andi t1, t1, 3
  li t2, 3
  addi t0, t0, 2
  bne t1, t2, 1f
  addi t0, t0, 2
1:
  csrw sepc, t0
  sret

  .include "lib/print.S"

  .section .rodata
msg_illegal: .string "1. csrr a0, mhartid in S-mode\n"
msg_breakpoint: .string "2. ebreak\n"
msg_load: .string "3. ld from 0x28000000\n"
msg_done: .string "all three caught\n"
msg_scause: .string "   trap: scause "
msg_stval: .string " stval "
msg_sepc: .string " sepc "

  .section .bss
  .balign 16
  .space 4096
stack_top:
