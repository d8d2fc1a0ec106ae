# Shared start-up and console code for the benchmark workloads (bare metal on QEMU virt / hartscope),
# included by each of them (build-workloads.sh does not assemble it on its own). Each workload defines
# `workload`, which returns a 32-bit result in a0; _start prints it in hex on the UART, followed by a
# newline, then ends the run through the SiFive test finisher (pass).
  .equ UART, 0x10000000
  .equ FINISHER, 0x100000
  .equ FINISHER_PASS, 0x5555

  # x = xorshift32(x), on a sign-extended 32-bit value (Marsaglia 2003: shifts 13, 17, 5); clobbers tmp
  .macro XORSHIFT32 x, tmp
    slliw \tmp, \x, 13
    xor \x, \x, \tmp
    srliw \tmp, \x, 17
    xor \x, \x, \tmp
    slliw \tmp, \x, 5
    xor \x, \x, \tmp
  .endm

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  call workload
  call print_hex32
  li a0, 10               # '\n'
  call putc
  li t0, FINISHER
  li t1, FINISHER_PASS
  sw t1, 0(t0)
1:
  j 1b

  .text
# putc(a0): wait until the transmitter holding register is empty (LSR bit 5), then send the byte.
putc:
  li t0, UART
1:
  lbu t1, 5(t0)
  andi t1, t1, 0x20
  beqz t1, 1b
  sb a0, 0(t0)
  ret

# print_hex32(a0): eight lower-case hex digits, most significant first.
print_hex32:
  addi sp, sp, -32
  sd ra, 0(sp)
  sd s0, 8(sp)
  sd s1, 16(sp)
  mv s0, a0
  li s1, 28
2:
  srlw a0, s0, s1
  andi a0, a0, 15
  li t2, 10
  blt a0, t2, 3f
  addi a0, a0, 39         # 'a' - 10 - '0'
3:
  addi a0, a0, 48         # '0'
  call putc
  addi s1, s1, -4
  bgez s1, 2b
  ld ra, 0(sp)
  ld s0, 8(sp)
  ld s1, 16(sp)
  addi sp, sp, 32
  ret
