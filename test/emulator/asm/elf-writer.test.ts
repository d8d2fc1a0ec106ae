/**
 * The ELF writer: hartscope's own loader reads back the same image, and QEMU runs the file as it runs a GNU
 * one (the program prints through the UART and exits through the test finisher).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import { writeElf } from '../../../emulator/asm/elf-writer';
import { loadElf } from '../../../emulator/loader/elf';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';

const HELLO = `
  .equ UART, 0x10000000
  .globl _start
  .type _start, @function
_start:
  la a0, msg
  li t0, UART
1: lbu t1, 0(a0)
  beqz t1, 2f
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
2: li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
  j .
  .section .rodata
msg: .string "written by hartscope\\n"
  .data
counter: .dword 7
  .bss
buffer: .zero 32
`;

const QEMU = 'qemu-system-riscv64';
if (!hasTool(QEMU)) console.warn(toolMissingMessage(QEMU));

describe('ELF writer', () => {
  const result = assemble(HELLO);
  it('loadElf reads back the entry, the segments and the symbols', () => {
    expect(result.errors).toEqual([]);
    const back = loadElf(writeElf(result));
    const image = result.image!;
    expect(back.entry).toBe(image.entry);
    expect(
      back.segments.map((s) => [s.address, s.memSize, s.flags, Buffer.from(s.data).toString('hex')]),
    ).toEqual(
      image.segments.map((s) => [s.address, s.memSize, s.flags, Buffer.from(s.data).toString('hex')]),
    );
    expect(back.symbols).toEqual(image.symbols);
    expect(image.symbols.find((s) => s.name === '_start')?.kind).toBe('function');
  });

  it.skipIf(!hasTool(QEMU))('runs on qemu-system-riscv64 -machine virt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-elfw-'));
    try {
      const file = join(dir, 'hello.elf');
      writeFileSync(file, writeElf(result));
      const r = run(QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', file], {
        timeoutMs: 20_000,
      });
      expect(r.stdout).toContain('written by hartscope');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
