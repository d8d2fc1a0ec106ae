# sbi_srst.S: the System Reset extension (EID "SRST", SBI spec chapter 10).

# FID 0, sbi_system_reset(a0 = reset_type, a1 = reset_reason). reset_type: 0 shutdown, 1 cold reboot, 2 warm
# reboot; reset_reason: 0 no reason, 1 system failure; everything else is reserved or platform specific,
# which this platform does not implement, so the spec's answer is SBI_ERR_INVALID_PARAM. On success the call
# does not return. The SiFive test finisher does both jobs: shutdown ends the run (with exit code 1 when the
# reason is a system failure, 0 otherwise), and a reboot resets the machine.
sbi_srst:
  bnez a6, sbi_not_supported
  li t0, 2
  bgtu a0, t0, sbi_invalid_param
  li t0, 1
  bgtu a1, t0, sbi_invalid_param
  li t0, FINISHER_BASE
  bnez a0, 2f
  li t1, FINISHER_PASS
  beqz a1, 1f
  li t1, (1 << 16) | FINISHER_FAIL
1:
  sw t1, 0(t0)
  j 3f
2:
  li t1, FINISHER_RESET
  sw t1, 0(t0)
3:
  wfi
  j 3b
