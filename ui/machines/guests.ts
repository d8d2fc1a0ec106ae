/**
 * Guests for the Machines view besides the examples: programs that misbehave on purpose (spin, flood the
 * console, crash into a trap loop) and one that prints a steady heartbeat, so that one machine's trouble can
 * be seen not to reach the others. Bare metal (M-mode from 0x8000_0000, the examples' link.ld layout).
 */
const UART = `
  .equ UART, 0x10000000
  .equ UART_LSR, 5
  .equ LSR_THRE, 0x20

# putc(a0): wait for the transmitter, then send one byte. Clobbers t0, t1.
putc:
  li t0, UART
1:lbu t1, UART_LSR(t0)
  andi t1, t1, LSR_THRE
  beqz t1, 1b
  sb a0, 0(t0)
  ret
`;

export interface Guest {
  file: string;
  /** What the user sees in the menu. */
  label: string;
  text: string;
}

export const GUESTS: readonly Guest[] = [
  {
    file: 'heartbeat.S',
    label: 'heartbeat (a line every ~5 M instructions)',
    text: `# heartbeat.S: prints "beat N" forever, with about 5 million instructions of work between lines.
  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  li s0, 0                     # s0: the beat number
beat:
  li a0, 'b'
  call putc
  li a0, 'e'
  call putc
  li a0, 'a'
  call putc
  li a0, 't'
  call putc
  li a0, ' '
  call putc
  mv a0, s0
  call putdec
  li a0, '\\n'
  call putc
  addi s0, s0, 1
  li s1, 2500000               # two instructions a turn
1:addi s1, s1, -1
  bnez s1, 1b
  j beat

# putdec(a0): the unsigned number in decimal. Uses a 24-byte buffer on the stack.
putdec:
  addi sp, sp, -32
  sd ra, 24(sp)
  mv t2, sp                    # digits are stored backwards from sp + 20
  addi t3, sp, 20
  li t4, 10
2:remu t5, a0, t4
  addi t5, t5, '0'
  addi t3, t3, -1
  sb t5, 0(t3)
  divu a0, a0, t4
  bnez a0, 2b
  addi t6, sp, 20
3:lbu a0, 0(t3)
  call putc
  addi t3, t3, 1
  bne t3, t6, 3b
  ld ra, 24(sp)
  addi sp, sp, 32
  ret
${UART}`,
  },
  {
    file: 'count.S',
    label: 'count (0 to 59, slowly, dirtying 64 pages a number: migrate it)',
    text: `# count.S: prints 0,1,2,...,59. then exits. Between two numbers it writes the number into 64 pages
# of a buffer (so a live migration has pages to send again) and counts down 3 million (two
# instructions a turn): about 6 million instructions a number, some tens of milliseconds.
  .equ COUNT, 60
  .equ DIRTY, 64
  .equ DELAY, 3000000
  .equ FINISHER, 0x100000
  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  li s0, 0                     # s0: the number
number:
  la t0, buffer                # write s0 into the first word of each of DIRTY pages
  li t1, DIRTY
  li t2, 4096
1:sw s0, 0(t0)
  add t0, t0, t2
  addi t1, t1, -1
  bnez t1, 1b
  li s1, DELAY
2:addi s1, s1, -1
  bnez s1, 2b
  mv a0, s0
  call putdec
  addi s0, s0, 1
  li t0, COUNT
  beq s0, t0, done
  li a0, 44                    # ','
  call putc
  j number
done:
  li a0, '.'
  call putc
  li a0, '\\n'
  call putc
  li t0, FINISHER
  li t1, 0x5555                # the test finisher: exit 0
  sw t1, 0(t0)
3:j 3b

# putdec(a0): the unsigned number in decimal. Uses a 24-byte buffer on the stack.
putdec:
  addi sp, sp, -32
  sd ra, 24(sp)
  addi t3, sp, 20
  li t4, 10
4:remu t5, a0, t4
  addi t5, t5, '0'
  addi t3, t3, -1
  sb t5, 0(t3)
  divu a0, a0, t4
  bnez a0, 4b
  addi t6, sp, 20
5:lbu a0, 0(t3)
  call putc
  addi t3, t3, 1
  bne t3, t6, 5b
  ld ra, 24(sp)
  addi sp, sp, 32
  ret
${UART}
  .bss
  .balign 4096
buffer: .zero 4096 * DIRTY
`,
  },
  {
    file: 'spin.S',
    label: 'spin (loops forever, prints nothing)',
    text: `# spin.S: one instruction, jumping to itself, forever.
  .section .text.init
  .globl _start
_start:
  j _start
`,
  },
  {
    file: 'flood.S',
    label: 'flood (prints as fast as it can)',
    text: `# flood.S: fills the console as fast as the UART takes bytes, forever.
  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  la s0, msg
1:lbu a0, 0(s0)
  beqz a0, _start
  call putc
  addi s0, s0, 1
  j 1b
${UART}
  .section .rodata
msg: .asciz "flood! flood! flood! flood! flood!\\n"
`,
  },
  {
    file: 'crash.S',
    label: 'crash (jumps to address 0: a trap loop)',
    text: `# crash.S: says so, then jumps where there is no memory. The fetch faults; the trap vector (mtvec = 0,
# never set) is no memory either, so every trap entry faults again: the hart is stuck, trapping forever.
  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  li a0, 'X'
  call putc
  li a0, '\\n'
  call putc
  csrw mtvec, zero
  jr zero
${UART}`,
  },
];
