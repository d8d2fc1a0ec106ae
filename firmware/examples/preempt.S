# preempt.S: preemption. Three U-mode tasks that never give the hart back; the timer takes it from them.
# Linker script: payload.ld
#
# What to watch: tasks A, B and C run the same code in U-mode, told apart only by their registers. None of
# them ever calls yield: each prints its letter and its turn number, then spins. Yet they take turns,
# because before the kernel lets a task run it asks the firmware (SBI set_timer) for a supervisor timer
# interrupt QUANTUM ticks of mtime later. When it comes, the hart leaves the task wherever it was (an
# interrupt, scause 0x8000000000000005, sepc = the next instruction of the task) and enters the kernel at
# stvec. In U-mode the task cannot refuse: S-mode interrupts are always on below S-mode, whatever
# sstatus.SIE says. The kernel saves all 31 registers of the task into the task's record, counts the tick
# in `jiffies` (Linux's name for it), asks for the next interrupt, and restores the next task's registers.
# Watch s1 (the letter), s2 (the turn count) and s3 (the last tick seen) in each task: they live only in
# registers, so they survive only because the kernel put them back. Watch the trap timeline: a tick is
# an M-mode timer interrupt, passed to S-mode as the supervisor timer interrupt.
# SIMPLIFICATION: no paging (the tasks see physical memory and read `jiffies` directly, where a real kernel
# would share one read-only page, as Linux's vDSO does); the kernel trusts the buffers tasks pass to write.
#
# The transcript is the same on every run of hartscope, whose mtime counts instructions: each turn is far
# longer than a task needs to print, so every tick finds the task spinning. (Under wall-clock time, as on
# QEMU, a task could in principle lose a turn when the host stalls the emulator.)
#
# Run: npm run emu -- --firmware monitor firmware/examples/preempt.S

  .include "lib/sbi.S"

  .equ NTASKS, 3
  .equ QUANTUM, 50000                # mtime ticks per turn: 5 ms at QEMU virt's 10 MHz timebase
  .equ TICKS, 12                     # timer interrupts before the kernel stops: four turns each
  .equ SYS_WRITE, 64                 # Linux's number, as in kernel.S
  .equ CAUSE_USER_ECALL, 8
  .equ IRQ_S_TIMER, 5
  .equ SIE_STIE, 1 << 5              # sie: supervisor timer interrupt enable
  .equ SSTATUS_SPP, 1 << 8
  # A task's record: its registers x1..x31 at 8 * n, then its pc.
  .equ TASK_PC, 32 * 8
  .equ TASK_SIZE, 33 * 8
  .equ TASK_SP, 2 * 8
  .equ TASK_A0, 10 * 8
  .equ TASK_A1, 11 * 8
  .equ TASK_A7, 17 * 8

  .section .text.init
  .globl _start
_start:
  la sp, kernel_stack_top
  la t0, on_trap
  csrw stvec, t0
  print msg_start
  # Each task's record: pc = task, its own stack, and a0 = its letter (the task's only argument).
  la s0, tasks
  la s1, task_stacks + 1024
  li s2, 'A'
1:
  la t0, task
  sd t0, TASK_PC(s0)
  sd s1, TASK_SP(s0)
  sd s2, TASK_A0(s0)
  addi s0, s0, TASK_SIZE
  addi s1, s1, 1024
  addi s2, s2, 1
  li t0, 'A' + NTASKS
  bne s2, t0, 1b
  # The timer may interrupt; sret will enter U-mode (SPP = 0). The kernel itself keeps sstatus.SIE off,
  # so it is never interrupted: a pending tick waits until the sret into a task.
  li t0, SIE_STIE
  csrs sie, t0
  li t0, SSTATUS_SPP
  csrc sstatus, t0
  la s0, tasks
  j run_task

# ---- the task, in U-mode: all three run this code, each with its own registers and stack ----
# It prints its letter and turn number once per turn: when `jiffies` has moved since it last looked, another
# task must have run. Then it spins. It never calls yield.
task:
  mv s1, a0                          # s1: the letter
  li s2, 0                           # s2: turns so far
  li s3, -1                          # s3: the tick it last saw
  la s4, jiffies
  addi sp, sp, -16                   # room for the three bytes it writes
spin:
  ld t0, 0(s4)
  beq t0, s3, spin                   # the same tick: keep spinning (where the timer almost always finds it)
  mv s3, t0
  addi s2, s2, 1
  # write("A1 "): three bytes on its own stack
  sb s1, 0(sp)
  addi t0, s2, '0'
  sb t0, 1(sp)
  li t0, ' '
  sb t0, 2(sp)
  mv a0, sp
  li a1, 3
  li a7, SYS_WRITE
  ecall
  j spin

# ---- the kernel ----
# Every trap from a task comes here. While a task runs, sscratch holds its record; tp is swapped with it
# so that there is a register to save the others with.
  .balign 4
on_trap:
  csrrw tp, sscratch, tp             # tp = the task's record, sscratch = the task's tp
  .irp n, 1,2,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sd x\n, \n * 8(tp)
  .endr
  csrr t0, sscratch
  sd t0, 4 * 8(tp)                   # the task's own tp
  csrr t0, sepc
  sd t0, TASK_PC(tp)                 # where the task resumes: the interrupted instruction, or the ecall
  mv s0, tp                          # s0: the current task's record, for the rest of the kernel
  la sp, kernel_stack_top            # the kernel's own stack

  csrr t0, scause
  bltz t0, interrupt                 # the top bit says interrupt
  li t1, CAUSE_USER_ECALL
  bne t0, t1, unexpected
  ld t0, TASK_PC(s0)                 # an ecall: resume after it
  addi t0, t0, 4
  sd t0, TASK_PC(s0)
  ld t0, TASK_A7(s0)
  li t1, SYS_WRITE
  beq t0, t1, sys_write
  li t0, -38                         # -ENOSYS, as Linux answers an unknown call
  sd t0, TASK_A0(s0)
  j run_task

# write(buffer, length): print the bytes; the result (a0) is the number written. The same task goes on.
sys_write:
  ld s1, TASK_A0(s0)
  ld s2, TASK_A1(s0)
  add s2, s1, s2
1:
  beq s1, s2, 2f
  lbu a0, 0(s1)
  call putc                          # an SBI call: S-mode -> M-mode and back
  addi s1, s1, 1
  j 1b
2:
  ld t0, TASK_A1(s0)
  sd t0, TASK_A0(s0)
  j run_task

# The timer: the current task's turn is over, wherever it was.
interrupt:
  slli t0, t0, 1
  srli t0, t0, 1
  li t1, IRQ_S_TIMER
  bne t0, t1, unexpected
  la t0, jiffies
  ld t1, 0(t0)
  addi t1, t1, 1
  sd t1, 0(t0)
  li t0, TICKS
  beq t1, t0, finish
  # Round robin: the next record, after the last one the first.
  addi s0, s0, TASK_SIZE
  la t0, tasks_end
  bltu s0, t0, run_task
  la s0, tasks
  # fall through

# Run the task whose record is at s0 for one turn: ask for the interrupt that ends the turn (set_timer also
# clears the pending one, SBI spec 6.1), then its pc into sepc, its registers back, its record into sscratch
# for the next trap. tp goes last: it points at the record until then.
run_task:
  rdtime a0
  li t0, QUANTUM
  add a0, a0, t0
  sbi_call SBI_EXT_TIME, 0
  mv tp, s0
  ld t0, TASK_PC(tp)
  csrw sepc, t0
  csrw sscratch, tp
  .irp n, 1,2,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  ld x\n, \n * 8(tp)
  .endr
  ld tp, 4 * 8(tp)
  sret

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
msg_start: .string "preempt: tasks A, B and C never yield; a timer interrupt every 50000 ticks switches them\n"
msg_done: .string "\nkernel: 12 timer interrupts, four turns each; shutting down\n"
msg_unexpected: .string "kernel: unexpected trap, scause "

  .section .bss
  .balign 16
jiffies:
  .space 8
tasks:
  .space NTASKS * TASK_SIZE
tasks_end:
  .balign 16
task_stacks:
  .space NTASKS * 1024
  .space 4096
kernel_stack_top:
