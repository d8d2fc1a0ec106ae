/**
 * The oracle for the assembler tests: assemble the same source with GNU as (-march=rv64gc -mno-relax, plus
 * zihintpause for the table's pause row), link
 * it with GNU ld so that every section lands at the address hartscope's assembler chose, and read back the
 * section bytes and symbol values from the linked ELF.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssembledSection } from '../../../emulator/asm/link';
import { run } from '../../helpers/tools';

export const AS = 'riscv64-unknown-elf-as';
export const LD = 'riscv64-unknown-elf-ld';
export const OBJDUMP = 'riscv64-unknown-elf-objdump';

export interface GnuOutput {
  sections: Map<string, { address: number; bytes: Uint8Array; nobits: boolean }>;
  symbols: Map<string, bigint>;
}

export interface GnuFailure {
  error: string;
}

/** Assemble and link with GNU; the sections are placed where `layout` says. */
export function gnuAssemble(
  source: string,
  layout: readonly AssembledSection[],
  extraFiles: Record<string, string> = {},
): GnuOutput | GnuFailure {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-asm-'));
  try {
    writeFileSync(join(dir, 'in.S'), source);
    for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(dir, name), text);
    const as = run(AS, ['-march=rv64gc_zihintpause', '-mno-relax', '-o', 'in.o', 'in.S'], {
      cwd: dir,
      allowFailure: true,
    });
    if (as.status !== 0) return { error: as.stderr };
    const placed = layout
      .filter((s) => s.size > 0)
      .map((s) => `  ${s.name} 0x${s.address.toString(16)} : { *(${s.name}) }`)
      .join('\n');
    writeFileSync(join(dir, 'link.ld'), `SECTIONS {\n${placed}\n}\n`);
    const ld = run(LD, ['-T', 'link.ld', '--no-relax', '-e', '0', '-o', 'out.elf', 'in.o'], {
      cwd: dir,
      allowFailure: true,
    });
    if (ld.status !== 0) return { error: ld.stderr };
    return readElf(readFileSync(join(dir, 'out.elf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Section contents and symbol values of an ELF64 little-endian file. */
export function readElf(buf: Uint8Array): GnuOutput {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u16 = (o: number): number => dv.getUint16(o, true);
  const u32 = (o: number): number => dv.getUint32(o, true);
  const u64 = (o: number): bigint => dv.getBigUint64(o, true);
  const shoff = Number(u64(0x28));
  const shentsize = u16(0x3a);
  const shnum = u16(0x3c);
  const headers = Array.from({ length: shnum }, (_, i) => {
    const h = shoff + i * shentsize;
    return {
      name: u32(h),
      type: u32(h + 4),
      addr: Number(u64(h + 0x10)),
      offset: Number(u64(h + 0x18)),
      size: Number(u64(h + 0x20)),
      link: u32(h + 0x28),
    };
  });
  const str = (sec: number, off: number): string => {
    const start = headers[sec].offset + off;
    let end = start;
    while (buf[end] !== 0) end++;
    return new TextDecoder().decode(buf.subarray(start, end));
  };
  const shstrndx = u16(0x3e);
  const sections: GnuOutput['sections'] = new Map();
  const symbols = new Map<string, bigint>();
  for (const h of headers) {
    const name = str(shstrndx, h.name);
    if (h.type === 2) {
      for (let o = h.offset + 24; o < h.offset + h.size; o += 24) {
        const type = buf[o + 4] & 0xf;
        const sym = str(h.link, u32(o));
        // Skip section (3) and file (4) symbols, local labels and the $x/$d mapping symbols.
        if (type === 3 || type === 4 || sym === '' || sym.startsWith('.L') || sym.startsWith('$')) continue;
        symbols.set(sym, u64(o + 8));
      }
    } else if (name !== '' && h.addr !== 0) {
      const nobits = h.type === 8;
      sections.set(name, {
        address: h.addr,
        bytes: nobits ? new Uint8Array(h.size) : buf.slice(h.offset, h.offset + h.size),
        nobits,
      });
    }
  }
  return { sections, symbols };
}

/** Hex dump of a range, for failure messages. */
export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
