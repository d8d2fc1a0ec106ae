# Included by more.S: constants and a macro defined in another file.
  .equ INCLUDED_CONST, 0x7ff
  .macro bump reg, by=1
  addi \reg, \reg, \by
  .endm
