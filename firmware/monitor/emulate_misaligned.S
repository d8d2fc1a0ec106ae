# emulate_misaligned.S: misaligned loads and stores, done byte by byte for a hart that does not do them.
#
# A load or store is misaligned when its address is not a multiple of its size (an `ld` from 0x...3). The
# ISA lets hardware either perform it or raise an address-misaligned exception (unprivileged spec 2.6;
# mcause 4 for loads, 6 for stores), and many cores choose the exception to keep their memory pipeline
# simple. Software must not notice, so M-mode firmware completes the access: this is trap and emulate, the
# idea every virtual machine monitor is built on. hartscope performs them unless the machine is told to
# trap them (misalignedAccess: 'trap'); then this handler runs.
#
# Steps, as OpenSBI's sbi_misaligned_ldst.c takes them:
#   1. read the instruction at mepc (mtval holds the misaligned address, not the instruction);
#   2. decode it: which register, how many bytes, sign- or zero-extended, and its own length (2 or 4);
#   3. do the access one byte at a time (bytes are never misaligned) as the payload would see memory;
#   4. write the loaded value into the payload's register in the trap frame, and step mepc over the
#      instruction.
# What it does not recognise (LR, SC and AMOs, which must be aligned: there is nothing to emulate) goes to
# S-mode as the exception it is.
# SIMPLIFICATION: no floating-point loads and stores (flw, fld, fsw, fsd and their compressed forms): the
# hart has no F or D extension yet.

emulate_misaligned:
  mv s0, ra
  call read_guest_instruction
  call decode_load_store
  beqz a1, 9f                        # not an instruction this handler emulates
  mv s1, a0                          # s1: the register (rd of a load, rs2 of a store)
  mv s2, a1                          # s2: the access size in bytes
  mv s3, a2                          # s3: 1 for a sign-extending load
  mv s4, a3                          # s4: the instruction's length
  csrr s5, mtval                     # s5: the address, as the payload gave it (virtual with paging on)
  csrr t0, mcause
  li t1, CAUSE_MISALIGNED_STORE
  beq t0, t1, emulate_misaligned_store
  bnez a4, 9f                        # a load's trap, but a store instruction: cannot happen; hand it on

# The load: gather the bytes lowest address first (so a fault names the first byte that is not there, as
# OpenSBI's does); little-endian, byte i is bits 8i+7..8i of the value.
emulate_misaligned_load:
  call guest_access_begin
  li s6, 0                           # s6: the value
  li s7, 0                           # s7: bytes loaded so far
1:
  add a0, s5, s7
  call guest_load_byte
  slli t0, s7, 3
  sll a0, a0, t0
  or s6, s6, a0
  addi s7, s7, 1
  bne s7, s2, 1b
  call guest_access_end
  # Sign extension for lh and lw (and c.lw, c.lwsp): move the top byte's sign bit to bit 63, and back.
  beqz s3, 2f
  li t0, 8
  sub t0, t0, s2
  slli t0, t0, 3                     # 64 - 8 * size
  sll s6, s6, t0
  sra s6, s6, t0
2:
  mv a0, s1
  mv a1, s6
  call frame_write_reg
  j 8f

# The store: the register's bytes, lowest first, each to the next address.
emulate_misaligned_store:
  beqz a4, 9f                        # a store's trap, but a load instruction: hand it on
  mv a0, s1
  call frame_read_reg
  mv s6, a0                          # s6: the value, shifted right one byte per store
  call guest_access_begin
  li s7, 0                           # s7: bytes stored so far
1:
  add a0, s5, s7
  mv a1, s6
  call guest_store_byte
  srli s6, s6, 8
  addi s7, s7, 1
  bne s7, s2, 1b
  call guest_access_end

8:
  mv a0, s4
  call frame_advance_pc
  mv ra, s0
  ret
9:
  mv ra, s0
  j redirect_to_supervisor

# Decode the instruction in a0 as an integer load or store. Returns a0 = its register (rd or rs2), a1 = the
# access size in bytes (0 when it is not a load or store this file emulates), a2 = 1 when the load sign-
# extends, a3 = the instruction's length, a4 = 1 for a store. Field positions: unprivileged spec, chapter 2
# (I- and S-type) and chapter 16 (the compressed CL, CS, CI and CSS formats; c.lw's rd' and rs2' name
# x8..x15 in three bits).
decode_load_store:
  li a2, 0
  li a4, 0
  andi t0, a0, 3
  li t1, 3
  bne t0, t1, decode_compressed
  li a3, 4
  andi t0, a0, 0x7f                  # opcode
  srli t1, a0, 12
  andi t1, t1, 7                     # funct3: bits 1..0 = log2(size), bit 2 = unsigned (loads)
  andi t2, t1, 3
  li a1, 1
  sll a1, a1, t2                     # size = 1 << (funct3 & 3)
  li t2, 0x03                        # LOAD: lh, lw, ld, lhu, lwu (lb, lbu are never misaligned)
  beq t0, t2, 1f
  li t2, 0x23                        # STORE: sh, sw, sd
  bne t0, t2, decode_none
  li a4, 1
  srli a0, a0, 20                    # rs2 = bits 24..20
  andi a0, a0, 31
  ret
1:
  srli t2, t1, 2
  xori a2, t2, 1                     # funct3 bit 2 clear: sign-extend
  srli a0, a0, 7                     # rd = bits 11..7
  andi a0, a0, 31
  ret

decode_compressed:
  li a3, 2
  srli t1, a0, 13                    # funct3 = bits 15..13: 010 word load, 011 double load,
  andi t1, t1, 7                     # 110 word store, 111 double store, in quadrants 0 and 2 alike
  andi t2, t1, 3
  li a1, 2
  blt t2, a1, decode_none            # funct3 x00, x01: not an integer load or store
  li a1, 4
  li t2, 3
  and t3, t1, t2
  bne t3, t2, 1f
  li a1, 8                           # low funct3 bits 11: the doubleword forms
1:
  srli a4, t1, 2                     # funct3 bit 2: a store
  xori a2, a4, 1
  li t2, 8
  bne a1, t2, 2f
  li a2, 0                           # an 8-byte load has nothing to extend
2:
  beqz t0, 3f                        # quadrant 0: c.lw, c.ld, c.sw, c.sd
  li t2, 2
  bne t0, t2, decode_none            # quadrant 1 has no loads or stores
  # Quadrant 2, the stack-pointer forms: c.lwsp and c.ldsp load rd (bits 11..7), c.swsp and c.sdsp store
  # rs2 (bits 6..2).
  srli t1, a0, 7
  bnez a4, 4f
  andi a0, t1, 31
  ret
4:
  srli a0, a0, 2
  andi a0, a0, 31
  ret
3:
  # Quadrant 0: rd' (loads) and rs2' (stores) are both bits 4..2, naming x8..x15.
  srli a0, a0, 2
  andi a0, a0, 7
  addi a0, a0, 8
  ret

decode_none:
  li a1, 0
  ret
