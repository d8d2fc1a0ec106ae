# lib/sbi.S: the SBI calls the examples make, named. Include it first; lib/print.S goes at the end.
#
# An SBI call is an `ecall` from S-mode (SBI specification v2.0, chapter 3): a7 = the extension ID (EID),
# a6 = the function ID (FID), a0..a5 = the arguments. The firmware (hartscope's monitor, OpenSBI) or the
# host answers with a0 = an error code (0 = success) and a1 = a value. Every other register is kept.

  .equ SBI_LEGACY_SET_TIMER, 0x00
  .equ SBI_LEGACY_CONSOLE_PUTCHAR, 0x01
  .equ SBI_LEGACY_CONSOLE_GETCHAR, 0x02
  .equ SBI_LEGACY_SHUTDOWN, 0x08
  .equ SBI_EXT_BASE, 0x10
  .equ SBI_BASE_PROBE_EXTENSION, 3
  .equ SBI_EXT_TIME, 0x54494D45     # "TIME"
  .equ SBI_EXT_SRST, 0x53525354     # "SRST"
  .equ SBI_EXT_DBCN, 0x4442434E     # "DBCN"

  .macro sbi_call eid, fid
  li a7, \eid
  li a6, \fid
  ecall
  .endm

  # SRST system_reset(type 0 = shutdown, reason 0 = none): the run ends with exit code 0.
  .macro sbi_shutdown
  li a0, 0
  li a1, 0
  sbi_call SBI_EXT_SRST, 0
  .endm

  # Print the NUL-terminated string at `label`.
  .macro print label
  la a0, \label
  call puts
  .endm
