# emulate_time.S: the illegal-instruction trap, and reads of the `time` CSR emulated from the CLINT.
#
# `rdtime rd` (an alias of `csrrs rd, time, x0`) reads the real-time counter. The unprivileged spec
# (chapter "Counters") lets a platform leave the CSR out and have M-mode firmware emulate it: the read
# then raises an illegal-instruction exception (mcause 2), the monitor reads the CLINT's memory-mapped
# mtime, which is the value `time` would show, puts it in rd and steps over the instruction. The payload
# cannot tell, except that the read took a trip through M-mode. hartscope leaves the CSR out when the
# machine is told so (timeCsr: 'absent'); by default the hart provides it and this handler never sees a
# read of `time`.
#
# Every other illegal instruction belongs to the payload: it goes to S-mode unchanged, with stval = the
# instruction bits, as if the exception had been delegated (OpenSBI: sbi_illegal_insn.c does the same).

emulate_illegal_instruction:
  mv s0, ra
  # mtval holds the instruction's bits on this hart (the spec allows 0 instead; then read it from memory).
  csrr s1, mtval
  bnez s1, 1f
  call read_guest_instruction
  mv s1, a0
1:
  # Is it a pure read of `time`? SYSTEM opcode (0x73), CSR number (bits 31..20) = time, and a read that
  # writes nothing: csrrs/csrrc with rs1 = x0, or csrrsi/csrrci with uimm = 0 (funct3 2, 3, 6, 7; bits
  # 19..15 = 0). csrrw would write a read-only CSR: that is the payload's illegal instruction.
  andi t0, s1, 0x7f
  li t1, 0x73
  bne t0, t1, 9f
  slli t0, s1, 32                    # bits 31..20, whatever lies above bit 31
  srli t0, t0, 52
  li t1, CSR_TIME
  bne t0, t1, 9f
  srli t0, s1, 15
  andi t0, t0, 31
  bnez t0, 9f
  srli t0, s1, 12
  andi t0, t0, 3
  li t1, 2
  bltu t0, t1, 9f                    # funct3 0, 1, 4, 5: not a plain CSR read
  # A U-mode program may read `time` only where its kernel allows it (scounteren.TM); where it does not,
  # the read is illegal on real hardware too, and the kernel must see it. (mcounteren.TM is the monitor's
  # own choice: it allows S-mode.)
  ld t0, FRAME_MSTATUS(sp)
  li t1, MSTATUS_MPP
  and t0, t0, t1
  bnez t0, 2f                        # from S-mode
  csrr t0, scounteren
  andi t0, t0, COUNTEREN_TM
  beqz t0, 9f
2:
  # The emulation itself: rd = mtime, and on to the next instruction (CSR instructions are 4 bytes).
  li t0, CLINT_BASE + CLINT_MTIME
  ld a1, 0(t0)
  srli a0, s1, 7
  andi a0, a0, 31
  call frame_write_reg
  li a0, 4
  call frame_advance_pc
  mv ra, s0
  ret
9:
  mv ra, s0
  j redirect_to_supervisor
