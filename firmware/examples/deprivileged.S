# deprivileged.S: trap and emulate, and how it fails when a sensitive instruction stops trapping.
# Linker script: payload.ld
#
# What to watch: this S-mode program is a tiny virtual machine monitor. It runs a "guest kernel" (written as
# if it ran in S-mode) deprivileged, in U-mode, and keeps the mode the guest believes it is in (its virtual
# mode, `vmode`). When the guest kernel executes `sret` to drop to its user program, sret is privileged, so
# in U-mode it traps (illegal instruction): the monitor sees it, emulates it (virtual mode S -> U) and
# carries on after it. Popek and Goldberg: trap and emulate works when every sensitive instruction traps.
#
# Then turn on "break the ISA" (MachineOptions.breakIsa = 'sret-in-u-is-nop'): sret in U-mode becomes a
# silent no-op, as x86's POPF in ring 3 silently ignored IF before VT-x. The monitor never sees it, the
# guest's user program runs with the monitor still believing it is the guest kernel, and the last line says
# "S-mode (wrong ...)". Nothing crashed: the guest silently misbehaves, which is the point.
#
# Guest calls into the monitor (ecall from U-mode, delegated to S): a7 = 0 done, 1 print the string at a0,
# 2 the virtual mode (0 U, 1 S) in a0. SIMPLIFICATION: monitor and guest share one stack, and a call keeps
# only s0..s11, sp and gp of the guest (it is written to expect that).
#
# Run: npm run emu -- --firmware monitor firmware/examples/deprivileged.S

  .include "lib/sbi.S"

  .equ SRET_WORD, 0x10200073         # sret's encoding: funct12 0x102, SYSTEM
  .equ CAUSE_ILLEGAL, 2
  .equ CAUSE_ECALL_FROM_U, 8
  .equ SSTATUS_SPP, 1 << 8

  .section .text.init
  .globl _start
_start:                              # S-mode: the monitor
  la sp, stack_top
  la t0, monitor_trap
  csrw stvec, t0
  print msg_start
  li t0, 1                           # the guest starts as a kernel: virtual S-mode
  la t1, vmode
  sd t0, 0(t1)
  li t0, SSTATUS_SPP                 # SPP = U: the sret below enters U-mode
  csrc sstatus, t0
  la t0, guest_kernel
  csrw sepc, t0
  sret

# ---------- the guest kernel: runs in U-mode, written as if it ran in S-mode ----------
guest_kernel:
  la a0, msg_guest_kernel
  li a7, 1
  ecall
guest_sret:
  sret                               # "return to my user program": sensitive, and in U-mode it traps
guest_user:
  li a7, 2                           # which mode does the monitor think I am in?
  ecall
  mv s0, a0
  la a0, msg_guest_user
  li a7, 1
  ecall
  la a0, msg_mode_u
  beqz s0, 1f
  la a0, msg_mode_s
1:
  li a7, 1
  ecall
  li a7, 0
  ecall

# ---------- the monitor's trap handler (S-mode) ----------
  .balign 4
monitor_trap:
  csrr t0, scause
  li t1, CAUSE_ECALL_FROM_U
  beq t0, t1, guest_call
  li t1, CAUSE_ILLEGAL
  bne t0, t1, unexpected
  csrr t0, stval
  li t1, SRET_WORD
  bne t0, t1, unexpected
  # Emulate the guest's sret: its virtual mode becomes U. (A full monitor would also move the guest's
  # virtual SPIE into its SIE and jump to its virtual sepc; this guest's is the next instruction.)
  la t0, vmode
  sd zero, 0(t0)
  print msg_emulated
  j next_instruction

guest_call:
  beqz a7, finish
  li t0, 2
  beq a7, t0, get_mode
  call puts                          # 1: print the guest's string (no paging: its address is ours)
  j next_instruction
get_mode:
  la t0, vmode
  ld a0, 0(t0)
next_instruction:
  csrr t0, sepc                      # past the ecall or the sret (both 4 bytes)
  addi t0, t0, 4
  csrw sepc, t0
  sret

unexpected:
  print msg_unexpected
finish:
  print msg_end
  sbi_shutdown

  .include "lib/print.S"

  .section .rodata
msg_start:
  .string "monitor: running the guest kernel deprivileged, in U-mode\n"
msg_guest_kernel:
  .string "guest kernel: hello; now sret to my user program\n"
msg_emulated:
  .string "monitor: the guest's sret trapped; emulated it: virtual mode S -> U\n"
msg_guest_user:
  .string "guest user program: the monitor says I run in virtual "
msg_mode_u:
  .string "U-mode (right)\n"
msg_mode_s:
  .string "S-mode (wrong: the monitor never saw the sret)\n"
msg_unexpected:
  .string "monitor: unexpected trap\n"
msg_end:
  .string "monitor: guest finished\n"

  .section .data
  .balign 8
vmode:
  .dword 1

  .section .bss
  .balign 16
  .space 4096
stack_top:
