# sbi_legacy.S: the legacy extensions of SBI v0.1 (SBI spec chapter 5), one EID per function, kept because
# older kernels and small programs still use them. They return only a0 (sbi_ecall leaves a1 alone).

# EID 0x00, sbi_set_timer(a0 = stime_value): the same as TIME's set_timer, without the sbiret.
sbi_legacy_set_timer:
  mv s3, ra
  call sbi_timer_program
  mv ra, s3
  li a0, 0
  ret

# EID 0x01, sbi_console_putchar(a0 = ch): write one byte to the console, waiting if the UART is busy.
sbi_legacy_console_putchar:
  mv s3, ra
  call console_putc
  mv ra, s3
  li a0, 0
  ret

# EID 0x02, sbi_console_getchar(): a0 = the next byte from the console, or -1 when there is none.
sbi_legacy_console_getchar:
  j console_getc

# EID 0x08, sbi_shutdown(): power off. Here that ends the run through the test finisher, with success.
sbi_legacy_shutdown:
  li t0, FINISHER_BASE
  li t1, FINISHER_PASS
  sw t1, 0(t0)
1:
  wfi
  j 1b
