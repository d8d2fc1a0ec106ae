# timer.S: periodic supervisor timer interrupts, asked of the firmware through the SBI.
# Linker script: payload.ld
#
# What to watch: S-mode cannot program the timer itself (mtimecmp belongs to M-mode), so it calls SBI
# set_timer(time + INTERVAL). When mtime reaches that value the machine timer fires in M-mode; the
# firmware passes it on as a supervisor timer interrupt (sip.STIP), and the hart jumps to stvec here with
# scause = 0x8000000000000005 (interrupt, cause 5). Between ticks the hart sleeps in `wfi`. Watch the
# trap timeline: each tick is two traps, M-mode's then S-mode's. After TICKS ticks the program shuts down.
#
# Run: npm run emu -- --firmware monitor firmware/examples/timer.S

  .include "lib/sbi.S"

  .equ TICKS, 5
  .equ INTERVAL, 100000              # mtime ticks: 10 ms at QEMU virt's 10 MHz timebase
  .equ SIE_STIE, 1 << 5              # sie: supervisor timer interrupt enable
  .equ SSTATUS_SIE, 1 << 1           # sstatus: interrupts on in S-mode
  .equ IRQ_S_TIMER, 5

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  la t0, on_trap
  csrw stvec, t0                     # direct mode: every trap to S-mode comes to on_trap
  print msg_start
  li s0, 0                           # s0: ticks so far
  call next_tick
  li t0, SIE_STIE
  csrs sie, t0                       # this interrupt may come...
  li t0, SSTATUS_SIE
  csrs sstatus, t0                   # ...and interrupts are on in S-mode
idle:
  wfi                                # sleep until an interrupt is pending
  j idle

# set_timer(now + INTERVAL): the time CSR is read with rdtime. Calling set_timer also clears the pending
# timer interrupt (SBI spec 6.1), which is how the handler acknowledges the tick.
next_tick:
  rdtime a0
  li t0, INTERVAL
  add a0, a0, t0
  sbi_call SBI_EXT_TIME, 0
  ret

# The trap handler. The interrupted code is only the idle loop, which keeps nothing in registers, so the
# handler may use any of them without saving them (a real kernel saves them all: see kernel.S).
  .balign 4
on_trap:
  csrr t0, scause
  bgez t0, unexpected                # the top bit says interrupt; an exception here would be a bug
  slli t0, t0, 1
  srli t0, t0, 1
  li t1, IRQ_S_TIMER
  bne t0, t1, unexpected
  addi s0, s0, 1
  print msg_tick
  mv a0, s0
  call put_dec
  li a0, '\n'
  call putc
  li t0, TICKS
  beq s0, t0, finish
  call next_tick
  sret                               # back to the idle loop, with interrupts on again (SPIE)

finish:
  print msg_done
  sbi_shutdown

unexpected:
  print msg_unexpected
  csrr a0, scause
  call put_hex
  li a0, '\n'
  call putc
  li a7, SBI_LEGACY_SHUTDOWN
  ecall

  .include "lib/print.S"

  .section .rodata
msg_start: .string "timer: 5 ticks, one every 100000 ticks of mtime\n"
msg_tick: .string "tick "
msg_done: .string "done\n"
msg_unexpected: .string "unexpected trap, scause "

  .section .bss
  .balign 16
  .space 4096
stack_top:
