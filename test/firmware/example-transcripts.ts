/**
 * The whole transcript each example guest (firmware/examples/*.S) must print, written from what the program
 * is specified to do: instruction encodings from the spec's field layout, addresses from the program's own
 * symbols. Shared by the tests that run the examples under each firmware.
 */
import type { ProgramImage } from '../../emulator/image';

export const sym = (image: ProgramImage, name: string): number => {
  const s = image.symbols.find((x) => x.name === name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s.address;
};
const hex = (n: number): string => `0x${n.toString(16)}`;
const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');

/** csrrs rd, csr, x0 (csrr): csr << 20 | funct3 2 << 12 | rd << 7 | SYSTEM (0x73). */
const csrr = (rd: number, csr: number): number => ((csr << 20) | (2 << 12) | (rd << 7) | 0x73) >>> 0;

export interface Example {
  /** The whole transcript, from the program's image (for addresses). */
  expected: (image: ProgramImage) => string;
  input?: string;
  /**
   * The output depends on when timer interrupts come (preempt.S), so on QEMU, whose mtime is wall-clock time,
   * only its shape is checked; hartscope's mtime counts instructions, so there it is exact.
   */
  wallClock?: boolean;
}

const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));

export const EXAMPLES: Record<string, Example> = {
  'hello-sbi': {
    expected: () =>
      lines(
        'Hello from hartscope! This is S-mode, printing through the SBI.',
        'And this line went one byte per ecall (legacy console_putchar).',
      ),
  },
  fibonacci: {
    expected: () =>
      lines(
        'The first 20 Fibonacci numbers:',
        ...Array.from({ length: 20 }, (_, n) => `F(${n}) = ${fib(n)}`),
      ),
  },
  timer: {
    expected: () =>
      lines(
        'timer: 5 ticks, one every 100000 ticks of mtime',
        ...[1, 2, 3, 4, 5].map((n) => `tick ${n}`),
        'done',
      ),
  },
  traps: {
    expected: (p) =>
      lines(
        '1. csrr a0, mhartid in S-mode',
        // Illegal instruction (2): stval = the instruction, csrr a0 (x10), mhartid (0xf14).
        `   trap: scause 0x2 stval ${hex(csrr(10, 0xf14))} sepc ${hex(sym(p, 'illegal'))}`,
        '2. ebreak',
        // Breakpoint (3): QEMU 7.2 and hartscope leave stval 0 (the spec allows 0 or the pc).
        `   trap: scause 0x3 stval 0x0 sepc ${hex(sym(p, 'breakpoint'))}`,
        '3. ld from 0x28000000',
        // Load access fault (5): stval = the address. `li t0, 0x28000000` is one 4-byte lui before the ld.
        `   trap: scause 0x5 stval 0x28000000 sepc ${hex(sym(p, 'load') + 4)}`,
        'all three caught',
      ),
  },
  privileged: {
    expected: (p) => {
      const at = sym(p, 'user_program');
      const trap = (bits: number, pc: number): string =>
        `kernel: illegal instruction from U-mode, stval (its bits) ${hex(bits)} at sepc ${hex(pc)}`;
      return lines(
        'kernel: starting the user program in U-mode',
        trap(csrr(10, 0x100), at), // csrr a0, sstatus
        trap(0x10200073, at + 4), // sret (privileged spec, chapter "Instruction listings")
        trap(0x10500073, at + 8), // wfi
        'kernel: the user program called exit (ecall from U-mode)',
      );
    },
  },
  kernel: {
    expected: () => {
      const a = 'task A: hello from U-mode, through write()';
      const b = 'task B: hello from U-mode too';
      return lines(
        'kernel: starting tasks A and B in U-mode',
        a,
        b,
        a,
        b,
        a,
        b,
        'kernel: task A exited with code 0',
        'kernel: task B exited with code 7',
        'kernel: no tasks left; shutting down',
      );
    },
  },
  preempt: {
    // One "letter turn " per turn, round robin: A's first turn comes before any tick, each tick starts the
    // next task's turn, and the 12th tick (TICKS) ends C's fourth turn and the run.
    expected: () =>
      lines(
        'preempt: tasks A, B and C never yield; a timer interrupt every 50000 ticks switches them',
        [1, 2, 3, 4].flatMap((turn) => ['A', 'B', 'C'].map((task) => `${task}${turn} `)).join(''),
        'kernel: 12 timer interrupts, four turns each; shutting down',
      ),
    wallClock: true,
  },
  emulate: {
    expected: () =>
      lines(
        'emulate: a misaligned load, a misaligned store and two reads of time',
        // bytes = 00 11 22 ... ff: the doubleword at +1, little-endian.
        'ld from bytes+1: 0x8877665544332211',
        // 0x0123456789abcdef stored at +11 (ef first): bytes 8..15 = 88 99 aa ef cd ab 89 67.
        'after sd to bytes+11, the doubleword at bytes+8: 0x6789abcdefaa9988',
        'the second rdtime is later than the first: yes',
      ),
  },
  // The monitor traps and emulates the guest kernel's sret (illegal in U-mode, privileged spec "SRET").
  deprivileged: {
    expected: () =>
      lines(
        'monitor: running the guest kernel deprivileged, in U-mode',
        'guest kernel: hello; now sret to my user program',
        "monitor: the guest's sret trapped; emulated it: virtual mode S -> U",
        'guest user program: the monitor says I run in virtual U-mode (right)',
        'monitor: guest finished',
      ),
  },
  echo: {
    input: 'hello\rworld\nexit\n',
    expected: () => lines('echo: type a line and Enter; "exit" ends', 'hello', 'world', 'exit', 'bye'),
  },
  paging: {
    // satp = MODE 8 (Sv39) << 60 | root's page number; the two data pages' physical addresses by symbol.
    expected: (image) => {
      const satp = (8n << 60n) | BigInt(sym(image, 'root') >>> 12);
      const message = 'Hello through a virtual page!';
      return lines(
        'paging.S: S-mode builds Sv39 page tables and turns paging on',
        `satp = 0x${satp.toString(16)}`,
        `S-mode: virtual 0x40000000 is mapped to physical ${hex(sym(image, 'vpage'))}`,
        `wrote through virtual 0x40000000, read back: ${message}`,
        `the same bytes at physical ${hex(sym(image, 'vpage'))}: ${message}`,
        'load from virtual 0x40001000 (no PTE maps it yet)',
        'page fault: scause 0xd, stval 0x40001000',
        `handler: mapped it to physical ${hex(sym(image, 'vpage2'))}`,
        'the load ran again and read 0x123456789abcdef',
        'done',
      );
    },
  },
};
