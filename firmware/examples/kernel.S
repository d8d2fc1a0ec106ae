# kernel.S: a miniature kernel. Two tasks in U-mode make system calls; the kernel switches between them.
# Linker script: payload.ld
#
# What to watch: the tasks run in U-mode and can do nothing but compute and `ecall`. An ecall from U-mode
# (scause 8) comes to the kernel's trap handler in S-mode directly: the firmware delegated it (medeleg),
# so M-mode never sees it. The kernel saves every register of the task into the task's record, serves the
# call, and returns with sret into whichever task runs next, its registers put back. The system calls use
# Linux's numbers (a7) and registers (a0, a1...):
#   write(a0 = buffer, a1 = length) = 64    the kernel prints the bytes, through the SBI (S -> M)
#   yield() = 124                           the next task runs
#   exit(a0 = code) = 93                    the task ends
# So a line of output crosses two boundaries: U -> S (the task's ecall) and S -> M (the kernel's SBI ecall).
# Watch the privilege mode and, in a task, s0: the kernel switches tasks, yet each task's loop counter in
# s0 survives, because the kernel saved it and put it back.
# SIMPLIFICATION: tasks switch only when they yield (cooperative); no timer preemption, no paging (the
# tasks see physical memory, and the kernel trusts the buffers they pass).
#
# Run: npm run emu -- --firmware monitor firmware/examples/kernel.S

  .include "lib/sbi.S"

  .equ SYS_WRITE, 64
  .equ SYS_EXIT, 93
  .equ SYS_YIELD, 124
  .equ CAUSE_USER_ECALL, 8
  .equ SSTATUS_SPP, 1 << 8
  # A task's record: its registers x1..x31 at 8 * n, then its pc, whether it can run, its name.
  .equ TASK_PC, 32 * 8
  .equ TASK_RUNNABLE, 33 * 8
  .equ TASK_NAME, 34 * 8
  .equ TASK_SIZE, 35 * 8
  .equ TASK_A0, 10 * 8
  .equ TASK_A1, 11 * 8
  .equ TASK_A7, 17 * 8
  .equ NTASKS, 2

  .section .text.init
  .globl _start
_start:
  la sp, kernel_stack_top
  la t0, on_trap
  csrw stvec, t0
  print msg_start
  # Task records: pc, stack pointer (x2), runnable, name.
  la s0, tasks
  la t0, task_a
  sd t0, TASK_PC(s0)
  la t0, stack_a_top
  sd t0, 2 * 8(s0)
  li t0, 1
  sd t0, TASK_RUNNABLE(s0)
  li t0, 'A'
  sd t0, TASK_NAME(s0)
  addi s0, s0, TASK_SIZE
  la t0, task_b
  sd t0, TASK_PC(s0)
  la t0, stack_b_top
  sd t0, 2 * 8(s0)
  li t0, 1
  sd t0, TASK_RUNNABLE(s0)
  li t0, 'B'
  sd t0, TASK_NAME(s0)
  # sret will enter U-mode (SPP = 0).
  li t0, SSTATUS_SPP
  csrc sstatus, t0
  la a0, tasks
  j switch_to

# ---- the tasks, in U-mode ----
task_a:
  li s0, 3                           # three turns
1:
  la a0, msg_a
  la a1, msg_a_end
  sub a1, a1, a0
  li a7, SYS_WRITE
  ecall
  li a7, SYS_YIELD
  ecall
  addi s0, s0, -1
  bnez s0, 1b
  li a0, 0
  li a7, SYS_EXIT
  ecall

task_b:
  li s0, 3
1:
  la a0, msg_b
  la a1, msg_b_end
  sub a1, a1, a0
  li a7, SYS_WRITE
  ecall
  li a7, SYS_YIELD
  ecall
  addi s0, s0, -1
  bnez s0, 1b
  li a0, 7
  li a7, SYS_EXIT
  ecall

# ---- the kernel ----
# Every trap from a task comes here. While a task runs, sscratch holds its record; tp is swapped with it
# so that there is a register to save the others with.
  .balign 4
on_trap:
  csrrw tp, sscratch, tp             # tp = the task's record, sscratch = the task's tp
  sd x1, 1 * 8(tp)
  sd x2, 2 * 8(tp)
  sd x3, 3 * 8(tp)
  sd x5, 5 * 8(tp)
  sd x6, 6 * 8(tp)
  sd x7, 7 * 8(tp)
  sd x8, 8 * 8(tp)
  sd x9, 9 * 8(tp)
  sd x10, 10 * 8(tp)
  sd x11, 11 * 8(tp)
  sd x12, 12 * 8(tp)
  sd x13, 13 * 8(tp)
  sd x14, 14 * 8(tp)
  sd x15, 15 * 8(tp)
  sd x16, 16 * 8(tp)
  sd x17, 17 * 8(tp)
  sd x18, 18 * 8(tp)
  sd x19, 19 * 8(tp)
  sd x20, 20 * 8(tp)
  sd x21, 21 * 8(tp)
  sd x22, 22 * 8(tp)
  sd x23, 23 * 8(tp)
  sd x24, 24 * 8(tp)
  sd x25, 25 * 8(tp)
  sd x26, 26 * 8(tp)
  sd x27, 27 * 8(tp)
  sd x28, 28 * 8(tp)
  sd x29, 29 * 8(tp)
  sd x30, 30 * 8(tp)
  sd x31, 31 * 8(tp)
  csrr t0, sscratch
  sd t0, 4 * 8(tp)                   # the task's own tp
  csrr t0, sepc
  sd t0, TASK_PC(tp)
  mv s0, tp                          # s0: the current task's record, for the rest of the kernel
  la sp, kernel_stack_top            # the kernel's own stack

  csrr t0, scause
  li t1, CAUSE_USER_ECALL
  bne t0, t1, unexpected
  ld t0, TASK_PC(s0)                 # sepc is the ecall itself: resume after it
  addi t0, t0, 4
  sd t0, TASK_PC(s0)
  ld t0, TASK_A7(s0)
  li t1, SYS_WRITE
  beq t0, t1, sys_write
  li t1, SYS_YIELD
  beq t0, t1, sys_yield
  li t1, SYS_EXIT
  beq t0, t1, sys_exit
  li t0, -38                         # -ENOSYS, as Linux answers an unknown call
  sd t0, TASK_A0(s0)
  mv a0, s0
  j switch_to

# write(buffer, length): print the bytes; the result (a0) is the number written.
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
  mv a0, s0
  j switch_to

sys_yield:
  j schedule

sys_exit:
  sd zero, TASK_RUNNABLE(s0)
  print msg_task
  ld a0, TASK_NAME(s0)
  call putc
  print msg_exited
  ld a0, TASK_A0(s0)
  call put_dec
  li a0, '\n'
  call putc
  j schedule

# Round robin: the next runnable task after the current one (the current one last); none left: shut down.
schedule:
  la s1, tasks
  sub t0, s0, s1
  li t1, TASK_SIZE
  divu s2, t0, t1                    # s2: the current task's index
  li s3, 1                           # s3: how far ahead to look
1:
  add t0, s2, s3
  li t1, NTASKS
  remu t0, t0, t1
  li t1, TASK_SIZE
  mul t0, t0, t1
  add a0, s1, t0
  ld t0, TASK_RUNNABLE(a0)
  bnez t0, switch_to
  addi s3, s3, 1
  li t1, NTASKS
  bleu s3, t1, 1b
  print msg_done
  sbi_shutdown

# Return to U-mode into the task whose record is at a0: its pc into sepc, its registers back, its record
# into sscratch for the next trap. tp goes last: it points at the record until then.
switch_to:
  mv tp, a0
  ld t0, TASK_PC(tp)
  csrw sepc, t0
  csrw sscratch, tp
  ld x1, 1 * 8(tp)
  ld x2, 2 * 8(tp)
  ld x3, 3 * 8(tp)
  ld x5, 5 * 8(tp)
  ld x6, 6 * 8(tp)
  ld x7, 7 * 8(tp)
  ld x8, 8 * 8(tp)
  ld x9, 9 * 8(tp)
  ld x10, 10 * 8(tp)
  ld x11, 11 * 8(tp)
  ld x12, 12 * 8(tp)
  ld x13, 13 * 8(tp)
  ld x14, 14 * 8(tp)
  ld x15, 15 * 8(tp)
  ld x16, 16 * 8(tp)
  ld x17, 17 * 8(tp)
  ld x18, 18 * 8(tp)
  ld x19, 19 * 8(tp)
  ld x20, 20 * 8(tp)
  ld x21, 21 * 8(tp)
  ld x22, 22 * 8(tp)
  ld x23, 23 * 8(tp)
  ld x24, 24 * 8(tp)
  ld x25, 25 * 8(tp)
  ld x26, 26 * 8(tp)
  ld x27, 27 * 8(tp)
  ld x28, 28 * 8(tp)
  ld x29, 29 * 8(tp)
  ld x30, 30 * 8(tp)
  ld x31, 31 * 8(tp)
  ld tp, 4 * 8(tp)
  sret

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
msg_start: .string "kernel: starting tasks A and B in U-mode\n"
msg_a: .ascii "task A: hello from U-mode, through write()\n"
msg_a_end:
msg_b: .ascii "task B: hello from U-mode too\n"
msg_b_end:
msg_task: .string "kernel: task "
msg_exited: .string " exited with code "
msg_done: .string "kernel: no tasks left; shutting down\n"
msg_unexpected: .string "kernel: unexpected trap, scause "

  .section .bss
  .balign 16
tasks:
  .space NTASKS * TASK_SIZE
  .balign 16
  .space 4096
kernel_stack_top:
  .space 1024
stack_a_top:
  .space 1024
stack_b_top:
