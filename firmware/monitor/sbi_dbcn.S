# sbi_dbcn.S: the Debug Console extension (EID "DBCN", SBI spec chapter 12): whole strings in and out of
# the console in one call, where the legacy putchar needs a trap per byte.
#
# The payload names its buffer by physical address (base_addr_lo, base_addr_hi). The monitor runs with
# every address at its disposal, so it must check what the payload hands it: the range may not wrap
# around, may not touch the monitor's own memory (which PMP keeps from the payload, and the monitor must not
# undo that on its behalf), and where nothing answers at an address, the access fault is caught
# (trap_from_monitor resumes at dbcn_fault) and the call fails instead of the monitor.

sbi_dbcn:
  beqz a6, sbi_dbcn_write
  li t0, 1
  beq a6, t0, sbi_dbcn_read
  li t0, 2
  beq a6, t0, sbi_dbcn_write_byte
  j sbi_not_supported

# Check the buffer of a0 bytes at a1 (with a2 = base_addr_hi, which must be 0 on a 64-bit hart). Returns to
# the caller only when it is acceptable; otherwise answers the SBI call with SBI_ERR_INVALID_PARAM (the
# callers keep their return address in s3 for this).
sbi_dbcn_check_buffer:
  bnez a2, 1f
  add t0, a1, a0                     # one past the end
  bltu t0, a1, 1f                    # wrapped around
  beqz a0, 2f                        # an empty buffer touches nothing
  li t1, PAYLOAD_BASE
  bgeu a1, t1, 2f                    # starts above the monitor
  li t1, RAM_BASE
  bgtu t0, t1, 1f                    # ends inside (or beyond) the monitor
2:
  ret
1:
  mv ra, s3                          # the handler's own return address: the call is answered here
  j sbi_invalid_param

# FID 0, sbi_debug_console_write(a0 = num_bytes, a1 = base_addr_lo, a2 = base_addr_hi): a1 = bytes written.
sbi_dbcn_write:
  mv s3, ra
  call sbi_dbcn_check_buffer
  mv s4, a1                          # s4: the next byte to send
  mv s6, a1                          # s6: the start
  add s5, a1, a0                     # s5: one past the last
  la t0, dbcn_fault
  la t1, monitor_fault_resume
  sd t0, 0(t1)
1:
  beq s4, s5, 2f
  lbu a0, 0(s4)
  call console_putc
  addi s4, s4, 1
  j 1b
2:
  la t1, monitor_fault_resume
  sd zero, 0(t1)
  sub a1, s4, s6
  mv ra, s3
  j sbi_success

# FID 1, sbi_debug_console_read(a0 = num_bytes, a1 = base_addr_lo, a2 = base_addr_hi): copy up to num_bytes
# waiting bytes into the buffer, without waiting for more; a1 = how many (0 when none was waiting).
sbi_dbcn_read:
  mv s3, ra
  call sbi_dbcn_check_buffer
  mv s4, a1                          # s4: where the next byte goes
  mv s6, a1                          # s6: the start
  add s5, a1, a0                     # s5: one past the end
  la t0, dbcn_fault
  la t1, monitor_fault_resume
  sd t0, 0(t1)
1:
  beq s4, s5, 2f
  call console_getc
  bltz a0, 2f                        # nothing more waiting
  sb a0, 0(s4)
  addi s4, s4, 1
  j 1b
2:
  la t1, monitor_fault_resume
  sd zero, 0(t1)
  sub a1, s4, s6
  mv ra, s3
  j sbi_success

# FID 2, sbi_debug_console_write_byte(a0 = byte): one byte, waiting for the UART if it is busy.
sbi_dbcn_write_byte:
  mv s3, ra
  call console_putc
  mv ra, s3
  li a1, 0
  j sbi_success

# An access fault while copying: the payload's buffer lies (at least partly) where nothing answers.
dbcn_fault:
  la t1, monitor_fault_resume
  sd zero, 0(t1)
  mv ra, s3
  j sbi_invalid_param

  .section .data
  .balign 8
# Where trap_from_monitor resumes after an access fault in M-mode; 0 when no fault is expected.
monitor_fault_resume:
  .dword 0
  .section .text
