# probe.S: a bare-metal M-mode guest for the snapshot tests. It passes through each kind of state a snapshot
# must carry: console input waiting in the UART (echoed, each byte plus one, up to a newline), an LR/SC
# reservation (a counter raised by 3, 100 times, with lr.d/sc.d), and timer interrupts it sleeps for in wfi
# (three, 50 ticks apart, each printing 'T'). Then it prints the counter in hex and exits through the test
# finisher. With the input "abc\n" its whole output is "bcdTTT 000000000000012c\n".

  .equ UART, 0x10000000
  .equ UART_LSR, 5
  .equ LSR_DR, 0x01
  .equ LSR_THRE, 0x20
  .equ FINISHER, 0x100000
  .equ FINISHER_PASS, 0x5555
  .equ MTIMECMP, 0x2004000
  .equ MTIME, 0x200bff8
  .equ MIE_MTIE, 0x80
  .equ MSTATUS_MIE, 8
  .equ TICK, 50

  .text
  .globl _start
_start:
  la sp, stack_top
  la t0, trap
  csrw mtvec, t0
  li s0, UART

read:
  lbu t1, UART_LSR(s0)
  andi t1, t1, LSR_DR
  beqz t1, read
  lbu a0, 0(s0)
  li t2, '\n'
  beq a0, t2, atomics
  addi a0, a0, 1
  call putc
  j read

atomics:
  la s1, counter
  li s2, 100
1:
  lr.d t0, (s1)
  addi t0, t0, 3
  sc.d t1, t0, (s1)
  bnez t1, 1b
  addi s2, s2, -1
  bnez s2, 1b

  li t0, MTIME
  ld t1, 0(t0)
  addi t1, t1, TICK
  li t0, MTIMECMP
  sd t1, 0(t0)
  li t0, MIE_MTIE
  csrw mie, t0
  csrsi mstatus, MSTATUS_MIE
2:
  wfi
  la t0, ticks
  ld t1, 0(t0)
  li t2, 3
  blt t1, t2, 2b
  csrci mstatus, MSTATUS_MIE

  li a0, ' '
  call putc
  ld a0, 0(s1)
  call puthex
  li a0, '\n'
  call putc
  li t0, FINISHER
  li t1, FINISHER_PASS
  sw t1, 0(t0)
3:
  j 3b

# The timer interrupt: print 'T', count it, and set the next deadline (none after the third). mtvec
# holds a 4-byte-aligned address (its low two bits are the mode).
  .align 2
trap:
  addi sp, sp, -48
  sd ra, 0(sp)
  sd t0, 8(sp)
  sd t1, 16(sp)
  sd t2, 24(sp)
  sd a0, 32(sp)
  li a0, 'T'
  call putc
  la t0, ticks
  ld t1, 0(t0)
  addi t1, t1, 1
  sd t1, 0(t0)
  li t0, MTIMECMP
  li a0, -1
  li t2, 3
  beq t1, t2, 4f
  ld a0, 0(t0)
  addi a0, a0, TICK
4:
  sd a0, 0(t0)
  ld ra, 0(sp)
  ld t0, 8(sp)
  ld t1, 16(sp)
  ld t2, 24(sp)
  ld a0, 32(sp)
  addi sp, sp, 48
  mret

# putc: write a0's low byte to the UART once it can take it (s0 = the UART).
putc:
  lbu t3, UART_LSR(s0)
  andi t3, t3, LSR_THRE
  beqz t3, putc
  sb a0, 0(s0)
  ret

# puthex: print a0 as 16 hex digits.
puthex:
  addi sp, sp, -16
  sd ra, 0(sp)
  mv t4, a0
  li t5, 60
5:
  srl t6, t4, t5
  andi t6, t6, 15
  li a0, '0'
  add a0, a0, t6
  li t3, 10
  blt t6, t3, 6f
  addi a0, a0, 'a' - '0' - 10
6:
  call putc
  addi t5, t5, -4
  bgez t5, 5b
  ld ra, 0(sp)
  addi sp, sp, 16
  ret

  .data
  .align 3
counter: .dword 0
ticks:   .dword 0
  .align 4
  .space 4096
stack_top:
