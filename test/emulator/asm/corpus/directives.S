# Directives: sections, data of every width, strings, alignment, fill, constants and expressions.
  .equ BASE, 0x1000
  .set COUNT, 3
  SIZE = COUNT * 4 + 1
  .globl _start
  .text
_start:
  li a0, BASE + SIZE
  li a1, (1 << 12) | 0x34
  li a2, 1 + 2 & 3
  li a3, 7 % 3 - 10 / 3
  li a4, ~5 ^ 0x0f
  li a5, -(BASE >> 4)
  li a6, 'A'
  li a7, 010 + 0b101
  la t0, table
  lui a0, %hi(BASE * 0x12345)
  addi a0, a0, %lo(BASE * 0x12345)
  ld a1, %lo(table + 8)(a0)
  sw a1, %lo(counter)(a0)
2:
  auipc a2, %pcrel_hi(message)
  addi a2, a2, %pcrel_lo(2b)
  lw a3, %pcrel_lo(2b)(a2)
  lla t1, message
  .p2align 3
after_align:
  nop
  .balign 16
  addi a0, a0, 1
  .align 2
  .balign 8, 0
  ret

  .section .rodata
message:
  .string "hi\n", "\t\"quoted\"\\"
  .ascii "abc"
  .asciz "z"
  .byte 1, 2, -1, 255, 'x'
  .balign 4
table:
  .word message, table + 4, 0xdeadbeef, -1
  .half 1, -2, 0xffff
  .short 3
  .2byte 4
  .4byte 5
  .long 6
  .dword message, -1, 0x123456789abcdef0
  .quad 7
  .8byte _start
  .fill 3, 2, 0x1234
  .zero 5
  .space 3, 0xaa
  .skip 2
  .word end_of_table - table
end_of_table:

  .data
  .p2align 4
counter:
  .dword 42
  .word SIZE, COUNT
  .byte BASE & 0xff, BASE >> 8

  .bss
  .p2align 3
buffer:
  .zero 64
buffer_end:
  .space 8
