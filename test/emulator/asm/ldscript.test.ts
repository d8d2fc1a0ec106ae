/**
 * Linker scripts: the same source and script through hartscope and through GNU as + ld (-mno-relax,
 * --no-relax -T) give the same sections (names, addresses, bytes) and the same symbol values. Then the
 * script mistakes a student makes, each reported at its line and column.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';
import { AS, hex, LD, readElf } from './gnu';

if (!hasTool(AS)) console.warn(toolMissingMessage(AS));

const PROGRAM = `
  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  la a0, table
  la a1, counter
  la a2, buffer
  call main
1: j 1b
  .text
main:
  lw t0, 0(a1)
  addi t0, t0, 1
  sw t0, 0(a1)
  ret
  .section .text.extra, "ax"
helper:
  nop
  ret
  .section .rodata
table: .word 1, 2, 3
  .section .rodata.str, "a"
greeting: .string "hi"
  .section .rodata.z, "a"
  .p2align 3
zval: .dword 5
  .data
  .p2align 3
counter: .dword 7
  .section .sdata, "aw"
small: .byte 1
  .bss
  .p2align 4
buffer: .zero 40
`;

/** Scripts of the shapes teaching material uses. */
const SCRIPTS: Record<string, string> = {
  'link.ld of the examples': readFileSync(join(__dirname, '../../../firmware/examples/link.ld'), 'utf8'),
  'MEMORY regions, PROVIDE, symbols inside sections, ALIGN': `
OUTPUT_ARCH( "riscv" )
ENTRY( _start )
MEMORY { ram (rwx) : ORIGIN = 0x80000000, LENGTH = 128K }
SECTIONS
{
  .text : {
    *(.text.init)
    *(.text*)
  } > ram
  .rodata : ALIGN(8) { *(.rodata) *(.rodata.*) } > ram
  .data : {
    . = ALIGN(16);
    _data_start = .;
    *(.data) *(.sdata*)
    _data_end = .;
  } > ram
  .bss (NOLOAD) : {
    _bss_start = .;
    *(.bss*)
    . = ALIGN(8);
    _bss_end = .;
  } > ram
  PROVIDE(stack_top = ORIGIN(ram) + LENGTH(ram));
  PROVIDE(unused_symbol = 0x1234);
}`,
  'explicit addresses, ADDR/SIZEOF, /DISCARD/, a stack section': `
ENTRY(_start)
SECTIONS {
  .text 0x80000000 : { KEEP(*(.text.init)) . = 0x40; *(.text .text.*) }
  .rodata 0x80002000 : { *(.rodata*) }
  text_size = SIZEOF(.text);
  . = ADDR(.rodata) + 0x1000;
  .data : { *(.data) }
  .sdata : { *(.sdata) }
  .bss : { *(.bss) }
  _bss_end = .;
  .stack (NOLOAD) : { . = ALIGN(16); . += 0x1000; stack_top = .; }
  /DISCARD/ : { *(.comment) *(.note*) }
}`,
};

function gnuLink(source: string, script: string): ReturnType<typeof readElf> {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-ld-'));
  try {
    writeFileSync(join(dir, 'prog.S'), source);
    writeFileSync(join(dir, 'script.ld'), script);
    run(AS, ['-march=rv64gc', '-mno-relax', '-o', 'prog.o', 'prog.S'], { cwd: dir });
    run(LD, ['--no-relax', '-T', 'script.ld', '-o', 'prog.elf', 'prog.o'], { cwd: dir });
    return readElf(readFileSync(join(dir, 'prog.elf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasTool(AS))('linker scripts against GNU ld', () => {
  for (const [title, script] of Object.entries(SCRIPTS)) {
    it(title, () => {
      const gnu = gnuLink(PROGRAM, script);
      const mine = assemble(PROGRAM, { file: 'prog.S', linkerScript: { text: script, file: 'script.ld' } });
      expect(mine.errors).toEqual([]);
      const ours = mine.sections
        .filter((s) => s.size > 0)
        .map((s) => [s.name, s.address.toString(16), s.kind === 'bss' ? `nobits ${s.size}` : hex(s.bytes)]);
      const theirs = [...gnu.sections].map(([n, s]) => [
        n,
        s.address.toString(16),
        s.nobits ? `nobits ${s.bytes.length}` : hex(s.bytes),
      ]);
      expect(ours).toEqual(theirs);
      expect(new Map(mine.symbols.map((s) => [s.name, BigInt.asUintN(64, s.value)]))).toEqual(gnu.symbols);
    });
  }
});

describe('linker script errors', () => {
  const errorOf = (
    script: string,
    source = '  .globl _start\n_start: j _start\n  .data\n  .word 1\n',
  ): string[] =>
    assemble(source, { file: 'prog.S', linkerScript: { text: script, file: 'script.ld' } }).errors.map(
      (e) => `${e.file}:${e.line}:${e.column}: ${e.message}`,
    );

  it('a missing semicolon after an assignment', () => {
    expect(errorOf('SECTIONS {\n  . = 0x80000000\n  .text : { *(.text*) }\n}')).toEqual([
      "script.ld:3:3: expected ';', found '.'",
    ]);
  });
  it('an unknown memory region', () => {
    expect(
      errorOf('MEMORY { ram : ORIGIN = 0x80000000, LENGTH = 64K }\nSECTIONS { .text : { *(.text*) } > rom }'),
    ).toEqual(["script.ld:2:12: no memory region 'rom' (MEMORY names ram)"]);
  });
  it('a region too small for its sections', () => {
    expect(
      errorOf('MEMORY { ram : ORIGIN = 0x80000000, LENGTH = 1 }\nSECTIONS { .text : { *(.text*) } > ram }'),
    ).toEqual([expect.stringMatching(/^script\.ld:2:12: section \.text overflows region ram by \d+ bytes$/)]);
  });
  it('an undefined symbol in an expression', () => {
    expect(errorOf('SECTIONS {\n  . = RAM_BASE;\n  .text : { *(.text*) }\n}')).toContainEqual(
      "script.ld:2:7: undefined symbol 'RAM_BASE' in the linker script",
    );
  });
  it('moving the location counter backwards inside a section', () => {
    expect(errorOf('SECTIONS { .text 0x80000000 : { *(.text*) . = . - 2; } }')).toEqual([
      expect.stringMatching(/^script\.ld:1:43: cannot move the location counter backwards/),
    ]);
  });
  it('an ENTRY symbol that is never defined', () => {
    expect(errorOf('ENTRY(begin)\nSECTIONS { .text 0x80000000 : { *(.text*) } }')).toContainEqual(
      "script.ld:1:1: ENTRY names 'begin', which is never defined",
    );
  });
  it('a failed ASSERT', () => {
    expect(
      errorOf('SECTIONS { .text 0x80000000 : { *(.text*) } ASSERT(SIZEOF(.text) > 100, "text too small") }'),
    ).toEqual(['script.ld:1:45: ASSERT failed: text too small']);
  });
  it('a program symbol that only the script defines is not an error; a label in /DISCARD/ is undefined', () => {
    const src = '  .globl _start\n_start: j _start\n  .dword gone\n  .section .junk, "a"\ngone: .byte 1\n';
    expect(errorOf('SECTIONS { .text 0x80000000 : { *(.text) } /DISCARD/ : { *(.junk) } }', src)).toEqual([
      "prog.S:3:10: undefined symbol 'gone'",
    ]);
  });
});
