# sbi_hart.S: the extensions that manage harts (HSM, chapter 9), interrupt them (IPI, chapter 7) and make
# them flush (RFENCE, chapter 8). This machine has one hart, hart 0, so each call concerns at most the
# calling hart itself.
#
# SIMPLIFICATION: one hart, whose id is 0; the monitor does not read the device tree for others.

# HSM FID 2, sbi_hart_get_status(a0 = hartid): hart 0 is running (SBI_HSM_STARTED) since it is the caller.
# hart_start, hart_stop and hart_suspend have nothing to act on here: SBI_ERR_NOT_SUPPORTED.
sbi_hsm:
  li t0, 2
  bne a6, t0, sbi_not_supported
  bnez a0, sbi_invalid_param         # no such hart
  li a1, SBI_HSM_STARTED
  j sbi_success

# A hart mask (SBI spec 3.1): hart_mask_base = -1 means every hart; otherwise bit i of hart_mask selects hart
# hart_mask_base + i. Sets a2 = 1 when hart 0 is selected, 0 when none is; any other hart is invalid.
sbi_hart_mask_selects_self:
  li a2, 1
  li t0, -1
  beq a1, t0, 1f                     # every hart
  bnez a1, 2f
  andi a2, a0, 1                     # base 0: bit 0 is hart 0; any other bit names a hart that does not exist
  srli t0, a0, 1
  bnez t0, 3f
1:
  ret
2:
  li a2, 0                           # a base above 0 selects only harts that do not exist
  beqz a0, 1b
3:
  li a2, -1
  ret

# IPI FID 0, sbi_send_ipi(a0 = hart_mask, a1 = hart_mask_base): an inter-processor interrupt arrives as a
# supervisor software interrupt (mip.SSIP), so sending one to ourselves is setting that bit.
sbi_ipi:
  bnez a6, sbi_not_supported
  mv s3, ra
  call sbi_hart_mask_selects_self
  mv ra, s3
  bltz a2, sbi_invalid_param
  beqz a2, 1f
  li t0, MIP_SSIP
  csrs mip, t0
1:
  li a1, 0
  j sbi_success

# RFENCE FID 0 remote_fence_i, FID 1 remote_sfence_vma, FID 2 remote_sfence_vma_asid (a0 = hart_mask,
# a1 = hart_mask_base): on the one hart, the fence itself. SIMPLIFICATION: sfence.vma flushes every address
# and ASID rather than the range asked for, which is always allowed. FIDs 3..6 fence the hypervisor's
# translations, and there is no H extension here.
sbi_rfence:
  li t0, 3
  bgeu a6, t0, sbi_not_supported
  mv s3, ra
  call sbi_hart_mask_selects_self
  mv ra, s3
  bltz a2, sbi_invalid_param
  beqz a2, 2f
  bnez a6, 1f
  fence.i
  j 2f
1:
  sfence.vma zero, zero
2:
  li a1, 0
  j sbi_success
