# Conditional assembly: .if and its relatives, .else/.elseif/.endif, nested, in macros and in .rept.
  .equ DEBUG, 1
  .equ LEVEL, 3
  .text
_start:
  .if DEBUG
  li a0, 1
  .else
  li a0, 2
  .endif
  .if LEVEL == 1
  li a1, 1
  .elseif LEVEL == 3
  li a1, 3
  .elseif LEVEL >= 3
  li a1, 4
  .else
  li a1, 5
  .endif
  .ifeq DEBUG - 1
  li a2, 6
  .endif
  .ifne LEVEL
  li a2, 7
  .endif
  .ifgt LEVEL - 4
  li a3, 8
  .endif
  .ifge LEVEL - 3
  li a3, 9
  .endif
  .iflt -1
  li a3, 10
  .endif
  .ifle 1
  li a3, 11
  .endif
  .ifdef DEBUG
  li a4, 12
  .endif
  .ifndef NOT_DEFINED
  li a4, 13
  .endif
  .ifnotdef DEBUG
  li a4, 14
  .endif
  .ifdef _start
  li a4, 15
  .endif
  .if 0
  .if 1
  this is not assembled at all
  .else
  neither is this
  .endif
skipped_label:
  .rept 4
  nop
  .endr
  .else
  li a5, 16
  .endif

  .macro load reg, value=, mode
  .ifb \value
  li \reg, 0
  .else
  li \reg, \value
  .endif
  .ifc \mode, twice
  add \reg, \reg, \reg
  .endif
  .ifnc \mode, twice
  addi \reg, \reg, 1
  .endif
  .ifnb \mode
  nop
  .endif
  .endm
  load t0
  load t1, 5
  load t2, 7, twice
  .rept 3
  .if LEVEL > 2
  addi s0, s0, 1
  .endif
  .endr
