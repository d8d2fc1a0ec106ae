# misaligned.S: an S-mode payload making misaligned loads and stores of every integer width, in the 32-bit
# and the compressed forms, and printing what they read and wrote. On a hart that performs them (QEMU,
# hartscope by default) the hardware does the work; on one that traps them (hartscope with misalignedAccess
# 'trap') the monitor emulates each one. The transcript must be the same. The test computes the expected
# values from `pattern` (little-endian, unprivileged spec 1.5).

  .include "sbi-macros.S"

  # Print a label and the value in s11, then a newline.
  .macro show label
  print_str \label
  mv a0, s11
  call put_hex
  li a0, '\n'
  call putc
  .endm

  .section .text
  .globl _start
_start:
  la sp, stack_top
  la t0, s_trap
  csrw stvec, t0
  print_str msg_begin
  la s0, pattern

  ld s11, 1(s0)
  show msg_ld
  lw s11, 3(s0)
  show msg_lw
  lwu s11, 3(s0)
  show msg_lwu
  lw s11, 9(s0)
  show msg_lw9
  lh s11, 5(s0)
  show msg_lh
  lhu s11, 5(s0)
  show msg_lhu
  lh s11, 11(s0)
  show msg_lh11

  # The compressed loads take a base in x8..x15 (here a1 = x11) and a scaled offset: misalign the base.
  addi a1, s0, 1
  c.lw a2, 4(a1)
  mv s11, a2
  show msg_clw
  addi a1, s0, 3
  c.ld a2, 8(a1)
  mv s11, a2
  show msg_cld

  # The stack-pointer forms: sp itself misaligned (nothing may call while it is).
  mv s1, sp
  addi sp, s0, 2
  c.lwsp s2, 4(sp)
  c.ldsp s3, 8(sp)
  mv sp, s1
  mv s11, s2
  show msg_clwsp
  mv s11, s3
  show msg_cldsp

  # Stores, each into a fresh zeroed buffer, and the buffer's first 16 bytes printed as two doublewords.
  la s1, buffer
  li s2, 0x1122334455667788
  sd s2, 3(s1)
  call show_buffer
  sw s2, 1(s1)
  call show_buffer
  sh s2, 7(s1)
  call show_buffer
  addi a1, s1, 5
  mv a2, s2
  c.sw a2, 4(a1)
  call show_buffer
  addi a1, s1, 1
  mv a2, s2
  c.sd a2, 0(a1)
  call show_buffer
  mv s3, sp
  addi sp, s1, 6
  c.swsp s2, 0(sp)
  mv sp, s3
  call show_buffer
  mv s3, sp
  addi sp, s1, 3
  c.sdsp s2, 0(sp)
  mv sp, s3
  call show_buffer

  print_str msg_end
  li a7, 0x08                        # legacy shutdown
  ecall
1:
  j 1b

# Print the buffer's two doublewords, then zero them for the next store.
show_buffer:
  addi sp, sp, -16
  sd ra, 0(sp)
  print_str msg_buffer
  ld a0, 0(s1)
  call put_hex
  li a0, ' '
  call putc
  ld a0, 8(s1)
  call put_hex
  li a0, '\n'
  call putc
  sd zero, 0(s1)
  sd zero, 8(s1)
  ld ra, 0(sp)
  addi sp, sp, 16
  ret

# Nothing should reach S-mode: if something does, say what and stop (exit code 1 through SRST).
  .balign 4
s_trap:
  print_str msg_trap
  csrr a0, scause
  call put_hex
  li a0, ' '
  call putc
  csrr a0, stval
  call put_hex
  li a0, '\n'
  call putc
  li a7, 0x53525354
  li a6, 0
  li a0, 0
  li a1, 1
  ecall

  .include "sbi-lib.S"

  .section .rodata
msg_begin: .asciz "BEGIN misaligned\n"
msg_end: .asciz "END\n"
msg_ld: .asciz "ld +1 0x"
msg_lw: .asciz "lw +3 0x"
msg_lwu: .asciz "lwu +3 0x"
msg_lw9: .asciz "lw +9 0x"
msg_lh: .asciz "lh +5 0x"
msg_lhu: .asciz "lhu +5 0x"
msg_lh11: .asciz "lh +11 0x"
msg_clw: .asciz "c.lw +5 0x"
msg_cld: .asciz "c.ld +11 0x"
msg_clwsp: .asciz "c.lwsp +6 0x"
msg_cldsp: .asciz "c.ldsp +10 0x"
msg_buffer: .asciz "buffer 0x"
msg_trap: .asciz "unexpected trap in S-mode: scause stval 0x"

  .section .data
  .balign 8
pattern:
  .byte 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x08, 0x19, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f
  .byte 0x90, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07
  .balign 8
buffer:
  .space 16

  .section .bss
  .balign 16
  .space 4096
stack_top:
