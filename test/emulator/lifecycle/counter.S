# counter.S: the migration tests' guest. A bare M-mode program: it writes one doubleword into each page of
# a 4 MiB buffer (so the buffer is 1024 non-zero pages to send), then COUNT times prints "count N", writes
# the counter into DIRTY pages of the buffer (walking through it), and spins DELAY times. DIRTY and DELAY
# are set by the test (.equ lines put before this text): together they are how fast it dirties memory.

  .equ UART, 0x10000000
  .equ UART_LSR, 5
  .equ LSR_THRE, 0x20
  .equ FINISHER, 0x100000
  .equ BUF_PAGES, 1024
  .equ COUNT, 40

  .text
  .globl _start
_start:
  la sp, stack_top
  la s1, buffer
  li t0, 0
  li t1, BUF_PAGES
fill:
  slli t2, t0, 12
  add t2, t2, s1
  addi t3, t0, 1
  sd t3, 0(t2)
  addi t0, t0, 1
  blt t0, t1, fill

  li s0, 0                # the counter
  li s2, 0                # the next page to dirty
loop:
  la a0, msg_count
  call puts
  mv a0, s0
  call putdec
  li a0, '\n'
  call putc
  li s3, DIRTY
dirty:
  beqz s3, delay
  slli t2, s2, 12
  add t2, t2, s1
  sd s0, 8(t2)
  addi s2, s2, 1
  li t1, BUF_PAGES
  blt s2, t1, next
  li s2, 0
next:
  addi s3, s3, -1
  j dirty
delay:
  li t0, DELAY
spin:
  addi t0, t0, -1
  bnez t0, spin
  addi s0, s0, 1
  li t1, COUNT
  blt s0, t1, loop
  li t0, FINISHER
  li t1, 0x5555
  sw t1, 0(t0)
halt:
  j halt

# putc(a0): wait until the transmitter can take a byte, then write it.
putc:
  li t0, UART
wait:
  lbu t1, UART_LSR(t0)
  andi t1, t1, LSR_THRE
  beqz t1, wait
  sb a0, 0(t0)
  ret

# puts(a0): the NUL-terminated string at a0.
puts:
  addi sp, sp, -16
  sd ra, 0(sp)
  sd s4, 8(sp)
  mv s4, a0
puts_next:
  lbu a0, 0(s4)
  beqz a0, puts_done
  call putc
  addi s4, s4, 1
  j puts_next
puts_done:
  ld ra, 0(sp)
  ld s4, 8(sp)
  addi sp, sp, 16
  ret

# putdec(a0): a0 in decimal (digits pushed on the stack, then printed in reverse).
putdec:
  addi sp, sp, -48
  sd ra, 0(sp)
  sd s4, 8(sp)
  addi s4, sp, 48
  li t3, 10
digits:
  remu t4, a0, t3
  divu a0, a0, t3
  addi t4, t4, '0'
  addi s4, s4, -1
  sb t4, 0(s4)
  bnez a0, digits
print:
  addi t5, sp, 48
  beq s4, t5, putdec_done
  lbu a0, 0(s4)
  call putc
  addi s4, s4, 1
  j print
putdec_done:
  ld ra, 0(sp)
  ld s4, 8(sp)
  addi sp, sp, 48
  ret

  .section .rodata
msg_count: .string "count "

  .section .bss
  .balign 4096
buffer: .space 4096 * BUF_PAGES
  .space 4096
stack_top:
