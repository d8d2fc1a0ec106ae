# More directives: .irp/.irpc, .pushsection/.popsection, .section with flags and type, .previous, .weak,
# .ident/.file (ignored as GNU as ignores them), .option arch.
  .file "directives-more.S"
  .ident "hartscope corpus"
  .text
  .globl _start
_start:
  .irp reg, a0, a1, t2
  addi \reg, \reg, 1
  .endr
  .irp n 1 2 3
  .byte \n
  .endr
  .irpc d, 0123
  li a\d, \d
  .endr
  .irp x
  .byte 7\x
  .endr
  .irp r, s0, s1
  .irpc k, 12
  addi \r, \r, \k
  .endr
  .endr
  .balign 4
  .pushsection .rodata.table, "a", @progbits
table:
  .word 5, 6
  .pushsection .mydata, "aw", @progbits
mydata:
  .dword table
  .popsection
  .word 7
  .popsection
  la a0, table
  .section .sdata, "aw"
small: .word 9
  .previous
  la a1, small
  .section .tbss, "aw", @nobits
  .zero 16
  .text
  .weak wsym
wsym:
  nop
  .option arch, -c
  addi a0, a0, 1
  .option arch, +c
  addi a0, a0, 1
  .option push
  .option arch, rv64ima
  addi a0, a0, 1
  .option arch, rv64imafdc
  addi a0, a0, 1
  .option arch, rv64g
  addi a0, a0, 1
  .option pop
  addi a0, a0, 1
  .weak undefined_weak
  .data
  .dword undefined_weak
  .dword wsym
