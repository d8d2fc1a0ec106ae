# echo.S: reads the console through the SBI and echoes each line, until a line says "exit".
# Linker script: payload.ld
#
# What to watch: the program polls the legacy console_getchar (EID 0x02), which answers at once with the
# next byte the UART received, or -1 when none is waiting: each poll is an ecall into the firmware and
# back. Every byte it gets it prints back (a carriage return as a newline, as a terminal sends Enter), and
# it keeps the current line to compare with "exit".
# SIMPLIFICATION: the SBI console has no end-of-file, so after the input ends the program keeps polling
# (the runner stops it with --max-insns, or Ctrl-A x on a terminal).
#
# Run: npm run emu -- --firmware monitor firmware/examples/echo.S   (type lines; "exit" ends)
#  or  printf 'hello\nexit\n' | npm run -s emu -- --firmware monitor firmware/examples/echo.S

  .include "lib/sbi.S"

  .equ LINE_MAX, 80

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  print msg_start
new_line:
  la s0, line                        # s0: where the next byte of the line goes
next_byte:
  sbi_call SBI_LEGACY_CONSOLE_GETCHAR, 0
  bltz a0, next_byte                 # -1: nothing received yet; ask again
  li t0, '\r'
  bne a0, t0, 1f
  li a0, '\n'
1:
  mv s1, a0
  call putc                          # echo it
  li t0, '\n'
  beq s1, t0, end_of_line
  la t0, line + LINE_MAX
  beq s0, t0, next_byte              # the line is full: echo, but keep no more
  sb s1, 0(s0)
  addi s0, s0, 1
  j next_byte

end_of_line:
  sb zero, 0(s0)
  la a0, line
  la a1, word_exit
  call streq
  beqz a0, new_line
  print msg_bye
  sbi_shutdown

# a0 = 1 when the NUL-terminated strings at a0 and a1 are equal, else 0.
streq:
  lbu t0, 0(a0)
  lbu t1, 0(a1)
  bne t0, t1, 2f
  beqz t0, 1f
  addi a0, a0, 1
  addi a1, a1, 1
  j streq
1:
  li a0, 1
  ret
2:
  li a0, 0
  ret

  .include "lib/print.S"

  .section .rodata
msg_start: .string "echo: type a line and Enter; \"exit\" ends\n"
msg_bye: .string "bye\n"
word_exit: .string "exit"

  .section .bss
line:
  .space LINE_MAX + 1
  .balign 16
  .space 4096
stack_top:
