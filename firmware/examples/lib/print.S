# lib/print.S: console output for the examples, one byte per SBI call (legacy console_putchar, EID 0x01,
# which every SBI implementation has). Include it at the end of an example. Each function follows the
# calling convention: it may change a0..a7 and t0..t6, keeps s0..s11 and sp.

# Print the byte in a0.
putc:
  li a7, SBI_LEGACY_CONSOLE_PUTCHAR
  ecall
  ret

# Print the NUL-terminated string at a0.
puts:
  addi sp, sp, -16
  sd ra, 0(sp)
  sd s0, 8(sp)
  mv s0, a0
1:
  lbu a0, 0(s0)
  beqz a0, 2f
  call putc
  addi s0, s0, 1
  j 1b
2:
  ld ra, 0(sp)
  ld s0, 8(sp)
  addi sp, sp, 16
  ret

# Print a0 as "0x" and hexadecimal digits, without leading zeros.
put_hex:
  addi sp, sp, -32
  sd ra, 0(sp)
  sd s0, 8(sp)
  sd s1, 16(sp)
  mv s0, a0
  li a0, '0'
  call putc
  li a0, 'x'
  call putc
  li s1, 60                          # the shift of the highest digit that is not a leading zero
1:
  beqz s1, 2f
  srl t0, s0, s1
  bnez t0, 2f
  addi s1, s1, -4
  j 1b
2:
  srl a0, s0, s1
  andi a0, a0, 15
  li t0, 10
  bltu a0, t0, 3f
  addi a0, a0, 'a' - 10
  j 4f
3:
  addi a0, a0, '0'
4:
  call putc
  addi s1, s1, -4
  bgez s1, 2b
  ld ra, 0(sp)
  ld s0, 8(sp)
  ld s1, 16(sp)
  addi sp, sp, 32
  ret

# Print a0 (unsigned) in decimal: the digits go into a buffer on the stack, lowest first, then out.
put_dec:
  addi sp, sp, -48
  sd ra, 0(sp)
  sd s0, 8(sp)
  addi s0, sp, 48                    # one past the buffer at sp + 16..47
  li t1, 10
1:
  remu t0, a0, t1
  addi t0, t0, '0'
  addi s0, s0, -1
  sb t0, 0(s0)
  divu a0, a0, t1
  bnez a0, 1b
2:
  lbu a0, 0(s0)
  call putc
  addi s0, s0, 1
  addi t0, sp, 48
  bne s0, t0, 2b
  ld ra, 0(sp)
  ld s0, 8(sp)
  addi sp, sp, 48
  ret
