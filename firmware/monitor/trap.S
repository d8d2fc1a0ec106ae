# trap.S: every trap into M-mode starts at trap_vector. It saves the interrupted hart's registers in a trap
# frame on the monitor's stack, decides what happened from mcause, lets one handler deal with it, restores
# the registers (with any results the handler wrote into the frame) and returns with mret.

  .balign 4
trap_vector:
  # While the payload runs, mscratch holds the top of the monitor's stack; swap it with sp. Inside the
  # monitor mscratch is 0, so a 0 here means the monitor itself trapped.
  csrrw sp, mscratch, sp
  beqz sp, trap_from_monitor
  addi sp, sp, -FRAME_SIZE
  # Save x1 and x3..x31 (x0 is always 0; x2, the payload's sp, is in mscratch now).
  sd x1, 1*8(sp)
  sd x3, 3*8(sp)
  sd x4, 4*8(sp)
  sd x5, 5*8(sp)
  sd x6, 6*8(sp)
  sd x7, 7*8(sp)
  sd x8, 8*8(sp)
  sd x9, 9*8(sp)
  sd x10, 10*8(sp)
  sd x11, 11*8(sp)
  sd x12, 12*8(sp)
  sd x13, 13*8(sp)
  sd x14, 14*8(sp)
  sd x15, 15*8(sp)
  sd x16, 16*8(sp)
  sd x17, 17*8(sp)
  sd x18, 18*8(sp)
  sd x19, 19*8(sp)
  sd x20, 20*8(sp)
  sd x21, 21*8(sp)
  sd x22, 22*8(sp)
  sd x23, 23*8(sp)
  sd x24, 24*8(sp)
  sd x25, 25*8(sp)
  sd x26, 26*8(sp)
  sd x27, 27*8(sp)
  sd x28, 28*8(sp)
  sd x29, 29*8(sp)
  sd x30, 30*8(sp)
  sd x31, 31*8(sp)
  # The payload's sp, and mscratch = 0 to mark "inside the monitor" until we leave.
  csrrw t0, mscratch, zero
  sd t0, FRAME_SP(sp)
  # mepc and mstatus too: a trap inside the monitor (trap_from_monitor) overwrites both CSRs, and the
  # handlers change where and in which mode the payload resumes by changing these two slots.
  csrr t0, mepc
  sd t0, FRAME_MEPC(sp)
  csrr t0, mstatus
  sd t0, FRAME_MSTATUS(sp)

  # mcause: the top bit says interrupt (1) or exception (0); the rest is the cause number.
  csrr t0, mcause
  bltz t0, trap_interrupt
  li t1, CAUSE_SUPERVISOR_ECALL
  beq t0, t1, trap_ecall
  # Trap and emulate: the payload did something this hart does not do in hardware, but which the monitor
  # can do for it (emulate.S). Each handler either emulates the instruction and steps over it, or, where
  # the instruction is not one it knows, hands the trap to S-mode unchanged.
  li t1, CAUSE_ILLEGAL_INSTRUCTION
  beq t0, t1, trap_illegal_instruction
  li t1, CAUSE_MISALIGNED_LOAD
  beq t0, t1, trap_misaligned
  li t1, CAUSE_MISALIGNED_STORE
  beq t0, t1, trap_misaligned
  # Any other exception is the payload's own business (an access fault...): hand it to S-mode as if it
  # had been delegated.
  call redirect_to_supervisor
  j trap_return

trap_illegal_instruction:
  call emulate_illegal_instruction
  j trap_return

trap_misaligned:
  call emulate_misaligned
  j trap_return

trap_ecall:
  # An SBI call. a0..a7 still hold the payload's arguments; ecall.S finds the handler.
  call sbi_ecall
  # mepc points at the ecall instruction; return to the one after it (ecall is always 4 bytes).
  ld t0, FRAME_MEPC(sp)
  addi t0, t0, 4
  sd t0, FRAME_MEPC(sp)
  j trap_return

trap_interrupt:
  slli t0, t0, 1                     # drop the interrupt bit
  srli t0, t0, 1
  li t1, IRQ_MACHINE_TIMER
  bne t0, t1, trap_unexpected        # the only machine interrupt the monitor enables
  call sbi_timer_interrupt
  j trap_return

trap_return:
  # mscratch = the monitor's stack top again, for the next trap; then put every register back.
  addi t0, sp, FRAME_SIZE
  csrw mscratch, t0
  ld t0, FRAME_MEPC(sp)
  csrw mepc, t0
  ld t0, FRAME_MSTATUS(sp)
  csrw mstatus, t0
  ld x1, 1*8(sp)
  ld x3, 3*8(sp)
  ld x4, 4*8(sp)
  ld x5, 5*8(sp)
  ld x6, 6*8(sp)
  ld x7, 7*8(sp)
  ld x8, 8*8(sp)
  ld x9, 9*8(sp)
  ld x10, 10*8(sp)
  ld x11, 11*8(sp)
  ld x12, 12*8(sp)
  ld x13, 13*8(sp)
  ld x14, 14*8(sp)
  ld x15, 15*8(sp)
  ld x16, 16*8(sp)
  ld x17, 17*8(sp)
  ld x18, 18*8(sp)
  ld x19, 19*8(sp)
  ld x20, 20*8(sp)
  ld x21, 21*8(sp)
  ld x22, 22*8(sp)
  ld x23, 23*8(sp)
  ld x24, 24*8(sp)
  ld x25, 25*8(sp)
  ld x26, 26*8(sp)
  ld x27, 27*8(sp)
  ld x28, 28*8(sp)
  ld x29, 29*8(sp)
  ld x30, 30*8(sp)
  ld x31, 31*8(sp)
  ld sp, FRAME_SP(sp)                # last: this was the frame pointer
  mret

# The monitor trapped while serving the payload. One case is expected: the debug console copying from or to
# an address the payload gave it where nothing answers (an access fault). The copy loop names where to
# resume in monitor_fault_resume, and keeps nothing in t6, which this path may use.
trap_from_monitor:
  csrrw sp, mscratch, sp             # sp is the monitor's own stack again; mscratch = 0 again
  la t6, monitor_fault_resume
  ld t6, 0(t6)
  beqz t6, monitor_panic
  csrw mepc, t6                      # mret goes back to M-mode (mstatus.MPP = M), at the resume point
  mret

trap_unexpected:
monitor_panic:
  # A trap the monitor cannot explain is a bug in the monitor: say so and stop the machine with code 1.
  la a0, msg_panic
  call console_puts
  li t0, FINISHER_BASE
  li t1, (1 << 16) | FINISHER_FAIL
  sw t1, 0(t0)
1:
  wfi
  j 1b

# Deliver the current exception to S-mode, as the hart would have done had medeleg delegated it (privileged
# spec 3.1.6.1 and 4.1.1): scause, sepc and stval take what mcause, mepc and mtval say; sstatus.SPP records
# the mode that trapped, SPIE the old SIE, and SIE is cleared; execution continues at stvec in S-mode.
# The new mstatus and mepc go into the frame, which trap_return loads.
redirect_to_supervisor:
  csrr a0, mcause
  csrr a1, mtval
# The same with the cause in a0 and the value for stval in a1: for a fault the monitor met while acting for
# the payload (emulate.S), which the payload must see as its own. Uses t0..t2.
redirect_trap:
  ld t0, FRAME_MSTATUS(sp)
  li t1, MSTATUS_MPP
  and t2, t0, t1
  beq t2, t1, monitor_panic          # an exception in M-mode itself: the monitor's bug
  ld t1, FRAME_MEPC(sp)
  csrw sepc, t1
  csrw scause, a0
  csrw stval, a1
  # sstatus.SPP = 1 when the trap came from S-mode (MPP = 1), 0 from U-mode.
  li t1, MSTATUS_SPP
  not t1, t1
  and t0, t0, t1
  beqz t2, 1f
  ori t0, t0, MSTATUS_SPP
1:
  # SPIE = SIE, then SIE = 0.
  andi t1, t0, MSTATUS_SIE
  slli t1, t1, 4                     # bit 1 (SIE) to bit 5 (SPIE)
  andi t0, t0, ~(MSTATUS_SPIE | MSTATUS_SIE)
  or t0, t0, t1
  # mret must land in S-mode: MPP = 1.
  li t1, MSTATUS_MPP
  not t1, t1
  and t0, t0, t1
  li t1, MSTATUS_MPP_S
  or t0, t0, t1
  sd t0, FRAME_MSTATUS(sp)
  # Exceptions go to stvec's base in both direct and vectored mode (only interrupts are vectored).
  csrr t1, stvec
  andi t1, t1, ~3
  sd t1, FRAME_MEPC(sp)
  ret
