# trap-report.S: an S-mode payload's whole body around a few test instructions (the macro `body`, defined
# by the includer before including this). It sets stvec to trap_report, runs `body`, and prints "no trap";
# trap_report prints the first trap that reaches S-mode as "scause 0x.. stval 0x.. sepc 0x..". Either way
# the payload then shuts down (legacy shutdown, exit code 0), so the transcript holds one line.

  .include "sbi-macros.S"

  .section .text
  .globl _start
_start:
  la sp, stack_top
  la t0, trap_report
  csrw stvec, t0
  body
  print_str msg_no_trap
  j shutdown

  .balign 4
trap_report:
  print_str msg_scause
  csrr a0, scause
  call put_hex
  print_str msg_stval
  csrr a0, stval
  call put_hex
  print_str msg_sepc
  csrr a0, sepc
  call put_hex
  li a0, '\n'
  call putc
shutdown:
  li a7, 0x08
  ecall
1:
  j 1b

  .include "sbi-lib.S"

  .section .rodata
msg_no_trap: .asciz "no trap\n"
msg_scause: .asciz "scause 0x"
msg_stval: .asciz " stval 0x"
msg_sepc: .asciz " sepc 0x"

  .section .bss
  .balign 16
  .space 4096
stack_top:
