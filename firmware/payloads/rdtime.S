# rdtime.S: an S-mode payload reading the `time` CSR from S-mode, then from U-mode where the kernel allows
# it (scounteren.TM = 1), then from U-mode where it does not. Each read sits between two loads of the
# CLINT's mtime, the clock `time` shows, so the test can check that the value lies between them, whether
# the hart provides the CSR or the monitor emulates it. The forbidden read must reach the S-mode handler
# as an illegal instruction (scause 2, stval = the instruction, sepc = its address).

  .include "sbi-macros.S"

  .equ CLINT_MTIME, 0x200bff8
  .equ SSTATUS_SPP, 1 << 8
  .equ COUNTEREN_TM, 1 << 1
  .equ CAUSE_USER_ECALL, 8

  .section .text
  .globl _start
_start:
  la sp, stack_top
  la t0, s_trap
  csrw stvec, t0
  li s0, CLINT_MTIME
  print_str msg_begin

  ld s2, 0(s0)
  rdtime s3
  ld s4, 0(s0)
  print_str msg_s
  call show_times

  li t0, COUNTEREN_TM
  csrw scounteren, t0
  la s6, 1f                          # where s_trap continues after the U-mode read
  j enter_user
1:
  csrw scounteren, zero
  la s6, 2f
  j enter_user
2:
  print_str msg_end
  li a7, 0x08                        # legacy shutdown
  ecall
3:
  j 3b

# sret to user_read in U-mode (sstatus.SPP = 0).
enter_user:
  la t0, user_read
  csrw sepc, t0
  li t0, SSTATUS_SPP
  csrc sstatus, t0
  sret

# U-mode: the same three reads, then back to S-mode with an ecall.
user_read:
  ld s2, 0(s0)
rdtime_in_user:
  rdtime s3
  ld s4, 0(s0)
  ecall

# Print "mtime 0x<s2> time 0x<s3> mtime 0x<s4>\n".
show_times:
  addi sp, sp, -16
  sd ra, 0(sp)
  print_str msg_mtime
  mv a0, s2
  call put_hex
  print_str msg_time
  mv a0, s3
  call put_hex
  print_str msg_mtime2
  mv a0, s4
  call put_hex
  li a0, '\n'
  call putc
  ld ra, 0(sp)
  addi sp, sp, 16
  ret

# The ecall from U-mode prints the times it read; any other trap prints scause, stval and sepc. Then on
# at s6, in S-mode (nothing returns to the U-mode code).
  .balign 4
s_trap:
  la sp, stack_top
  csrr t0, scause
  li t1, CAUSE_USER_ECALL
  bne t0, t1, 1f
  print_str msg_u
  call show_times
  jr s6
1:
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
  jr s6

  .include "sbi-lib.S"

  .section .rodata
msg_begin: .asciz "BEGIN rdtime\n"
msg_end: .asciz "END\n"
msg_s: .asciz "S "
msg_u: .asciz "U "
msg_mtime: .asciz "mtime 0x"
msg_time: .asciz " time 0x"
msg_mtime2: .asciz " mtime 0x"
msg_scause: .asciz "scause 0x"
msg_stval: .asciz " stval 0x"
msg_sepc: .asciz " sepc 0x"

  .section .bss
  .balign 16
  .space 4096
stack_top:
