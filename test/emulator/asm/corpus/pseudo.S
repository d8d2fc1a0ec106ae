# Every pseudo-instruction of the issue, with compression on and then off.
  .macro all
  nop
  mv a0, a1
  mv s0, zero
  not a2, a3
  neg a4, a5
  negw t0, t1
  sext.w a0, a0
  sext.w a1, a2
  seqz t2, t3
  snez s1, s2
  sltz a0, a1
  sgtz a0, a1
  beqz a0, 1f
  bnez s1, 1f
  blez a0, 1f
  bgez a0, 1f
  bltz a0, 1f
  bgtz a0, 1f
  bgt a0, a1, 1f
  ble a0, a1, 1f
  bgtu a0, a1, 1f
  bleu a0, a1, 1f
  j 1f
  jal 1f
  jal t0, 1f
1:
  jr a0
  jr 8(a1)
  jalr a2
  jalr t0, a2
  jalr t0, 4(a2)
  ret
  call target
  call t0, target
  tail target
  la a0, target
  lla a1, target
  csrr a0, mstatus
  csrw mepc, a1
  csrs mie, a2
  csrc mip, a3
  csrwi mscratch, 5
  csrsi sstatus, 2
  csrci sie, 31
  csrw 0x340, 7
  rdcycle a0
  rdtime a1
  rdinstret a2
  fence
  fence rw, rw
  fence i, o
  fence.i
  fence.tso
  unimp
  csrrw zero, cycle, zero
  li a0, 0
  li a0, 31
  li a0, -32
  li a0, 2047
  li a0, -2048
  li a0, 4096
  li sp, 4096
  li a0, 0x7fffffff
  li a0, -0x80000000
  li a0, 0x80000000
  li a0, 0xffffffff
  li a0, 0x100000000
  li a0, 0x7fffffffffffffff
  li a0, 0x8000000000000000
  li a0, -1
  li t3, 0xfedcba9876543210
  li t4, 0x0000123400005678
  .endm
  .text
  all
target:
  .option norvc
  all
  .option rvc
  ret
