# console.S: the NS16550A UART, polled. The console calls of the legacy extension and of DBCN use these.

# Send the byte in a0. Waits until the transmitter holding register is empty (LSR.THRE). Uses t0, t1.
console_putc:
  li t0, UART_BASE
1:
  lbu t1, UART_LSR(t0)
  andi t1, t1, LSR_THRE
  beqz t1, 1b
  sb a0, UART_THR(t0)
  ret

# a0 = the next received byte, or -1 when none is waiting (LSR.DR clear): the caller never blocks. Uses t0.
console_getc:
  li t0, UART_BASE
  lbu a0, UART_LSR(t0)
  andi a0, a0, LSR_DR
  beqz a0, 1f
  lbu a0, UART_RBR(t0)
  ret
1:
  li a0, -1
  ret

# Print the NUL-terminated string at a0 (the monitor's own messages). Uses t0..t3.
console_puts:
  mv t2, a0
  mv t3, ra
1:
  lbu a0, 0(t2)
  beqz a0, 2f
  call console_putc
  addi t2, t2, 1
  j 1b
2:
  mv ra, t3
  ret

  .section .rodata
msg_panic:
  .asciz "hartscope monitor: unexpected trap in M-mode; stopping\n"
  .section .text
