# monitor-lab.S: the trap-and-emulate lab (lesson 10). A tiny monitor in M-mode runs a guest in U-mode that
# reads the time CSR with `rdtime a0`. The monitor has turned that off for U-mode (mcounteren.TM = 0), so
# every rdtime traps into M-mode as an illegal instruction (mcause 2, mtval = the instruction's bits).
# Your job: fill in the hole in `emulate_rdtime` so the monitor does what the instruction would have done,
# and the guest never notices. When it works, the guest prints "lab passed: time moves".
#
# Run it with no firmware (the program IS the firmware): firmware "bare".

  .equ UART, 0x10000000          # NS16550A: transmit holding register at +0, line status at +5
  .equ UART_LSR, 5
  .equ LSR_THRE, 0x20
  .equ FINISHER, 0x100000        # SiFive test finisher: write 0x5555 to end the run
  .equ MTIME, 0x0200bff8         # the CLINT's mtime: the clock that the time CSR shows
  .equ MSTATUS_MPP, 0x1800
  .equ CAUSE_ILLEGAL, 2
  .equ CAUSE_ECALL_U, 8
  .equ RDTIME_A0, 0xc0102573     # the bits of `rdtime a0` (csrrs a0, time, zero)

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  li t0, -1                      # PMP: let U-mode reach all memory (one NAPOT region, R+W+X)
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  csrw mcounteren, zero          # U-mode may not read cycle, time or instret: each read traps
  la t0, trap_handler
  csrw mtvec, t0
  li t0, MSTATUS_MPP
  csrc mstatus, t0               # mret to U-mode...
  la t0, guest
  csrw mepc, t0                  # ...at guest
  mret

# ---- the guest, in U-mode: it only uses a0, a7 and s0 (the monitor below uses t0 and t1 freely) ----
guest:
  rdtime a0
  mv s0, a0
  li a0, 1000                    # do some work, so that time passes
1:
  addi a0, a0, -1
  bnez a0, 1b
  rdtime a0
  bgtu a0, s0, 2f
  la a0, msg_fail
  li a7, 1
  ecall
  j 3f
2:
  la a0, msg_pass
  li a7, 1
  ecall
3:
  li a7, 2
  ecall                          # exit

# ---- the monitor, in M-mode ----
  .balign 4
trap_handler:
  csrr t0, mcause
  li t1, CAUSE_ECALL_U
  beq t0, t1, guest_call
  li t1, CAUSE_ILLEGAL
  bne t0, t1, unexpected
  csrr t0, mtval                 # the instruction that trapped
  li t1, RDTIME_A0
  bne t0, t1, unexpected

emulate_rdtime:
  # >>> your code: make it look as if `rdtime a0` had run. Two things to do:
  #   1. a0 = the current time: a 64-bit load (ld) from the CLINT's mtime register, at address MTIME;
  #   2. return to the instruction AFTER the rdtime: mepc points at the rdtime itself (4 bytes long).
  # Use only t0 and t1 besides a0. The handler then returns to the guest with mret.
  # <<< end of your code
  mret

guest_call:                      # a7 = 1: print the string at a0; a7 = 2: exit
  li t1, 2
  beq a7, t1, exit
  call puts
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret

unexpected:
  la a0, msg_unexpected
  call puts
exit:
  li t0, FINISHER
  li t1, 0x5555
  sw t1, 0(t0)
  j .

# puts(a0): send the NUL-terminated string at a0 to the UART. Clobbers a0, t0..t2.
puts:
  li t0, UART
1:
  lbu t1, 0(a0)
  beqz t1, 3f
2:
  lbu t2, UART_LSR(t0)
  andi t2, t2, LSR_THRE
  beqz t2, 2b
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
3:
  ret

  .section .rodata
msg_pass: .string "lab passed: time moves\n"
msg_fail: .string "lab failed: the second rdtime is not later than the first\n"
msg_unexpected: .string "monitor: unexpected trap\n"

  .section .bss
  .balign 16
  .space 4096
stack_top:
