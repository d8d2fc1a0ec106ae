# emulate.S: trap and emulate. Two things this program does that some harts do not do in hardware.
# Linker script: payload.ld
#
# What to watch: run it with misaligned accesses trapped and without the time CSR
#   npm run emu -- --firmware monitor --misaligned trap --time-csr absent firmware/examples/emulate.S
# and every `ld`/`sd` at an odd address and every `rdtime` below traps into M-mode (mcause 4, 6 or 2).
# The monitor reads the instruction, does its work (byte by byte, or by reading the CLINT's mtime), writes
# the result into the register, and returns after the instruction. This program cannot tell: it prints the
# same as on a hart that does it all in hardware (QEMU, or hartscope's defaults). That is what a virtual
# machine monitor does with the instructions a guest may not run itself.

  .include "lib/sbi.S"

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  print msg_start
  la s0, bytes

  # A doubleword load from an address that is not a multiple of 8 (bytes + 1): the bytes 0x11..0x88 read
  # little-endian, the first byte lowest.
  print msg_ld
  ld a0, 1(s0)
  call put_hex
  li a0, '\n'
  call putc

  # A doubleword store to bytes + 11, then the aligned doubleword at bytes + 8 read back.
  print msg_sd
  li t0, 0x0123456789abcdef
  sd t0, 11(s0)
  ld a0, 8(s0)
  call put_hex
  li a0, '\n'
  call putc

  # rdtime twice: the second read is later than the first.
  rdtime s1
  rdtime s2
  print msg_time
  la a0, msg_no
  bleu s2, s1, 1f
  la a0, msg_yes
1:
  call puts
  sbi_shutdown

  .include "lib/print.S"

  .section .rodata
msg_start: .string "emulate: a misaligned load, a misaligned store and two reads of time\n"
msg_ld: .string "ld from bytes+1: "
msg_sd: .string "after sd to bytes+11, the doubleword at bytes+8: "
msg_time: .string "the second rdtime is later than the first: "
msg_yes: .string "yes\n"
msg_no: .string "no\n"

  .section .data
  .balign 8
bytes:
  .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
  .space 8

  .section .bss
  .balign 16
  .space 4096
stack_top:
