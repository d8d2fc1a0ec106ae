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

describe('ELF writer: section flags', () => {
  /** Each section header's name, type (1 PROGBITS, 8 NOBITS) and flags (2 ALLOC, 1 WRITE, 4 EXECINSTR). */
  function sectionHeaders(elf: Uint8Array): Map<string, { type: number; flags: number }> {
    const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
    const shoff = Number(v.getBigUint64(0x28, true));
    const [size, count, strndx] = [v.getUint16(0x3a, true), v.getUint16(0x3c, true), v.getUint16(0x3e, true)];
    const strtab = Number(v.getBigUint64(shoff + strndx * size + 0x18, true));
    const out = new Map<string, { type: number; flags: number }>();
    for (let i = 1; i < count; i++) {
      const h = shoff + i * size;
      let end = strtab + v.getUint32(h, true);
      const start = end;
      while (elf[end] !== 0) end++;
      const name = new TextDecoder().decode(elf.subarray(start, end));
      out.set(name, { type: v.getUint32(h + 4, true), flags: Number(v.getBigUint64(h + 8, true)) });
    }
    return out;
  }

  it('writes the flags and type that .section gave (as the ELF spec defines "a", "w", "x", @nobits)', () => {
    const r = assemble(
      '  .section .boot, "ax"\n  nop\n  .section .table, "a"\n  .word 1\n' +
        '  .section .state, "aw", @nobits\n  .zero 8\n  .section .reserved, "a", @nobits\n  .zero 8\n' +
        '  .text\n  nop\n',
    );
    expect(r.errors).toEqual([]);
    const headers = sectionHeaders(writeElf(r));
    expect(headers.get('.boot')).toEqual({ type: 1, flags: 2 | 4 });
    expect(headers.get('.table')).toEqual({ type: 1, flags: 2 });
    expect(headers.get('.state')).toEqual({ type: 8, flags: 2 | 1 });
    expect(headers.get('.reserved')).toEqual({ type: 8, flags: 2 });
    expect(headers.get('.text')).toEqual({ type: 1, flags: 2 | 4 });
  });
});

const READELF = 'riscv64-unknown-elf-readelf';
if (!hasTool(READELF)) console.warn(toolMissingMessage(READELF));

describe.skipIf(!hasTool(READELF))('ELF writer: weak symbols, as GNU readelf reads them', () => {
  it('writes .weak symbols with weak binding, and an undefined one as UND with the value 0', () => {
    const r = assemble('  .weak defined, missing\n_start:\ndefined:\n  nop\n  .data\n  .dword missing\n');
    expect(r.errors).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-weak-'));
    try {
      writeFileSync(join(dir, 'w.elf'), writeElf(r));
      const table = run(READELF, ['-sW', join(dir, 'w.elf')]).stdout;
      const row = (name: string): string[] | undefined =>
        table
          .split('\n')
          .map((l) => l.trim().split(/\s+/))
          .find((f) => f[7] === name);
      // Num: Value Size Type Bind Vis Ndx Name
      expect(row('defined')?.slice(1, 7)).toEqual([
        '0000000080000000',
        '0',
        'NOTYPE',
        'WEAK',
        'DEFAULT',
        '1',
      ]);
      expect(row('missing')?.slice(1, 7)).toEqual([
        '0000000000000000',
        '0',
        'NOTYPE',
        'WEAK',
        'DEFAULT',
        'UND',
      ]);
      expect(row('_start')?.[4]).toBe('LOCAL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
