# privileged.S: a U-mode program tries three supervisor instructions; the kernel (S-mode) catches each.
# Linker script: payload.ld
#
# What to watch: the kernel drops to U-mode (user mode) with sret. There the program tries
#   csrr a0, sstatus   reading a supervisor CSR (bits 9..8 of a CSR's number say the least mode allowed)
#   sret               returning from a trap, which only S-mode (or M-mode) may do
#   wfi                waiting for an interrupt, which U-mode may not do where S-mode exists
# Each is an illegal-instruction exception (scause 2) into the kernel's handler, which says which
# instruction it was (stval holds its bits), skips it and returns to U-mode. The last call is an ecall
# (scause 8, environment call from U-mode): the program asks the kernel to end it. This is the line between
# an application and the kernel: the hardware itself enforces it, no software checks the program.
#
# Run: npm run emu -- --firmware monitor firmware/examples/privileged.S

  .include "lib/sbi.S"

  .equ SSTATUS_SPP, 1 << 8
  .equ CAUSE_ILLEGAL_INSTRUCTION, 2
  .equ CAUSE_USER_ECALL, 8

  .section .text.init
  .globl _start
_start:
  la sp, kernel_stack_top
  la t0, on_trap
  csrw stvec, t0
  # sscratch holds the kernel's stack while U-mode runs: the handler swaps it with the program's sp.
  csrw sscratch, sp
  print msg_start
  # sret goes to sepc in the mode sstatus.SPP names: 0 = U-mode.
  la t0, user_program
  csrw sepc, t0
  li t0, SSTATUS_SPP
  csrc sstatus, t0
  la sp, user_stack_top
  sret

# ---- U-mode ----
user_program:
  csrr a0, sstatus
  sret
  wfi
  ecall                              # "exit": the kernel ends the program

# ---- S-mode: the trap handler ----
# The user program keeps nothing in registers, so the handler saves none but sp (a real kernel saves
# them all: see kernel.S).
  .balign 4
on_trap:
  csrrw sp, sscratch, sp             # sp = the kernel's stack; sscratch = the program's sp
  csrr t0, scause
  li t1, CAUSE_USER_ECALL
  beq t0, t1, user_exit
  li t1, CAUSE_ILLEGAL_INSTRUCTION
  bne t0, t1, unexpected
  print msg_illegal
  csrr a0, stval
  call put_hex
  print msg_at
  csrr a0, sepc
  call put_hex
  li a0, '\n'
  call putc
  csrr t0, sepc                      # all three are 4-byte instructions
  addi t0, t0, 4
  csrw sepc, t0
  csrrw sp, sscratch, sp             # the program's sp again, the kernel's in sscratch
  sret

user_exit:
  print msg_exit
  sbi_shutdown

unexpected:
  print msg_unexpected
  csrr a0, scause
  call put_hex
  li a0, '\n'
  call putc
  li a7, SBI_LEGACY_SHUTDOWN
  ecall

  .include "lib/print.S"

  .section .rodata
msg_start: .string "kernel: starting the user program in U-mode\n"
msg_illegal: .string "kernel: illegal instruction from U-mode, stval (its bits) "
msg_at: .string " at sepc "
msg_exit: .string "kernel: the user program called exit (ecall from U-mode)\n"
msg_unexpected: .string "kernel: unexpected trap, scause "

  .section .bss
  .balign 16
  .space 4096
kernel_stack_top:
  .space 1024
user_stack_top:
