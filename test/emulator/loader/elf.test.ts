import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageSymbol, ProgramImage } from '../../../emulator/image';
import { loadElf } from '../../../emulator/loader/elf';
import { GCC, READELF, buildElf, hasTool, run } from './toolchain';

/**
 * Real executables built by the GNU tools, loaded by us and described by readelf: entry, PT_LOAD segments
 * (placed at p_paddr, as QEMU's -kernel loader does) and symbols must agree with readelf's view of the file.
 */

interface ReadelfSegment {
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: string;
}

function readelfEntry(path: string): number {
  const m = /Entry point address:\s+(0x[0-9a-f]+)/.exec(run(READELF, ['-hW', path]));
  if (!m) throw new Error('no entry in readelf -h output');
  return Number(m[1]);
}

function readelfLoads(path: string): ReadelfSegment[] {
  const loads: ReadelfSegment[] = [];
  for (const line of run(READELF, ['-lW', path]).split('\n')) {
    const m = /^\s*LOAD\s+(0x\S+)\s+(0x\S+)\s+(0x\S+)\s+(0x\S+)\s+(0x\S+)\s+([RWE ]+?)\s+0x/.exec(line);
    if (m) {
      const [offset, vaddr, paddr, filesz, memsz] = m.slice(1, 6).map(Number);
      loads.push({ offset, vaddr, paddr, filesz, memsz, flags: m[6] });
    }
  }
  return loads;
}

/** readelf -s, filtered the way the loader documents: code and data symbols a reader would use as labels. */
function readelfSymbols(path: string): ImageSymbol[] {
  const kinds: Record<string, ImageSymbol['kind']> = { FUNC: 'function', OBJECT: 'object', NOTYPE: 'label' };
  const symbols: ImageSymbol[] = [];
  for (const line of run(READELF, ['-sW', path]).split('\n')) {
    const m = /^\s*\d+:\s+([0-9a-f]+)\s+(\d+)\s+(\w+)\s+\w+\s+\w+\s+(\w+)\s+(\S+)$/.exec(line);
    if (!m) continue;
    const [, value, size, type, ndx, name] = m;
    const kind = kinds[type];
    if (!kind || ndx === 'UND' || (ndx === 'ABS' && type === 'NOTYPE')) continue;
    if (name.startsWith('.L') || name.startsWith('$')) continue;
    symbols.push({ name, address: parseInt(value, 16), size: Number(size), kind });
  }
  return symbols;
}

const sortSymbols = (s: ImageSymbol[]): ImageSymbol[] =>
  [...s].sort((a, b) => a.address - b.address || (a.name < b.name ? -1 : 1));

function expectMatchesReadelf(path: string, image: ProgramImage): void {
  const file = readFileSync(path);
  const loads = readelfLoads(path).filter((l) => l.memsz > 0);
  expect(image.segments.length).toBe(loads.length);
  image.segments.forEach((seg, i) => {
    const l = loads[i];
    expect(seg.address).toBe(l.paddr);
    expect(seg.memSize).toBe(l.memsz);
    expect(seg.data.length).toBe(l.filesz);
    expect(Buffer.from(seg.data).equals(file.subarray(l.offset, l.offset + l.filesz))).toBe(true);
    expect(seg.flags).toEqual({
      read: l.flags.includes('R'),
      write: l.flags.includes('W'),
      execute: l.flags.includes('E'),
    });
  });
  expect(sortSymbols(image.symbols)).toEqual(sortSymbols(readelfSymbols(path)));
}

const C_PROGRAM = `
int counter = 41;
const char greeting[] = "hello from C";
static long table[32];
volatile unsigned long tohost __attribute__((section(".tohost")));

static long sum(int n) {
  long s = 0;
  for (int i = 0; i < n; i++) s += table[i] + greeting[i % 12];
  return s;
}

void __attribute__((section(".text.init"), naked)) _start(void) {
  __asm__ volatile("la sp, stack_top\\n call main\\n 1: j 1b");
}

int main(void) {
  for (int i = 0; i < 32; i++) table[i] = i * counter;
  tohost = (sum(32) << 1) | 1;
  return 0;
}
char stack[4096] __attribute__((aligned(16)));
__asm__(".globl stack_top\\n .set stack_top, stack + 4096");
`;

describe.skipIf(!hasTool(GCC) || !hasTool(READELF))('loadElf on executables built by the GNU tools', () => {
  it('a C program: entry, PT_LOAD segments and symbols agree with readelf', () => {
    const path = buildElf('c-program', { 'main.c': C_PROGRAM });
    const image = loadElf(readFileSync(path));
    expect(image.entry).toBe(readelfEntry(path));
    expect(image.entry).toBe(0x80000000);
    expectMatchesReadelf(path, image);
    const names = image.symbols.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['_start', 'main', 'counter', 'greeting', 'tohost', 'table']),
    );
    expect(image.symbols.find((s) => s.name === 'main')?.kind).toBe('function');
    expect(image.symbols.find((s) => s.name === 'counter')?.kind).toBe('object');
  });

  it('keeps .bss as memory size beyond the file bytes (p_memsz > p_filesz)', () => {
    const path = buildElf('bss', { 'main.c': C_PROGRAM });
    const image = loadElf(readFileSync(path));
    const data = readelfLoads(path).find((l) => l.flags.includes('W'));
    expect(data && data.memsz > data.filesz).toBe(true);
    const seg = image.segments.find((s) => s.flags.write);
    expect(seg?.memSize).toBe(data?.memsz);
    expect(seg?.data.length).toBe(data?.filesz);
  });

  it('places a segment linked with AT() at its physical address and moves the entry with it, as QEMU does', () => {
    const script = `
      OUTPUT_ARCH(riscv)
      ENTRY(_start)
      SECTIONS { . = 0x10000; .text : AT(0x80000000) { *(.text) } }`;
    const source = `
      .text
      nop
      nop
      .globl _start
    _start:
      j _start`;
    const path = buildElf('at', { 'at.S': source }, { linkerScript: script });
    const [load] = readelfLoads(path);
    expect(load.vaddr).not.toBe(load.paddr);
    const image = loadElf(readFileSync(path));
    expect(image.segments[0].address).toBe(load.paddr);
    // e_entry is virtual: _start lies 4 bytes (two compressed nops) into the segment.
    expect(readelfEntry(path)).toBe(load.vaddr + 4);
    expect(image.entry).toBe(load.paddr + 4);
    expectMatchesReadelf(path, image);
  });
});

describe.skipIf(!hasTool(READELF))('loadElf on the committed fixture', () => {
  const path = join(__dirname, '../../fixtures/elf/hello.elf');

  it('agrees with readelf on entry, segments and symbols', () => {
    const image = loadElf(readFileSync(path));
    expect(image.entry).toBe(readelfEntry(path));
    expectMatchesReadelf(path, image);
  });
});

describe('loadElf on the committed fixture (no tools needed)', () => {
  const bytes = readFileSync(join(__dirname, '../../fixtures/elf/hello.elf'));

  it('skips section, file and mapping symbols, assembler constants and .L labels', () => {
    const names = loadElf(bytes).symbols.map((s) => s.name);
    expect(names.sort()).toEqual(['_start', 'counter', 'done', 'message', 'puts', 'scratch']);
  });

  it('loads ET_DYN like ET_EXEC, at the addresses it was linked for', () => {
    const dyn = new Uint8Array(bytes);
    dyn[16] = 3; // e_type = ET_DYN
    const a = loadElf(bytes);
    const b = loadElf(dyn);
    expect(b.entry).toBe(a.entry);
    expect(b.segments.map((s) => s.address)).toEqual(a.segments.map((s) => s.address));
  });

  it('copies segment data instead of keeping a view into the file', () => {
    const copy = new Uint8Array(bytes);
    const image = loadElf(copy);
    const before = image.segments[0].data[0];
    copy.fill(0);
    expect(image.segments[0].data[0]).toBe(before);
    expect(image.segments[0].data.buffer).not.toBe(copy.buffer);
  });
});
