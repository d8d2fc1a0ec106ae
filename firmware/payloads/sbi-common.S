# sbi-common.S: an S-mode payload that calls the SBI functions whose results the SBI specification fixes,
# whoever implements it, and prints each result. The test runs it under hartscope's monitor and under
# OpenSBI on QEMU and expects the same transcript, byte for byte.

  .include "sbi-macros.S"

  .equ EXT_BASE, 0x10
  .equ EXT_TIME, 0x54494D45
  .equ EXT_IPI, 0x735049
  .equ EXT_RFENCE, 0x52464E43
  .equ EXT_HSM, 0x48534D
  .equ EXT_SRST, 0x53525354
  .equ SIP_SSIP, 1 << 1
  .equ SIP_STIP, 1 << 5
  .equ SIE_STIE, 1 << 5
  .equ SSTATUS_SIE, 1 << 1

  .macro probe name, eid
  print_str \name
  li a0, \eid
  sbi_call EXT_BASE, 3
  call print_result
  .endm

  .section .text
  .globl _start
_start:
  la sp, stack_top
  la t0, s_trap
  csrw stvec, t0
  print_str msg_begin
  mv s2, a0
  mv s3, a1
  print_str msg_hartid               # a0 at entry: the hart id (0)
  mv a0, s2
  call put_hex
  li a0, '\n'
  call putc

  probe msg_probe_base, EXT_BASE
  probe msg_probe_time, EXT_TIME
  probe msg_probe_ipi, EXT_IPI
  probe msg_probe_rfence, EXT_RFENCE
  probe msg_probe_hsm, EXT_HSM
  probe msg_probe_srst, EXT_SRST
  probe msg_probe_legacy_putchar, 0x01
  probe msg_probe_none, 0x08000000

  print_str msg_unknown_eid
  sbi_call 0x08000000, 0
  call print_result
  print_str msg_unknown_fid
  sbi_call EXT_BASE, 0x100
  call print_result

  print_str msg_hsm0
  li a0, 0
  sbi_call EXT_HSM, 2
  call print_result

  print_str msg_rfence
  li a0, 1
  li a1, 0
  sbi_call EXT_RFENCE, 0
  call print_result

  # An IPI to ourselves arrives as a pending supervisor software interrupt (sip.SSIP); sie.SSIE is 0, so
  # it stays pending and we can see it.
  print_str msg_ipi
  li a0, 1
  li a1, 0
  sbi_call EXT_IPI, 0
  call print_result
  print_str msg_ssip
  csrr a0, sip
  andi a0, a0, SIP_SSIP
  call put_hex
  li a0, '\n'
  call putc
  li t0, SIP_SSIP
  csrc sip, t0

  # The timer: ask for an interrupt a little in the future, wait for it with interrupts on, and count.
  print_str msg_timer
  csrr a0, time
  addi a0, a0, 100
  sbi_call EXT_TIME, 0
  call print_result
  # Wait with sstatus.SIE off: wfi still wakes for an interrupt enabled in sie, and the interrupt is then
  # taken when SIE goes on. (Turning SIE on before wfi could take it just before wfi, which then sleeps.)
  li s4, 0
  li t0, SIE_STIE
  csrs sie, t0
1:
  wfi
  csrs sstatus, SSTATUS_SIE
  csrc sstatus, SSTATUS_SIE
  beqz s4, 1b
  print_str msg_ticked
  # The handler asked for "never" (all ones): STIP must be clear now.
  csrr a0, sip
  andi a0, a0, SIP_STIP
  call put_hex
  li a0, '\n'
  call putc

  print_str msg_end
  li a0, 0                           # shutdown
  li a1, 0                           # no reason
  sbi_call EXT_SRST, 0
  print_str msg_still_here
1:
  j 1b

# The S-mode trap handler: only the supervisor timer interrupt is expected.
  .balign 4
s_trap:
  addi sp, sp, -64
  sd ra, 0(sp)
  sd a0, 8(sp)
  sd a1, 16(sp)
  sd a6, 24(sp)
  sd a7, 32(sp)
  sd t0, 40(sp)
  csrr t0, scause
  li a0, -1
  sbi_call EXT_TIME, 0               # no next event: this also clears sip.STIP
  li s4, 1
  ld ra, 0(sp)
  ld a0, 8(sp)
  ld a1, 16(sp)
  ld a6, 24(sp)
  ld a7, 32(sp)
  ld t0, 40(sp)
  addi sp, sp, 64
  sret

  .include "sbi-lib.S"

  .section .rodata
msg_begin: .asciz "BEGIN sbi-common\n"
msg_hartid: .asciz "hart id 0x"
msg_probe_base: .asciz "probe BASE"
msg_probe_time: .asciz "probe TIME"
msg_probe_ipi: .asciz "probe IPI"
msg_probe_rfence: .asciz "probe RFENCE"
msg_probe_hsm: .asciz "probe HSM"
msg_probe_srst: .asciz "probe SRST"
msg_probe_legacy_putchar: .asciz "probe legacy console_putchar"
msg_probe_none: .asciz "probe 0x08000000"
msg_unknown_eid: .asciz "call EID 0x08000000"
msg_unknown_fid: .asciz "call BASE FID 0x100"
msg_hsm0: .asciz "hart_get_status(0)"
msg_rfence: .asciz "remote_fence_i(self)"
msg_ipi: .asciz "send_ipi(self)"
msg_ssip: .asciz "sip.SSIP after send_ipi 0x"
msg_timer: .asciz "set_timer(now + 100)"
msg_ticked: .asciz "timer interrupt taken; sip.STIP after set_timer(-1) 0x"
msg_end: .asciz "END\n"
msg_still_here: .asciz "system_reset returned\n"

  .section .bss
  .balign 16
  .space 4096
stack_top:
