/**
 * A probe of MMIO behaviour on QEMU: a list of accesses (and reads of mip) becomes a bare-metal program that
 * performs them in order on `qemu-system-riscv64 -machine virt -bios none`, notes each value read and each
 * access fault, and prints the notes through the UART once the list is done. Used by qemu-devices.test.ts
 * to hold hartscope's devices to QEMU's answers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_FINISHER_BASE, UART0_BASE } from '../../../emulator/board/memory-map';
import type { AccessWidth } from '../../../emulator/devices/device';
import { run } from '../../helpers/tools';

export const AS = 'riscv64-unknown-elf-as';
export const LD = 'riscv64-unknown-elf-ld';
export const QEMU = 'qemu-system-riscv64';

export type Op =
  | { kind: 'r'; addr: number; width: AccessWidth }
  | { kind: 'w'; addr: number; width: AccessWidth; value: number }
  | { kind: 'mip' };

const U = UART0_BASE;
const F = TEST_FINISHER_BASE;

/** One record per op: the value read (0 for writes) and 1 + mcause if the access trapped, else 0. */
export interface Result {
  value: bigint;
  fault: number;
}

const LOAD = { 1: 'lbu', 2: 'lhu', 4: 'lwu', 8: 'ld' } as const;
const STORE = { 1: 'sb', 2: 'sh', 4: 'sw', 8: 'sd' } as const;
const DUMP_MARK = '=DUMP=\n';

function program(ops: Op[]): string {
  const body: string[] = [];
  for (const op of ops) {
    body.push('  li t1, 0', '  li t3, 0');
    if (op.kind === 'mip') body.push('  csrr t1, mip', '  li t2, 0xa00', '  and t1, t1, t2');
    else {
      body.push(`  li t0, 0x${op.addr.toString(16)}`);
      if (op.kind === 'w')
        body.push(`  li t1, 0x${(op.value >>> 0).toString(16)}`, `  ${STORE[op.width]} t1, 0(t0)`);
      else body.push(`  ${LOAD[op.width]} t1, 0(t0)`);
      if (op.kind === 'w') body.push('  li t1, 0');
    }
    body.push('  sd t1, 0(s0)', '  sd t3, 8(s0)', '  addi s0, s0, 16');
  }
  return `
  .option norvc
  .section .text.init
  .globl _start
_start:
  la t0, trap
  csrw mtvec, t0
  la s0, results
${body.join('\n')}
  # Put the UART back to plain polled output before printing the results.
  li t0, 0x${U.toString(16)}
  li t1, 0x03
  sb t1, 3(t0)
  li t1, 0x08
  sb t1, 4(t0)
  sb zero, 1(t0)
  la a1, mark
  call puts
  la s0, results
  li s1, ${ops.length * 2}
1:
  ld a1, 0(s0)
  call puthex
  addi s0, s0, 8
  addi s1, s1, -1
  bnez s1, 1b
  li t0, 0x${F.toString(16)}
  li t1, 0x5555
  sw t1, 0(t0)
2:
  j 2b

# An access that faults: note 1 + mcause in t3 and go on after it (every instruction is 4 bytes).
  .balign 4
trap:
  csrr t3, mcause
  addi t3, t3, 1
  csrr t4, mepc
  addi t4, t4, 4
  csrw mepc, t4
  mret

putc:
  li t0, 0x${U.toString(16)}
3:
  lbu t1, 5(t0)
  andi t1, t1, 0x20
  beqz t1, 3b
  sb a0, 0(t0)
  ret

puts:
  mv a5, ra
4:
  lbu a0, 0(a1)
  beqz a0, 5f
  call putc
  addi a1, a1, 1
  j 4b
5:
  jr a5

# puthex: a1 as 16 hex digits and a newline.
puthex:
  mv a5, ra
  li a2, 60
6:
  srl a0, a1, a2
  andi a0, a0, 15
  li a3, 10
  blt a0, a3, 7f
  addi a0, a0, 39
7:
  addi a0, a0, 48
  call putc
  addi a2, a2, -4
  bgez a2, 6b
  li a0, 10
  call putc
  jr a5

  .section .rodata
mark: .asciz "${DUMP_MARK.replace('\n', '\\n')}"
  .section .bss
  .balign 8
results: .space ${ops.length * 16}
`;
}

const LINKER_SCRIPT = `OUTPUT_ARCH(riscv)
ENTRY(_start)
SECTIONS {
  . = 0x80000000;
  .text : { *(.text.init) *(.text*) }
  .rodata : { *(.rodata*) }
  .bss : ALIGN(16) { *(.bss*) }
}
`;

/** Run the script on QEMU: the bytes sent during the script, and the records printed after it. */
export function runOnQemu(dir: string, ops: Op[]): { sent: string; results: Result[] } {
  writeFileSync(join(dir, 'devices.S'), program(ops));
  writeFileSync(join(dir, 'link.ld'), LINKER_SCRIPT);
  run(AS, [
    '-march=rv64imac_zicsr_zifencei',
    '-mabi=lp64',
    '-o',
    join(dir, 'devices.o'),
    join(dir, 'devices.S'),
  ]);
  run(LD, ['-T', join(dir, 'link.ld'), '-o', join(dir, 'devices.elf'), join(dir, 'devices.o')]);
  const args = ['-machine', 'virt', '-bios', 'none', '-m', '128M', '-nographic', '-monitor', 'none'];
  const out = run(QEMU, [...args, '-serial', 'stdio', '-kernel', join(dir, 'devices.elf')], {
    timeoutMs: 20_000,
  });
  const at = out.stdout.indexOf(DUMP_MARK);
  if (at < 0) throw new Error(`QEMU printed no results:\n${out.stdout}`);
  const lines = out.stdout
    .slice(at + DUMP_MARK.length)
    .trim()
    .split('\n');
  const results: Result[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    results.push({ value: BigInt(`0x${lines[i]}`), fault: Number(BigInt(`0x${lines[i + 1]}`)) });
  }
  return { sent: out.stdout.slice(0, at), results };
}

export const describeOp = (op: Op): string =>
  op.kind === 'mip'
    ? 'csrr mip'
    : `${op.kind === 'r' ? LOAD[op.width] : STORE[op.width]} 0x${op.addr.toString(16)}` +
      (op.kind === 'w' ? ` <- 0x${(op.value >>> 0).toString(16)}` : '');
