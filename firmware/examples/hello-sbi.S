# hello-sbi.S: hello from S-mode (supervisor mode), where an operating system kernel runs.
# Linker script: payload.ld
#
# What to watch: the program starts at 0x80200000 in S-mode, entered by the firmware (hartscope's monitor,
# or OpenSBI), never in M-mode. It cannot touch the UART the way the bare-metal hello.S does from M-mode;
# it asks the firmware with `ecall` (an SBI call). Step over an ecall and see the privilege mode go to M
# and come back: the firmware printed for it. Two ways to print:
#   - the debug console extension (DBCN), if the firmware has it: the whole line in one call;
#   - the legacy console_putchar: one call, one trap into M-mode, per byte.
# The program asks the firmware whether it has DBCN (BASE probe_extension) and uses it when it does;
# hartscope's monitor has it, the OpenSBI 1.1 of QEMU 7.2 and Debian 12 does not. The output is the same.
#
# Run: npm run emu -- --firmware monitor firmware/examples/hello-sbi.S

  .include "lib/sbi.S"

  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  # probe_extension(DBCN): a1 = 0 when the firmware does not implement it.
  li a0, SBI_EXT_DBCN
  sbi_call SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION
  beqz a1, 1f
  # debug_console_write(num_bytes, base_addr_lo, base_addr_hi): the firmware copies the bytes out itself.
  la a1, msg_hello
  la a0, msg_hello_end
  sub a0, a0, a1
  li a2, 0
  sbi_call SBI_EXT_DBCN, 0
  j 2f
1:
  print msg_hello                    # no DBCN: byte by byte
2:
  print msg_legacy                   # legacy console_putchar, one ecall per byte
  sbi_shutdown                       # SRST system_reset: the run ends with exit code 0

  .include "lib/print.S"

  .section .rodata
msg_hello:
  .ascii "Hello from hartscope! This is S-mode, printing through the SBI.\n"
msg_hello_end:
  .byte 0
msg_legacy:
  .string "And this line went one byte per ecall (legacy console_putchar).\n"

  .section .bss
  .balign 16
  .space 4096
stack_top:
