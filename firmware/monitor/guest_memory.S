# guest_memory.S: reading and writing memory as the payload sees it, for the handlers of emulate_*.S.
#
# The payload's addresses are virtual when it has paging on (satp), and PMP keeps parts of memory from it.
# The monitor runs in M-mode, where neither applies. The privileged spec's answer is mstatus.MPRV (3.1.6.3):
# while it is set, M-mode's loads and stores are translated and checked as if made in the mode that
# mstatus.MPP names, which, right after a trap from the payload, is the mode the payload was in. So every
# access below sets MPRV around one load or store and clears it again at once (the monitor's own stack must
# not be reached through the payload's eyes). Instruction fetches are not affected by MPRV.
#
# Such an access can fault: a page the payload has not mapped, or an address where nothing is. The fault
# traps into M-mode again (traps never go to a less privileged mode), trap_from_monitor resumes at the
# address in monitor_fault_resume, and the fault is passed to S-mode as the payload's own, with stval = the
# address that faulted, as OpenSBI does. The payload's page fault handler can then map the page and return
# to the instruction, which traps again and is emulated this time.
#
# Every routine here uses only a0, a1 and t0..t3, and expects sp at the trap frame.

# a0 = the instruction at the payload's pc (FRAME_MEPC), zero-extended: 16 bits for a compressed one, 32
# otherwise. The handlers need it because mtval holds the address for a misaligned access, not the
# instruction. Read as two halves, since a 4-byte instruction may start 2 bytes before a page boundary;
# mstatus.MXR lets a load read a page the payload may only execute.
read_guest_instruction:
  la t0, monitor_fault_resume
  la t1, guest_fetch_fault
  sd t1, 0(t0)
  ld t1, FRAME_MEPC(sp)
  li t2, MSTATUS_MPRV | MSTATUS_MXR
  csrrs t3, mstatus, t2              # t3: mstatus as it was, to put back (the payload's own MXR)
  lhu a0, 0(t1)
  andi t2, a0, 3
  li a1, 3
  bne t2, a1, 1f                     # low bits 11 mark a 32-bit instruction; anything else is compressed
  lhu a1, 2(t1)
  slli a1, a1, 16
  or a0, a0, a1
1:
  csrw mstatus, t3
  sd zero, 0(t0)
  ret

# A fault while reading the instruction: to the payload it is a fault on fetching its instruction, so an
# instruction access fault (1) or instruction page fault (12) rather than the load fault the monitor took.
guest_fetch_fault:
  li t0, MSTATUS_MPRV | MSTATUS_MXR
  csrc mstatus, t0                   # first of all: the monitor's loads and stores are its own again
  la t0, monitor_fault_resume
  sd zero, 0(t0)
  csrr a0, mcause
  csrr a1, mtval
  li t0, CAUSE_LOAD_PAGE_FAULT
  li t1, CAUSE_FETCH_PAGE_FAULT
  beq a0, t0, 1f
  li t1, CAUSE_FETCH_ACCESS
1:
  mv a0, t1
  call redirect_trap
  j trap_return

# Byte accesses for the emulation of misaligned ones. Before the first, the caller sets
# monitor_fault_resume to guest_data_fault (guest_access_begin), and clears it after the last
# (guest_access_end).
guest_access_begin:
  la t0, monitor_fault_resume
  la t1, guest_data_fault
  sd t1, 0(t0)
  ret

guest_access_end:
  la t0, monitor_fault_resume
  sd zero, 0(t0)
  ret

# a0 = the byte at the payload's address a0.
guest_load_byte:
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  lbu a0, 0(a0)
  csrc mstatus, t0
  ret

# The byte a1 to the payload's address a0.
guest_store_byte:
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  sb a1, 0(a0)
  csrc mstatus, t0
  ret

# A fault on a byte: it is the payload's load or store fault, at that byte's address (mcause and mtval say
# which); the instruction is not completed, and mepc still points at it.
guest_data_fault:
  li t0, MSTATUS_MPRV
  csrc mstatus, t0                   # first of all: the monitor's loads and stores are its own again
  la t0, monitor_fault_resume
  sd zero, 0(t0)
  call redirect_to_supervisor
  j trap_return

# a0 = the payload's register x[a0], from the trap frame (slot n holds xn; x0 is always 0).
frame_read_reg:
  beqz a0, 1f
  slli a0, a0, 3
  add a0, a0, sp
  ld a0, 0(a0)
1:
  ret

# The payload's register x[a0] = a1, in the trap frame (trap_return loads it); writes to x0 are dropped.
frame_write_reg:
  beqz a0, 1f
  slli a0, a0, 3
  add a0, a0, sp
  sd a1, 0(a0)
1:
  ret

# Step over the emulated instruction: the payload resumes a0 bytes (its length) after it.
frame_advance_pc:
  ld t0, FRAME_MEPC(sp)
  add t0, t0, a0
  sd t0, FRAME_MEPC(sp)
  ret
