# ecall.S: an SBI call arrives as an ecall from S-mode (mcause = 9). The SBI calling convention (SBI spec
# chapter 3): a7 = extension ID (EID), a6 = function ID (FID), a0..a5 = arguments; the call returns an
# error code in a0 and a value in a1 (struct sbiret), and every other register is preserved. The legacy
# extensions (EIDs 0x00..0x0F, spec chapter 5) return only a0.
#
# Each extension is one row of sbi_extensions: its EID and its handler, as OpenSBI registers one
# sbi_ecall_extension per file. A handler runs with a0..a7 as the payload set them and sp pointing at the
# trap frame; it returns error in a0 and value in a1, and may use t0..t6, a0..a7 and s2..s11 (the payload's
# values are safe in the frame).

sbi_ecall:
  mv s0, ra
  mv s1, a7                          # the EID, kept for after the handler
  mv s2, a0
  mv a0, a7
  call sbi_find_extension
  mv t0, a0
  mv a0, s2                          # the payload's first argument again
  beqz t0, 1f
  jalr t0
  j 2f
1:
  li a0, SBI_ERR_NOT_SUPPORTED       # no such extension (spec 3.2: "SBI_ERR_NOT_SUPPORTED")
  li a1, 0
2:
  # The results go into the frame; trap_return loads them into the payload's a0 and a1.
  sd a0, FRAME_A0(sp)
  li t0, SBI_EXT_BASE
  bltu s1, t0, 3f                    # legacy extensions leave a1 alone
  sd a1, FRAME_A1(sp)
3:
  mv ra, s0
  ret

# a0 = the handler of extension a0, or 0 when the monitor does not implement it. Uses t0..t2.
sbi_find_extension:
  la t0, sbi_extensions
  la t1, sbi_extensions_end
1:
  beq t0, t1, 2f
  ld t2, 0(t0)
  beq t2, a0, 3f
  addi t0, t0, 16
  j 1b
2:
  li a0, 0
  ret
3:
  ld a0, 8(t0)
  ret

  .section .rodata
  .balign 8
sbi_extensions:
  .dword SBI_EXT_LEGACY_SET_TIMER, sbi_legacy_set_timer
  .dword SBI_EXT_LEGACY_CONSOLE_PUTCHAR, sbi_legacy_console_putchar
  .dword SBI_EXT_LEGACY_CONSOLE_GETCHAR, sbi_legacy_console_getchar
  .dword SBI_EXT_LEGACY_SHUTDOWN, sbi_legacy_shutdown
  .dword SBI_EXT_BASE, sbi_base
  .dword SBI_EXT_TIME, sbi_time
  .dword SBI_EXT_IPI, sbi_ipi
  .dword SBI_EXT_RFENCE, sbi_rfence
  .dword SBI_EXT_HSM, sbi_hsm
  .dword SBI_EXT_SRST, sbi_srst
  .dword SBI_EXT_DBCN, sbi_dbcn
sbi_extensions_end:
  .section .text
