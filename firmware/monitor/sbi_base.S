# sbi_base.S: the BASE extension (EID 0x10, SBI spec chapter 4). Every SBI implementation has it: it says
# which version of the specification it follows, who implemented it, and which extensions it provides, so
# a payload can probe before it calls.

sbi_base:
  li t0, 7
  bgeu a6, t0, sbi_not_supported     # FIDs 0..6
  la t0, sbi_base_functions
  slli t1, a6, 3
  add t0, t0, t1
  ld t0, 0(t0)
  jr t0

  .section .rodata
  .balign 8
sbi_base_functions:
  .dword sbi_get_spec_version, sbi_get_impl_id, sbi_get_impl_version, sbi_probe_extension
  .dword sbi_get_mvendorid, sbi_get_marchid, sbi_get_mimpid
  .section .text

# FID 0, sbi_get_spec_version: bits 30:24 the major and 23:0 the minor version; this monitor follows 2.0.
sbi_get_spec_version:
  li a1, SBI_SPEC_VERSION
  j sbi_success

# FID 1, sbi_get_impl_id: which SBI implementation this is (see platform.S for the number chosen).
sbi_get_impl_id:
  li a1, SBI_IMPL_ID
  j sbi_success

# FID 2, sbi_get_impl_version: the implementation's own version, in its own encoding.
sbi_get_impl_version:
  li a1, SBI_IMPL_VERSION
  j sbi_success

# FID 3, sbi_probe_extension(a0 = EID): 0 when the extension is absent, 1 when it is there.
sbi_probe_extension:
  mv s3, ra
  call sbi_find_extension
  snez a1, a0
  mv ra, s3
  j sbi_success

# FIDs 4..6: the machine's mvendorid, marchid and mimpid CSRs, which S-mode cannot read itself.
sbi_get_mvendorid:
  csrr a1, mvendorid
  j sbi_success
sbi_get_marchid:
  csrr a1, marchid
  j sbi_success
sbi_get_mimpid:
  csrr a1, mimpid
  j sbi_success

# Shared endings: struct sbiret { error = a0, value = a1 }.
sbi_success:
  li a0, SBI_SUCCESS
  ret
sbi_not_supported:
  li a0, SBI_ERR_NOT_SUPPORTED
  li a1, 0
  ret
sbi_invalid_param:
  li a0, SBI_ERR_INVALID_PARAM
  li a1, 0
  ret
