# Loads and stores by symbol (auipc + access with %pcrel_lo), and sfence.vma's short forms: with compression
# on for the first half and off for the second, as GNU as expands them.
  .text
_start:
  ld a0, value
  lw a1, value + 4
  lh a2, value
  lb a3, value
  lbu a4, value
  lhu a5, value
  lwu s0, value
  sd a0, value, t0
  sw a1, value, t1
  sh a2, value, t2
  sb a3, value, s1
  flw fa0, value, t0
  fld fs0, value, a5
  fsw fa1, value, t0
  fsd fs1, value, s1
  sfence.vma
  sfence.vma a0
  sfence.vma a0, a1
  ld s1, 8(s0)
  ld a0, (a1)
  .option push
  .option norvc
  ld s0, value
  sd s0, value, s1
  flw fa0, here, t0
  sfence.vma
here:
  sfence.vma t0
  .option pop
  ld a0, 0(a0)

  .data
  .dword 0
value:
  .dword 0x1122334455667788
