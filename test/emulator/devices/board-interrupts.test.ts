/**
 * The UART's interrupt travelling the whole board, as an interrupt-driven console driver (Linux's 8250,
 * OpenSBI's uart8250 with interrupts) uses it: UART -> PLIC source 10 -> context 0 (mip.MEIP, M-mode) or
 * context 1 (mip.SEIP, delegated to S-mode) -> trap -> claim, IIR dispatch, complete.
 *
 * One bare-metal program, built with the GNU assembler, transmits a banner from THR-empty interrupts, then
 * switches to received-data interrupts and echoes its input in upper case until a newline, where it passes
 * through the test finisher. Any unexpected trap cause or claimed source fails with a code saying which.
 * The expected console text follows from the program alone (banner + upper-cased input); the same ELF also
 * runs on QEMU 7.2 virt (`-bios none`, input on stdin), which must print the same text and exit the same way.
 * The program serves one event per interrupt (one byte sent or received), so every byte needs a completion
 * and a fresh claim. The text does not depend on when QEMU's input arrives: the program checks LSR.DR and
 * tolerates claims that find nothing to do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLIC_BASE, TEST_FINISHER_BASE, UART0_BASE, UART0_IRQ } from '../../../emulator/board/memory-map';
import { loadElf } from '../../../emulator/loader/elf';
import { Machine } from '../../../emulator/machine';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';

const AS = 'riscv64-unknown-elf-as';
const LD = 'riscv64-unknown-elf-ld';
const QEMU = 'qemu-system-riscv64';

const BANNER = 'hartscope: uart irq\n';
const INPUT = 'echo Me, 42 times!\n';
/** What the program must print: the banner, then the input up to the newline with a-z upper-cased. */
const EXPECTED = BANNER + 'ECHO ME, 42 TIMES!';

/** Failure codes the program reports through the finisher ((code << 16) | 0x3333). */
const FAIL_CAUSE = 2; // a trap other than the expected external interrupt
const FAIL_CLAIM = 3; // the PLIC handed out a source other than the UART's

/**
 * `smode`: 0 = serve the interrupt in M-mode from context 0 (mcause 11, machine external); 1 = delegate it
 * and serve it in S-mode from context 1 (scause 9, supervisor external).
 */
function program(smode: 0 | 1): string {
  const ctx = smode;
  const hex = (n: number): string => `0x${n.toString(16)}`;
  return `
  .equ SMODE, ${smode}
  .equ UART, ${hex(UART0_BASE)}
  .equ FINISHER, ${hex(TEST_FINISHER_BASE)}
  .equ PLIC_PRIORITY_UART, ${hex(PLIC_BASE + 4 * UART0_IRQ)}
  .equ PLIC_ENABLE, ${hex(PLIC_BASE + 0x2000 + 0x80 * ctx)}
  .equ PLIC_CONTEXT, ${hex(PLIC_BASE + 0x20_0000 + 0x1000 * ctx)}
  .option norvc
  .section .text.init
  .globl _start
_start:
  la t0, fail_trap
  csrw mtvec, t0
  la s1, banner
  li s2, UART
  li s3, PLIC_CONTEXT
  # PLIC: enable source ${UART0_IRQ} for this context, threshold 0, and the priority last (QEMU 7.2
  # re-evaluates its outputs after a priority write, not after an enable write).
  li t0, PLIC_ENABLE
  li t1, 1 << ${UART0_IRQ}
  sw t1, 0(t0)
  sw zero, 0(s3)
  li t0, PLIC_PRIORITY_UART
  li t1, 1
  sw t1, 0(t0)
.if SMODE
  # Let S-mode reach all memory (PMP entry 0: NAPOT over everything, RWX), delegate the supervisor external
  # interrupt, enable it in sie, and enter S-mode at s_start with sstatus.SIE set by the code there.
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  li t0, 1 << 9
  csrw mideleg, t0
  la t0, trap
  csrw stvec, t0
  li t0, 3 << 11
  csrc mstatus, t0
  li t0, 1 << 11
  csrs mstatus, t0
  la t0, s_start
  csrw mepc, t0
  mret
s_start:
  li t0, 1 << 9
  csrs sie, t0
  csrsi sstatus, 2
.else
  la t0, trap
  csrw mtvec, t0
  li t0, 1 << 11
  csrs mie, t0
  csrsi mstatus, 8
.endif
  # Start transmitting the way Linux's 8250 driver does: turn on the THR-empty interrupt.
  li t0, 0x02
  sb t0, 1(s2)
idle:
  wfi
  j idle

  .balign 4
trap:
.if SMODE
  csrr t0, scause
  li t1, (1 << 63) | 9
.else
  csrr t0, mcause
  li t1, (1 << 63) | 11
.endif
  bne t0, t1, fail_cause
  lw t2, 4(s3)
  beqz t2, done
  li t1, ${UART0_IRQ}
  bne t2, t1, fail_claim
  # One event per interrupt, so that every byte needs a completion and a new claim.
  lbu t0, 2(s2)
  andi t1, t0, 1
  bnez t1, complete
  andi t0, t0, 0x0e
  li t1, 0x02
  beq t0, t1, thr_empty
  lbu t0, 5(s2)
  andi t0, t0, 1
  beqz t0, complete
  lbu a0, 0(s2)
  li t1, 10
  beq a0, t1, pass
  li t1, 'a'
  blt a0, t1, 1f
  li t1, 'z'
  bgt a0, t1, 1f
  addi a0, a0, -32
1:
  lbu t0, 5(s2)
  andi t0, t0, 0x20
  beqz t0, 1b
  sb a0, 0(s2)
  j complete
thr_empty:
  lbu a0, 0(s1)
  beqz a0, banner_done
  sb a0, 0(s2)
  addi s1, s1, 1
  j complete
banner_done:
  li t0, 0x01
  sb t0, 1(s2)
complete:
  sw t2, 4(s3)
done:
.if SMODE
  sret
.else
  mret
.endif

pass:
  li t1, 0x5555
  j finish
fail_claim:
  li t1, (${FAIL_CLAIM} << 16) | 0x3333
  j finish
fail_cause:
fail_trap:
  li t1, (${FAIL_CAUSE} << 16) | 0x3333
finish:
  li t0, FINISHER
  sw t1, 0(t0)
2:
  j 2b

  .section .rodata
banner: .asciz "${BANNER.replace('\n', '\\n')}"
`;
}

const LINKER_SCRIPT = `OUTPUT_ARCH(riscv)
ENTRY(_start)
SECTIONS {
  . = 0x80000000;
  .text : { *(.text.init) *(.text*) }
  .rodata : { *(.rodata*) }
}
`;

const missing = [AS, LD, QEMU].filter((t) => !hasTool(t));
for (const t of missing) console.warn(toolMissingMessage(t));

describe.skipIf(missing.length > 0)(
  'UART interrupts through the PLIC to the hart (against QEMU 7.2 virt)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-board-irq-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function build(smode: 0 | 1): string {
      const base = join(dir, `irq-${smode ? 's' : 'm'}`);
      writeFileSync(`${base}.S`, program(smode));
      writeFileSync(join(dir, 'link.ld'), LINKER_SCRIPT);
      run(AS, ['-march=rv64imac_zicsr_zifencei', '-mabi=lp64', '-o', `${base}.o`, `${base}.S`]);
      run(LD, ['-T', join(dir, 'link.ld'), '-o', `${base}.elf`, `${base}.o`]);
      return `${base}.elf`;
    }

    function onHartscope(elf: string): { output: string; stop: string } {
      const machine = new Machine();
      let output = '';
      machine.onConsoleOutput = (b) => (output += String.fromCharCode(b));
      machine.load(loadElf(new Uint8Array(readFileSync(elf))));
      machine.uart.receive(new TextEncoder().encode(INPUT));
      const r = machine.run(200_000);
      return { output, stop: r.kind === 'exit' ? `exit ${r.code} via ${r.via}` : r.kind };
    }

    function onQemu(elf: string): { output: string; status: number } {
      const args = ['-machine', 'virt', '-bios', 'none', '-m', '128M', '-nographic', '-monitor', 'none'];
      const r = run(QEMU, [...args, '-serial', 'stdio', '-kernel', elf], {
        input: INPUT,
        timeoutMs: 20_000,
        allowFailure: true,
      });
      return { output: r.stdout, status: r.status };
    }

    for (const [smode, title] of [
      [0, 'context 0 raises mip.MEIP: served in M-mode (mcause = interrupt 11)'],
      [1, 'context 1 raises mip.SEIP: delegated and served in S-mode (scause = interrupt 9)'],
    ] as const) {
      it(title, () => {
        const elf = build(smode);
        const ours = onHartscope(elf);
        expect(ours).toEqual({ output: EXPECTED, stop: 'exit 0 via finisher' });
        const qemu = onQemu(elf);
        expect(qemu).toEqual({ output: EXPECTED, status: 0 });
      });
    }
  },
);
