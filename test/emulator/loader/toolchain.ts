/**
 * Builds small bare-metal RV64 programs with the GNU tools at test time, for the loader and CLI tests.
 * Tests that need a tool skip with a message when it is missing (CI installs binutils-riscv64-unknown-elf,
 * gcc-riscv64-unknown-elf and qemu-system-misc, so they run there).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GCC = 'riscv64-unknown-elf-gcc';
export const READELF = 'riscv64-unknown-elf-readelf';
export const OBJDUMP = 'riscv64-unknown-elf-objdump';
export const QEMU = 'qemu-system-riscv64';

const available = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let ok = available.get(name);
  if (ok === undefined) {
    ok = spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
    available.set(name, ok);
    if (!ok) console.warn(`skipping tests that need ${name}: it is not installed`);
  }
  return ok;
}

/** Code at 0x80000000 (where QEMU virt -bios none starts the hart), then read-only data, data and bss. */
export const BARE_LINKER_SCRIPT = `
OUTPUT_ARCH(riscv)
ENTRY(_start)
PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); }
SECTIONS {
  . = 0x80000000;
  .text : { *(.text.init) *(.text .text.*) } :text
  .rodata : { *(.rodata .rodata.*) } :text
  . = ALIGN(0x1000);
  .data : { *(.data .data.*) *(.sdata .sdata.*) } :data
  .tohost : { *(.tohost) } :data
  .bss : { *(.bss .bss.* .sbss .sbss.*) *(COMMON) } :data
}
`;

let workDir: string | null = null;

/**
 * Compiles and links `sources` (file name -> text; .S, .s or .c) into a bare-metal ELF and returns its path.
 * `march` defaults to rv64imac (no F/D: the machine has none yet).
 */
export function buildElf(
  name: string,
  sources: Record<string, string>,
  options: { linkerScript?: string; extraArgs?: string[] } = {},
): string {
  workDir ??= mkdtempSync(join(tmpdir(), 'hartscope-elf-'));
  const dir = mkdtempSync(join(workDir, `${name}-`));
  const files = Object.entries(sources).map(([file, text]) => {
    const path = join(dir, file);
    writeFileSync(path, text);
    return path;
  });
  const script = join(dir, 'link.ld');
  writeFileSync(script, options.linkerScript ?? BARE_LINKER_SCRIPT);
  const out = join(dir, `${name}.elf`);
  const args = [
    '-march=rv64imac_zicsr_zifencei',
    '-mabi=lp64',
    '-mcmodel=medany',
    '-nostdlib',
    '-nostartfiles',
    '-static',
    '-ffreestanding',
    '-O1',
    `-T${script}`,
    ...(options.extraArgs ?? []),
    '-o',
    out,
    ...files,
  ];
  const r = spawnSync(GCC, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${GCC} failed for ${name}:\n${r.stderr}`);
  return out;
}

export function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Assembly helpers shared by test programs: UART at 0x10000000 (NS16550A), SiFive test finisher at 0x100000. */
export const ASM_PRELUDE = `
  .equ UART, 0x10000000
  .equ FINISHER, 0x100000
  # putc a0: wait for LSR.THRE (bit 5 of offset 5), then write THR
  .macro PUTC reg
    li t6, UART
1:  lbu t5, 5(t6)
    andi t5, t5, 0x20
    beqz t5, 1b
    sb \\reg, 0(t6)
  .endm
  # exit with code: 0x5555 for 0, else (code << 16) | 0x3333
  .macro EXIT code
    li t6, FINISHER
    .if \\code == 0
    li t5, 0x5555
    .else
    li t5, (\\code << 16) | 0x3333
    .endif
    sw t5, 0(t6)
2:  j 2b
  .endm
`;
