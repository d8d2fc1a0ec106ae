# paging.S: Sv39 virtual memory. The S-mode kernel builds a three-level page table, turns paging on with
# satp, and from then on every address it uses is virtual.
# Linker script: payload.ld
#
# What to watch: the page table maps
#   virtual 0x80000000..0xbfffffff  -> physical, the same (one 1 GiB page: this program, its stack, its tables)
#   virtual 0x40000000 (4 KiB)      -> physical `vpage`, through root[1] -> l1[0] -> l0[0]: NOT the same
# The kernel writes a message at virtual 0x40000000 and reads it back there; the same bytes are at vpage's
# physical address. Then it loads from virtual 0x40001000, which no PTE maps: a load page fault (scause 13;
# the firmware delegates page faults to S-mode, stval = the address). The handler maps that page
# (l0[1] -> `vpage2`), runs sfence.vma and returns to the load, which now succeeds: demand paging.
# In the memory pane, switch to "Virtual (satp)" and go to 0x40000000: the selected byte shows its walk.
#
# Run: npm run emu -- --firmware monitor firmware/examples/paging.S

  .include "lib/sbi.S"

  .equ CAUSE_LOAD_PAGE_FAULT, 13
  .equ PTE_V, 0x01               # a PTE with only V set points to the next level's table
  .equ LEAF_RW, 0xc7             # D A - - - W R V: a readable, writable data page (A and D set already)
  .equ LEAF_RWX, 0xcf            # D A - - X W R V: code and data
  .equ VIRT_PAGE, 0x40000000     # mapped onto vpage
  .equ VIRT_MISSING, 0x40001000  # not mapped until the page fault handler maps it

  .section .text.init
  .globl _start
_start:                          # S-mode, paging off (satp = Bare): addresses are physical
  la sp, stack_top
  print msg_start
  la t0, s_trap
  csrw stvec, t0

  # The root table: root[2] is a 1 GiB leaf (identity), root[1] points to l1.
  la s1, root
  li a0, 0x80000000
  li a1, LEAF_RWX
  call pte_for
  sd a0, 16(s1)                  # root[2]: VPN[2] = 2
  la a0, l1
  li a1, PTE_V
  call pte_for
  sd a0, 8(s1)                   # root[1] -> l1
  la a0, l0
  li a1, PTE_V
  call pte_for
  la t0, l1
  sd a0, 0(t0)                   # l1[0] -> l0
  la a0, vpage
  li a1, LEAF_RW
  call pte_for
  la t0, l0
  sd a0, 0(t0)                   # l0[0] -> vpage: virtual 0x40000000

  # satp = MODE 8 (Sv39) << 60 | the root table's physical page number. The next fetch is translated: this
  # code runs on because root[2] maps it where it is.
  srli t0, s1, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  print msg_satp
  csrr a0, satp
  call put_hex
  call newline

# ---- paging on: every address below is virtual ----
s_main:
  la a0, msg_mapped
  call puts
  la a0, vpage
  call put_hex
  call newline

  la a0, msg_payload             # copy the message to virtual 0x40000000, byte by byte
  li a1, VIRT_PAGE
1:
  lbu t0, 0(a0)
  sb t0, 0(a1)
  addi a0, a0, 1
  addi a1, a1, 1
  bnez t0, 1b
  la a0, msg_wrote
  call puts
  li a0, VIRT_PAGE
  call puts                      # read back through the mapping
  la a0, msg_physical
  call puts
  la a0, vpage
  call put_hex
  la a0, msg_colon
  call puts
  la a0, vpage                   # vpage's own address is identity-mapped: the physical bytes
  call puts

  la a0, msg_load
  call puts
  li t0, VIRT_MISSING
faulting_load:
  ld s0, 0(t0)                   # a page fault the first time; the handler maps the page and returns here
  la a0, msg_value
  call puts
  mv a0, s0
  call put_hex
  call newline
paging_done:                     # paging on, both pages mapped (the QEMU comparison test stops here)
  print msg_done
  sbi_shutdown                   # SRST system_reset: the run ends with exit code 0

# ---- S-mode trap handler: maps the missing page ----
  .align 2
s_trap:
  addi sp, sp, -128              # keep every register the interrupted code may use (print clobbers a0..a7, t0..t6)
  sd ra, 0(sp)
  sd t0, 8(sp)
  sd t1, 16(sp)
  sd t2, 24(sp)
  sd t3, 32(sp)
  sd t4, 40(sp)
  sd t5, 48(sp)
  sd t6, 56(sp)
  sd a0, 64(sp)
  sd a1, 72(sp)
  sd a2, 80(sp)
  sd a3, 88(sp)
  sd a4, 96(sp)
  sd a5, 104(sp)
  sd a6, 112(sp)
  sd a7, 120(sp)
  csrr t0, scause
  li t1, CAUSE_LOAD_PAGE_FAULT
  bne t0, t1, s_unexpected
  la a0, msg_fault
  call puts
  csrr a0, stval
  call put_hex
  call newline
  la a0, vpage2
  li a1, LEAF_RW
  call pte_for
  la t0, l0
  sd a0, 8(t0)                   # l0[1] -> vpage2: virtual 0x40001000
  sfence.vma                     # forget any cached "not mapped"
  la a0, msg_handled
  call puts
  la a0, vpage2
  call put_hex
  call newline
  ld ra, 0(sp)
  ld t0, 8(sp)
  ld t1, 16(sp)
  ld t2, 24(sp)
  ld t3, 32(sp)
  ld t4, 40(sp)
  ld t5, 48(sp)
  ld t6, 56(sp)
  ld a0, 64(sp)
  ld a1, 72(sp)
  ld a2, 80(sp)
  ld a3, 88(sp)
  ld a4, 96(sp)
  ld a5, 104(sp)
  ld a6, 112(sp)
  ld a7, 120(sp)
  addi sp, sp, 128
  sret                           # sepc is the load: it runs again

s_unexpected:
  print msg_unexpected
  li a0, 0                       # SRST system_reset(shutdown, reason 1 = system failure)
  li a1, 1
  sbi_call SBI_EXT_SRST, 0

# pte_for(a0 = physical address, a1 = flags): a0 = the PTE, PPN (address >> 12) in bits 53:10.
pte_for:
  srli a0, a0, 12
  slli a0, a0, 10
  or a0, a0, a1
  ret

newline:
  li a0, '\n'
  j putc

  .include "lib/print.S"

  .section .rodata
msg_start:
  .string "paging.S: S-mode builds Sv39 page tables and turns paging on\n"
msg_satp:
  .string "satp = "
msg_mapped:
  .string "S-mode: virtual 0x40000000 is mapped to physical "
msg_payload:
  .string "Hello through a virtual page!\n"
msg_wrote:
  .string "wrote through virtual 0x40000000, read back: "
msg_physical:
  .string "the same bytes at physical "
msg_colon:
  .string ": "
msg_load:
  .string "load from virtual 0x40001000 (no PTE maps it yet)\n"
msg_fault:
  .string "page fault: scause 0xd, stval "
msg_handled:
  .string "handler: mapped it to physical "
msg_value:
  .string "the load ran again and read "
msg_done:
  .string "done\n"
msg_unexpected:
  .string "Unexpected trap.\n"

  .data
  .balign 4096
vpage2:                          # the page the fault handler maps at virtual 0x40001000
  .dword 0x0123456789abcdef
  .zero 4088

  .bss
  .balign 16
  .space 4096
stack_top:
  .balign 4096
root:
  .zero 4096
l1:
  .zero 4096
l0:
  .zero 4096
vpage:                           # the page behind virtual 0x40000000
  .zero 4096
