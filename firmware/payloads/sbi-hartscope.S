# sbi-hartscope.S: an S-mode payload for the calls whose answers belong to the implementation (spec
# version, implementation id) or that the OpenSBI bundled with QEMU 7.2 does not have (DBCN, SBI 2.0), and
# for the errors the spec prescribes for bad arguments. The test checks each line against the SBI spec and
# against platform.S's choices. It ends with system_reset(shutdown, system failure): exit code 1.

  .include "sbi-macros.S"

  .equ EXT_BASE, 0x10
  .equ EXT_TIME, 0x54494D45
  .equ EXT_IPI, 0x735049
  .equ EXT_HSM, 0x48534D
  .equ EXT_SRST, 0x53525354
  .equ EXT_DBCN, 0x4442434E

  # Call first (printing the name would change a0), then print the name and the result.
  .macro call_print name, eid, fid
  sbi_call \eid, \fid
  mv s2, a0
  mv s3, a1
  print_str \name
  mv a0, s2
  mv a1, s3
  call print_result
  .endm

  .section .text
  .globl _start
_start:
  la sp, stack_top
  print_str msg_begin
  call_print msg_spec, EXT_BASE, 0
  call_print msg_impl_id, EXT_BASE, 1
  call_print msg_impl_version, EXT_BASE, 2
  li a0, EXT_DBCN
  call_print msg_probe_dbcn, EXT_BASE, 3
  call_print msg_mvendorid, EXT_BASE, 4
  call_print msg_marchid, EXT_BASE, 5
  call_print msg_mimpid, EXT_BASE, 6

  # DBCN write: the whole string in one call; value = the bytes written.
  la a1, msg_dbcn
  la a0, msg_dbcn_end
  sub a0, a0, a1
  li a2, 0
  call_print msg_dbcn_write, EXT_DBCN, 0
  li a0, '!'
  call_print msg_write_byte, EXT_DBCN, 2
  # DBCN read: whatever the console has received (the test sends "hi"), without waiting.
  li a0, 8
  la a1, buffer
  li a2, 0
  call_print msg_dbcn_read, EXT_DBCN, 1
  la a0, buffer
  call puts
  li a0, '\n'
  call putc
  # The legacy console_getchar: nothing is left to read, so -1.
  print_str msg_getchar
  sbi_call 0x02, 0
  call put_dec
  li a0, '\n'
  call putc

  # Bad arguments (SBI_ERR_INVALID_PARAM = -3) and unknown functions (SBI_ERR_NOT_SUPPORTED = -2).
  li a0, 4
  li a1, 0x80000000                  # the monitor's own memory
  li a2, 0
  call_print msg_dbcn_monitor, EXT_DBCN, 0
  li a0, 4
  li a1, 0x40000000                  # nothing answers here: an access fault inside the monitor
  li a2, 0
  call_print msg_dbcn_hole, EXT_DBCN, 0
  li a0, 4
  la a1, msg_dbcn
  li a2, 1                           # base_addr_hi must be 0 on RV64
  call_print msg_dbcn_hi, EXT_DBCN, 0
  call_print msg_dbcn_fid, EXT_DBCN, 3
  call_print msg_time_fid, EXT_TIME, 1
  li a0, 1
  call_print msg_hsm1, EXT_HSM, 2
  li a0, 2
  li a1, 0
  call_print msg_ipi_bad, EXT_IPI, 0
  li a0, 3
  li a1, 0
  call_print msg_srst_type, EXT_SRST, 0
  li a0, 0
  li a1, 2
  call_print msg_srst_reason, EXT_SRST, 0

  print_str msg_end
  li a0, 0                           # shutdown
  li a1, 1                           # system failure
  sbi_call EXT_SRST, 0
  print_str msg_still_here
1:
  j 1b

  .include "sbi-lib.S"

  .section .rodata
msg_begin: .asciz "BEGIN sbi-hartscope\n"
msg_spec: .asciz "get_spec_version"
msg_impl_id: .asciz "get_impl_id"
msg_impl_version: .asciz "get_impl_version"
msg_probe_dbcn: .asciz "probe DBCN"
msg_mvendorid: .asciz "get_mvendorid"
msg_marchid: .asciz "get_marchid"
msg_mimpid: .asciz "get_mimpid"
msg_dbcn: .ascii "written by DBCN in one call\n"
msg_dbcn_end:
msg_dbcn_write: .asciz "debug_console_write"
msg_write_byte: .asciz " debug_console_write_byte"
msg_dbcn_read: .asciz "debug_console_read"
msg_getchar: .asciz "console_getchar "
msg_dbcn_monitor: .asciz "debug_console_write(monitor memory)"
msg_dbcn_hole: .asciz "debug_console_write(0x40000000)"
msg_dbcn_hi: .asciz "debug_console_write(base_addr_hi 1)"
msg_dbcn_fid: .asciz "DBCN FID 3"
msg_time_fid: .asciz "TIME FID 1"
msg_hsm1: .asciz "hart_get_status(1)"
msg_ipi_bad: .asciz "send_ipi(hart 1)"
msg_srst_type: .asciz "system_reset(type 3)"
msg_srst_reason: .asciz "system_reset(shutdown, reason 2)"
msg_end: .asciz "END\n"
msg_still_here: .asciz "system_reset returned\n"

  .section .bss
  .balign 16
buffer:
  .space 16
  .space 4096
stack_top:
