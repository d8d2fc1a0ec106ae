# sbi_time.S: the TIME extension (EID "TIME", SBI spec chapter 6) and the timer interrupt behind it.
#
# S-mode cannot program the timer itself: mtimecmp is in the CLINT, which only M-mode may touch (and the
# machine timer interrupt, MTIP, is M-mode's). So the payload asks the monitor to set mtimecmp, and when
# the machine timer fires, the monitor passes it on by raising the supervisor timer interrupt (mip.STIP),
# which mideleg sends to S-mode. This relay is exactly what the Sstc extension later made unnecessary.

# FID 0, sbi_set_timer(a0 = stime_value): the only function of TIME.
sbi_time:
  bnez a6, sbi_not_supported
  mv s3, ra
  call sbi_timer_program
  mv ra, s3
  li a1, 0
  j sbi_success

# Program the next timer event at absolute time a0 (in mtime ticks). The spec: "This function must clear
# the pending timer interrupt bit as well", so the payload's handler stops seeing STIP once it has asked for
# the next event. A time far in the future (all ones) means "no timer".
sbi_timer_program:
  li t0, CLINT_BASE + CLINT_MTIMECMP
  sd a0, 0(t0)                       # mtimecmp: MTIP is pending while mtime >= mtimecmp
  li t0, MIP_STIP
  csrc mip, t0                       # clear the supervisor timer interrupt the last event raised
  li t0, MIP_MTIP
  csrs mie, t0                       # and listen for the machine timer again
  ret

# The machine timer fired (mcause = interrupt 7) while the payload ran. MTIP stays pending until mtimecmp
# is written again, so stop listening to it (mie.MTIE = 0) or the hart would trap here forever; then raise
# STIP, which reaches the payload as a supervisor timer interrupt as soon as the monitor returns.
sbi_timer_interrupt:
  li t0, MIP_MTIP
  csrc mie, t0
  li t0, MIP_STIP
  csrs mip, t0
  ret
