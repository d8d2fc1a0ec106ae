# sbi-lib.S: the functions the SBI test payloads share (S-mode), included at the end of a payload:
#   puts, putc, put_dec, put_hex, and print_result: print " error=<a0, decimal> value=0x<a1, hex>\n".
# Printing goes through the legacy console_putchar (EID 0x01), which every SBI implementation has.

# Print the NUL-terminated string at a0.
puts:
  addi sp, sp, -16
  sd ra, 0(sp)
  sd s0, 8(sp)
  mv s0, a0
1:
  lbu a0, 0(s0)
  beqz a0, 2f
  li a7, 0x01
  ecall
  addi s0, s0, 1
  j 1b
2:
  ld ra, 0(sp)
  ld s0, 8(sp)
  addi sp, sp, 16
  ret

putc:
  li a7, 0x01
  ecall
  ret

# Print a0 (a small signed number) in decimal: the SBI error codes are 0 and -1..-13.
put_dec:
  addi sp, sp, -16
  sd ra, 0(sp)
  sd s0, 8(sp)
  mv s0, a0
  bgez s0, 1f
  li a0, '-'
  call putc
  neg s0, s0
1:
  li t0, 10
  bltu s0, t0, 2f
  divu a0, s0, t0
  addi a0, a0, '0'
  call putc
  li t0, 10
  remu s0, s0, t0
2:
  addi a0, s0, '0'
  call putc
  ld ra, 0(sp)
  ld s0, 8(sp)
  addi sp, sp, 16
  ret

# Print a0 in hexadecimal, without leading zeros.
put_hex:
  addi sp, sp, -32
  sd ra, 0(sp)
  sd s0, 8(sp)
  sd s1, 16(sp)
  mv s0, a0
  li s1, 60
1:
  srl t0, s0, s1
  bnez t0, 2f
  beqz s1, 2f
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

print_result:
  addi sp, sp, -32
  sd ra, 0(sp)
  sd s0, 8(sp)
  sd s1, 16(sp)
  mv s0, a0
  mv s1, a1
  print_str str_error
  mv a0, s0
  call put_dec
  print_str str_value
  mv a0, s1
  call put_hex
  li a0, '\n'
  call putc
  ld ra, 0(sp)
  ld s0, 8(sp)
  ld s1, 16(sp)
  addi sp, sp, 32
  ret

  .section .rodata
str_error:
  .asciz " error="
str_value:
  .asciz " value=0x"
  .section .text
