# hello.S: the first lesson. A bare-metal program for QEMU's virt board (and hartscope, which is that board).
#
# The hart starts in M-mode (machine mode, the most privileged) at _start. The program greets on the UART,
# then drops to U-mode (user mode) with mret. In U-mode it may not touch the UART itself, so it asks M-mode
# with `ecall`: the ecall traps into M-mode (mcause = 8, "environment call from U-mode"), the trap handler
# does the work and returns with mret. This is the shape of every operating system call.
#
# The user program's two calls (a7 = call number, as in Linux and the SBI):
#   a7 = 1  print the NUL-terminated string at a0
#   a7 = 2  exit with code a0 (through the SiFive test finisher, which ends the run)
#
# Build: firmware/build-examples.sh (GNU as + ld). Run: npm run emu -- firmware/examples/hello.elf
#   or qemu-system-riscv64 -machine virt -bios none -nographic -kernel firmware/examples/hello.elf

  .equ UART, 0x10000000          # NS16550A: transmit holding register at +0, line status at +5
  .equ UART_LSR, 5
  .equ LSR_THRE, 0x20            # transmitter holding register empty
  .equ FINISHER, 0x100000        # SiFive test finisher
  .equ FINISHER_PASS, 0x5555
  .equ FINISHER_FAIL, 0x3333     # (code << 16) | FINISHER_FAIL ends the run with that code
  .equ MSTATUS_MPP, 0x1800       # mstatus bits 12:11: the mode that mret returns to (0 = U)
  .equ CAUSE_ECALL_U, 8
  .equ SYS_PRINT, 1
  .equ SYS_EXIT, 2

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  la a0, msg_hello
  call puts

  # Let U-mode reach all of memory: one PMP region, NAPOT over the whole address space, R+W+X.
  # Without any PMP entry, every U-mode access would fault (privileged spec, section 3.7.1).
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f                    # A = NAPOT (3 << 3), X, W, R
  csrw pmpcfg0, t0

  la t0, trap_handler
  csrw mtvec, t0                 # direct mode: every trap enters M-mode at trap_handler

  # mret "returns" to the mode in mstatus.MPP at the address in mepc: set both to enter user_main in U-mode.
  li t0, MSTATUS_MPP
  csrc mstatus, t0               # MPP = 0: U-mode
  la t0, user_main
  csrw mepc, t0
  mret

# ---- U-mode ----
user_main:
  la a0, msg_user
  li a7, SYS_PRINT
  ecall                          # traps to trap_handler in M-mode; returns here + 4
  li a0, 0
  li a7, SYS_EXIT
  ecall                          # does not return

# ---- M-mode trap handler ----
trap_handler:
  csrr t0, mcause
  li t1, CAUSE_ECALL_U
  bne t0, t1, unexpected_trap
  li t1, SYS_PRINT
  beq a7, t1, sys_print
  li t1, SYS_EXIT
  beq a7, t1, sys_exit
  li a0, 2                       # an unknown call: fail with exit code 2
  j sys_exit

sys_print:
  call puts
  csrr t0, mepc                  # mepc points at the ecall itself: step over it
  addi t0, t0, 4
  csrw mepc, t0
  mret

sys_exit:
  li t0, FINISHER
  bnez a0, 1f
  li t1, FINISHER_PASS
  sw t1, 0(t0)
  j .
1:
  slli a0, a0, 16
  li t1, FINISHER_FAIL
  or t1, t1, a0
  sw t1, 0(t0)
  j .

unexpected_trap:
  la a0, msg_unexpected
  call puts
  li a0, 1
  j sys_exit

# puts(a0): send the NUL-terminated string at a0 to the UART, one byte at a time. Clobbers a0, t0..t2.
puts:
  li t0, UART
1:
  lbu t1, 0(a0)
  beqz t1, 3f
2:
  lbu t2, UART_LSR(t0)           # wait until the transmitter can take a byte
  andi t2, t2, LSR_THRE
  beqz t2, 2b
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
3:
  ret

  .section .rodata
msg_hello:
  .string "Hello from hartscope! This is M-mode.\n"
msg_user:
  .string "And this is U-mode, printing through an ecall.\n"
msg_unexpected:
  .string "Unexpected trap.\n"
