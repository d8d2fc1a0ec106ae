# monitor.S: hartscope's M-mode monitor, a small SBI implementation to read while it runs.
#
# The hart starts here in M-mode (machine mode) after reset, with a0 = its hart id and a1 = the address of
# the flattened device tree that describes the board. The monitor prepares the machine for an operating
# system, drops to S-mode (supervisor mode) at PAYLOAD_BASE, as OpenSBI's fw_jump does, and from then on runs
# only when the hart traps into M-mode: when the payload calls it with `ecall` (the SBI: Supervisor Binary
# Interface, RISC-V SBI specification v2.0), when the machine timer fires, or when the payload does
# something that only M-mode may handle.
#
# Files, one topic each (like OpenSBI's sbi_ecall_*.c, one per SBI extension):
#   platform.S    addresses and numbers        trap.S        the trap vector: save, dispatch, restore
#   ecall.S       the SBI extension table      console.S     the UART, for the console calls
#   sbi_base.S    BASE                         sbi_legacy.S  legacy set_timer/putchar/getchar/shutdown
#   sbi_time.S    TIME and the timer interrupt sbi_dbcn.S    DBCN (debug console)
#   sbi_srst.S    SRST (system reset)          sbi_hart.S    HSM, IPI and RFENCE for the one hart
# Trap and emulate: doing for the payload what this hart does not do in hardware.
#   guest_memory.S         reading and writing memory as the payload sees it (mstatus.MPRV)
#   emulate_misaligned.S   misaligned loads and stores      emulate_time.S   reads of the `time` CSR

  .include "platform.S"

  .section .text
  .globl _start
_start:
  # a0 (hart id) and a1 (device tree) belong to the payload: boot uses only t0..t2 so that they arrive intact.

  # Every trap into M-mode goes to trap_vector (mtvec direct mode: the low two bits are 0).
  la t0, trap_vector
  csrw mtvec, t0

  # The monitor's stack. mscratch holds its top while the payload runs; the trap vector swaps it into sp.
  la t0, monitor_stack_top
  csrw mscratch, t0

  # Physical memory protection (privileged spec 3.7). With no PMP entry at all, S- and U-mode could touch
  # nothing. Entry 0 covers the monitor's own 2 MiB (RAM_BASE up to PAYLOAD_BASE) with no permission, so the
  # payload can neither read nor overwrite the monitor; entry 1 covers the whole address space with R, W
  # and X. The lowest-numbered matching entry wins, so entry 0 shadows entry 1. M-mode itself is not checked
  # (the entries are not locked). A NAPOT address is base/4 with (size/8 - 1) in its low bits.
  li t0, (RAM_BASE >> 2) | ((PAYLOAD_BASE - RAM_BASE) / 8 - 1)
  csrw pmpaddr0, t0
  li t0, -1
  csrw pmpaddr1, t0
  li t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8) | PMP_NAPOT
  csrw pmpcfg0, t0

  # Delegation: the traps an operating system handles itself go straight to S-mode, without passing
  # through here (privileged spec 3.1.8). The same set as OpenSBI: misaligned instruction fetch,
  # breakpoint, ecall from U-mode (system calls) and the three page faults. Everything else (an illegal
  # instruction, an access fault, an ecall from S-mode) comes to the monitor first. Two of those are kept
  # here on purpose, for trap and emulate: an illegal instruction may be a read of `time` on a hart without
  # that CSR, and a misaligned load or store (causes 4 and 6) may be one the hart does not perform.
  li t0, (1 << CAUSE_MISALIGNED_FETCH) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_USER_ECALL) | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
  csrw medeleg, t0
  # The supervisor's own interrupts: software (IPI), timer and external. The machine timer stays here: the
  # monitor turns it into a supervisor timer interrupt (sbi_time.S).
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrw mideleg, t0
  # No machine interrupt is enabled until the payload asks for a timer.
  csrw mie, zero

  # Let S-mode read cycle, time and instret itself (bits CY, TM, IR), as OpenSBI does.
  li t0, 7
  csrw mcounteren, t0

  # Enter the payload: mret goes to mepc in the mode held in mstatus.MPP, here S-mode (MPP = 1). satp is 0
  # after reset, so the payload starts with paging off, at physical addresses.
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_MPP_S
  csrs mstatus, t0
  li t0, PAYLOAD_BASE
  csrw mepc, t0
  mret

  .include "trap.S"
  .include "ecall.S"
  .include "console.S"
  .include "sbi_base.S"
  .include "sbi_legacy.S"
  .include "sbi_time.S"
  .include "sbi_dbcn.S"
  .include "sbi_srst.S"
  .include "sbi_hart.S"
  .include "guest_memory.S"
  .include "emulate_misaligned.S"
  .include "emulate_time.S"

  .section .bss
  .balign 16
monitor_stack:
  .space MONITOR_STACK_SIZE
monitor_stack_top:
