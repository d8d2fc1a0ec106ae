/**
 * The catalogue of bad ELF files (docs/hardening.md, "ELF files"): each made by editing one field of the
 * bundled example, firmware/examples/hello.elf, at the offset the System V ABI ("ELF-64 Object File Format")
 * gives for it, with the message the user sees when loading it. Numbers in the messages (offsets, sizes)
 * are computed here from the file's own fields, so the catalogue holds when the example is rebuilt.
 */
import { readFileSync } from 'node:fs';

export const EXAMPLE = new Uint8Array(
  readFileSync(new URL('../../firmware/examples/hello.elf', import.meta.url)),
);

const view = new DataView(EXAMPLE.buffer, EXAMPLE.byteOffset, EXAMPLE.byteLength);
const hex = (n: number | bigint): string => '0x' + n.toString(16);

// ELF-64 header and program header field offsets.
const E_TYPE = 16;
const E_MACHINE = 18;
const E_PHOFF = 32;
const E_SHOFF = 40;
const E_PHNUM = 56;
const E_SHNUM = 60;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const P_TYPE = 0;
const P_OFFSET = 8;
const P_VADDR = 16;
const P_PADDR = 24;
const P_FILESZ = 32;
const P_MEMSZ = 40;
const PT_LOAD = 1;

const phoff = Number(view.getBigUint64(E_PHOFF, true));
const phnum = view.getUint16(E_PHNUM, true);
const shoff = Number(view.getBigUint64(E_SHOFF, true));
const phdr = (i: number): number => phoff + i * PHDR_SIZE;
const u64 = (at: number): bigint => view.getBigUint64(at, true);
const loads = [...Array(phnum).keys()].filter((i) => view.getUint32(phdr(i) + P_TYPE, true) === PT_LOAD);
/** The first PT_LOAD segment with bytes in it: the program's code. */
const code = loads.find((i) => u64(phdr(i) + P_MEMSZ) > 0n)!;
const codeStart = u64(phdr(code) + P_PADDR);
const codeEnd = codeStart + u64(phdr(code) + P_MEMSZ);
const size = EXAMPLE.length;

function edit(change: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const b = new Uint8Array(EXAMPLE);
  change(new DataView(b.buffer), b);
  return b;
}

export interface BadFile {
  what: string;
  bytes: Uint8Array;
  /** The message after "NAME: " (the file's name), as the page and the runner show it. */
  message: string;
}

export const BAD_ELF_FILES: BadFile[] = [
  {
    what: 'an empty file',
    bytes: new Uint8Array(0),
    message: 'not an ELF file (the file is 0 bytes, too short for the ELF magic number)',
  },
  {
    what: 'a text file',
    bytes: new TextEncoder().encode('hello: this is not a program\n'),
    message: 'not an ELF file (bad magic: the file starts with 68 65 6c 6c, an ELF file with 7f 45 4c 46)',
  },
  {
    what: 'a 32-bit (RV32) ELF file',
    bytes: edit((_, b) => (b[4] = 1)),
    message: 'ELF class is 32-bit; hartscope runs RV64 (ELFCLASS64) programs',
  },
  {
    what: 'a big-endian ELF file',
    bytes: edit((_, b) => (b[5] = 2)),
    message: 'ELF data encoding is big-endian (ELFDATA2MSB); RISC-V programs are little-endian',
  },
  {
    what: 'a file cut inside the ELF header',
    bytes: EXAMPLE.subarray(0, 40),
    message: 'truncated ELF header: the file is 40 bytes, an ELF64 header is 64',
  },
  {
    what: 'an x86-64 executable',
    bytes: edit((v) => v.setUint16(E_MACHINE, 62, true)),
    message: 'e_machine is 62 (x86-64), not 243 (RISC-V)',
  },
  {
    what: 'an AArch64 executable',
    bytes: edit((v) => v.setUint16(E_MACHINE, 183, true)),
    message: 'e_machine is 183 (AArch64), not 243 (RISC-V)',
  },
  {
    what: 'an object file (assembled, not linked)',
    bytes: edit((v) => v.setUint16(E_TYPE, 1, true)),
    message:
      'e_type is 1 (ET_REL, a relocatable object file); hartscope loads executables (ET_EXEC or ET_DYN)',
  },
  {
    what: 'a dynamically linked program',
    bytes: edit((v) => v.setUint32(phdr(0) + P_TYPE, 3, true)),
    message:
      'the program is dynamically linked (it has a PT_INTERP segment); hartscope runs bare-metal programs: ' +
      'link with -nostdlib -static and a linker script that places it at 0x80000000',
  },
  {
    what: 'a huge program header count (e_phnum = 0xfffe)',
    bytes: edit((v) => v.setUint16(E_PHNUM, 0xfffe, true)),
    message:
      `program header table (65534 entries at offset ${hex(phoff)}) extends past the end of the file ` +
      `(ends at ${hex(phoff + 0xfffe * PHDR_SIZE)} > file size ${hex(size)})`,
  },
  {
    what: 'no program headers',
    bytes: edit((v) => v.setUint16(E_PHNUM, 0, true)),
    message: 'the file has no program headers, so nothing to load',
  },
  {
    what: 'no loadable segment',
    bytes: edit((v) => loads.forEach((i) => v.setUint32(phdr(i) + P_TYPE, 0, true))),
    message: 'the file has no PT_LOAD segments, so nothing to load',
  },
  {
    what: "a segment whose data lies past the file's end",
    bytes: edit((v) => v.setBigUint64(phdr(code) + P_OFFSET, 0xffff_ffffn, true)),
    message:
      `segment ${code}'s data extends past the end of the file (offset 0xffffffff + ` +
      `${hex(u64(phdr(code) + P_FILESZ))} > file size ${hex(size)})`,
  },
  {
    what: 'a segment with more file bytes than memory bytes',
    bytes: edit((v) => v.setBigUint64(phdr(code) + P_MEMSZ, 4n, true)),
    message: `segment ${code} has p_filesz > p_memsz (${hex(u64(phdr(code) + P_FILESZ))} > 0x4)`,
  },
  {
    what: 'overlapping segments',
    bytes: edit((v) => {
      const other = loads.find((i) => i !== code)!;
      v.setBigUint64(phdr(other) + P_PADDR, codeStart + 0x10n, true);
      v.setBigUint64(phdr(other) + P_FILESZ, 0n, true);
      v.setBigUint64(phdr(other) + P_MEMSZ, 0x10n, true);
    }),
    message: (() => {
      const other = loads.find((i) => i !== code)!;
      const [a, b] = [
        `${hex(codeStart)}..${hex(codeEnd)}`,
        `${hex(codeStart + 0x10n)}..${hex(codeStart + 0x20n)}`,
      ];
      return code < other
        ? `segments ${code} and ${other} overlap (physical ${a} and ${b})`
        : `segments ${other} and ${code} overlap (physical ${b} and ${a})`;
    })(),
  },
  {
    what: 'a segment that wraps around the 64-bit address space',
    bytes: edit((v) => v.setBigUint64(phdr(code) + P_PADDR, 0xffff_ffff_ffff_fff0n, true)),
    message: `segment ${code} wraps around the 64-bit address space (0xfffffffffffffff0 + ${hex(codeEnd - codeStart)})`,
  },
  {
    what: 'a segment far outside RAM',
    bytes: edit((v) => v.setBigUint64(phdr(code) + P_PADDR, 0x7000_0000_0000_0000n, true)),
    message: `segment ${code} at physical address 0x7000000000000000, size ${hex(codeEnd - codeStart)}, is outside RAM`,
  },
  {
    what: 'a segment below RAM (linked for address 0x1000)',
    bytes: edit((v) => {
      v.setBigUint64(phdr(code) + P_PADDR, 0x1000n, true);
      v.setBigUint64(phdr(code) + P_VADDR, 0x1000n, true);
      v.setBigUint64(24, 0x1000n, true); // e_entry
    }),
    // Machine.load numbers the segments it was given (the loadable ones, from 0), not program headers.
    message:
      `segment 0 (0x1000..${hex(0x1000n + codeEnd - codeStart)}) lies outside RAM ` +
      '(0x80000000..0x88000000, 128 MiB)',
  },
  {
    what: 'a huge section header count (e_shnum = 0xff00)',
    bytes: edit((v) => v.setUint16(E_SHNUM, 0xff00, true)),
    message:
      `section header table (65280 entries at offset ${hex(shoff)}) extends past the end of the file ` +
      `(ends at ${hex(shoff + 0xff00 * SHDR_SIZE)} > file size ${hex(size)})`,
  },
  {
    what: "a section header table past the file's end",
    bytes: edit((v) => v.setBigUint64(E_SHOFF, BigInt(size), true)),
    message: `section header table (at offset ${hex(size)}) extends past the end of the file (file size ${hex(size)})`,
  },
];
