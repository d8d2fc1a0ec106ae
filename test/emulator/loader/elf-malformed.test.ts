import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfError, loadElf } from '../../../emulator/loader/elf';

/**
 * A catalogue of files that are not RV64 executables, or are broken ones, each with the message it must
 * produce. They are made by editing fields of a valid fixture (built by test/fixtures/elf/make-fixtures.sh
 * with the GNU tools) at the offsets the ELF-64 specification gives for each field.
 */

const fixture = readFileSync(join(__dirname, '../../fixtures/elf/hello.elf'));

// ELF-64 field offsets (System V ABI, "ELF-64 Object File Format").
const E_TYPE = 16;
const E_MACHINE = 18;
const E_PHOFF = 32;
const E_SHOFF = 40;
const E_PHENTSIZE = 54;
const E_PHNUM = 56;
const E_SHNUM = 60;
const PHDR = 56;
const SHDR = 64;
const P_TYPE = 0;
const P_OFFSET = 8;
const P_PADDR = 24;
const P_FILESZ = 32;
const P_MEMSZ = 40;
const SH_TYPE = 4;
const SH_OFFSET = 24;
const SH_SIZE = 32;
const SH_LINK = 40;

function edit(change: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const b = new Uint8Array(fixture);
  change(new DataView(b.buffer), b);
  return b;
}

const view = new DataView(fixture.buffer, fixture.byteOffset, fixture.byteLength);
const phoff = Number(view.getBigUint64(E_PHOFF, true));
const phnum = view.getUint16(E_PHNUM, true);
const shoff = Number(view.getBigUint64(E_SHOFF, true));
const phdr = (i: number): number => phoff + i * PHDR;
const loadIndices = [...Array(phnum).keys()].filter((i) => view.getUint32(phdr(i) + P_TYPE, true) === 1);
const [textSeg, dataSeg] = loadIndices;
const shdr = (i: number): number => shoff + i * SHDR;
const symtabIndex = [...Array(view.getUint16(E_SHNUM, true)).keys()].find(
  (i) => view.getUint32(shdr(i) + SH_TYPE, true) === 2,
)!;

function expectElfError(bytes: Uint8Array, message: string | RegExp): void {
  let thrown: unknown = null;
  try {
    loadElf(bytes);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ElfError);
  if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
  else expect((thrown as Error).message).toMatch(message);
}

describe('the fixture these cases edit', () => {
  it('is valid, with two PT_LOAD segments and a symbol table', () => {
    expect(loadElf(fixture).segments).toHaveLength(2);
    expect(loadIndices).toHaveLength(2);
    expect(symtabIndex).toBeGreaterThan(0);
  });
});

describe('loadElf rejects what is not an RV64 executable', () => {
  const cases: [string, Uint8Array, string | RegExp][] = [
    [
      'an empty file',
      new Uint8Array(0),
      'not an ELF file (the file is 0 bytes, too short for the ELF magic number)',
    ],
    [
      'a shell script',
      new TextEncoder().encode('#!/bin/sh\necho hi\n'),
      'not an ELF file (bad magic: the file starts with 23 21 2f 62, an ELF file with 7f 45 4c 46)',
    ],
    [
      'a 32-bit ELF',
      edit((_, b) => (b[4] = 1)),
      'ELF class is 32-bit; hartscope runs RV64 (ELFCLASS64) programs',
    ],
    ['an unknown ELF class', edit((_, b) => (b[4] = 7)), 'ELF class is 7, neither 32-bit (1) nor 64-bit (2)'],
    [
      'a big-endian ELF',
      edit((_, b) => (b[5] = 2)),
      'ELF data encoding is big-endian (ELFDATA2MSB); RISC-V programs are little-endian',
    ],
    ['an unknown data encoding', edit((_, b) => (b[5] = 0)), 'ELF data encoding is 0, not little-endian (1)'],
    ['an unknown ELF version', edit((_, b) => (b[6] = 2)), 'ELF version is 2, not 1'],
    [
      'an x86-64 program',
      edit((v) => v.setUint16(E_MACHINE, 62, true)),
      'e_machine is 62 (x86-64), not 243 (RISC-V)',
    ],
    [
      'an AArch64 program',
      edit((v) => v.setUint16(E_MACHINE, 183, true)),
      'e_machine is 183 (AArch64), not 243 (RISC-V)',
    ],
    [
      'an unknown machine',
      edit((v) => v.setUint16(E_MACHINE, 9999, true)),
      'e_machine is 9999, not 243 (RISC-V)',
    ],
    [
      'a relocatable object file',
      edit((v) => v.setUint16(E_TYPE, 1, true)),
      'e_type is 1 (ET_REL, a relocatable object file); hartscope loads executables (ET_EXEC or ET_DYN)',
    ],
    [
      'a core dump',
      edit((v) => v.setUint16(E_TYPE, 4, true)),
      'e_type is 4 (ET_CORE, a core dump); hartscope loads executables (ET_EXEC or ET_DYN)',
    ],
    [
      'a dynamically linked program',
      edit((v) => v.setUint32(phdr(0) + P_TYPE, 3, true)),
      /^the program is dynamically linked \(it has a PT_INTERP segment\)/,
    ],
  ];
  it.each(cases)('%s', (_, bytes, message) => expectElfError(bytes, message));

  it('an x86 executable from this machine, if there is one', () => {
    const host = ['/bin/true', '/usr/bin/true'].find((p) => existsSync(p));
    const bytes = host ? readFileSync(host) : null;
    if (!bytes || bytes[0] !== 0x7f || bytes[1] !== 0x45) return; // not an ELF host (nothing to check)
    if (bytes.readUInt16LE(E_MACHINE) === 243) return; // a RISC-V host: /bin/true is a valid RV64 program
    expectElfError(bytes, /^e_machine is \d+ \([^)]+\), not 243 \(RISC-V\)$/);
  });
});

describe('loadElf rejects broken headers and tables, saying where', () => {
  const size = fixture.length.toString(16);
  const cases: [string, Uint8Array, string | RegExp][] = [
    [
      'a huge e_phnum',
      edit((v) => v.setUint16(E_PHNUM, 0xfffe, true)),
      `program header table (65534 entries at offset 0x40) extends past the end of the file (ends at 0x${(64 + 0xfffe * 56).toString(16)} > file size 0x${size})`,
    ],
    [
      'a program header table past the end of the file',
      edit((v) => v.setBigUint64(E_PHOFF, 0xffffffff_ffffff00n, true)),
      /^program header table \(3 entries at offset 0xffffffffffffff00\) extends past the end of the file/,
    ],
    [
      'PN_XNUM with a huge real count in section 0',
      edit((v) => {
        v.setUint16(E_PHNUM, 0xffff, true);
        v.setUint32(shdr(0) + 44, 0x7fffffff, true);
      }),
      /^program header table \(2147483647 entries at offset 0x40\) extends past the end of the file/,
    ],
    [
      'no program headers',
      edit((v) => v.setUint16(E_PHNUM, 0, true)),
      'the file has no program headers, so nothing to load',
    ],
    [
      'a wrong program header size',
      edit((v) => v.setUint16(E_PHENTSIZE, 32, true)),
      'e_phentsize is 32, an ELF64 program header is 56 bytes',
    ],
    [
      'no PT_LOAD segment',
      edit((v) => loadIndices.forEach((i) => v.setUint32(phdr(i) + P_TYPE, 0, true))),
      'the file has no PT_LOAD segments, so nothing to load',
    ],
    [
      'a segment whose data lies past the end of the file',
      edit((v) => v.setBigUint64(phdr(textSeg) + P_OFFSET, 0xffffffffn, true)),
      new RegExp(
        `^segment ${textSeg}'s data extends past the end of the file \\(offset 0xffffffff \\+ 0x[0-9a-f]+ > file size 0x${size}\\)$`,
      ),
    ],
    [
      'a segment with a 64-bit huge p_filesz',
      edit((v) => {
        v.setBigUint64(phdr(textSeg) + P_FILESZ, 0xffffffff_ffffffffn, true);
        v.setBigUint64(phdr(textSeg) + P_MEMSZ, 0xffffffff_ffffffffn, true);
      }),
      new RegExp(`^segment ${textSeg}'s data extends past the end of the file`),
    ],
    [
      'p_filesz > p_memsz',
      edit((v) => v.setBigUint64(phdr(dataSeg) + P_MEMSZ, 4n, true)),
      `segment ${dataSeg} has p_filesz > p_memsz (0x8 > 0x4)`,
    ],
    [
      'overlapping segments',
      edit((v) => v.setBigUint64(phdr(dataSeg) + P_PADDR, 0x80000010n, true)),
      new RegExp(
        `^segments ${textSeg} and ${dataSeg} overlap \\(physical 0x80000000\\.\\.0x[0-9a-f]+ and 0x80000010\\.\\.0x80000058\\)$`,
      ),
    ],
    [
      'a segment that wraps around the address space',
      edit((v) => v.setBigUint64(phdr(dataSeg) + P_PADDR, 0xffffffff_fffffff0n, true)),
      `segment ${dataSeg} wraps around the 64-bit address space (0xfffffffffffffff0 + 0x48)`,
    ],
    [
      'a segment at an address no machine has',
      edit((v) => v.setBigUint64(phdr(dataSeg) + P_PADDR, 0x7000_0000_0000_0000n, true)),
      `segment ${dataSeg} at physical address 0x7000000000000000, size 0x48, is outside RAM`,
    ],
    [
      'a section header table past the end of the file',
      edit((v) => v.setBigUint64(E_SHOFF, BigInt(fixture.length), true)),
      `section header table (at offset 0x${size}) extends past the end of the file (file size 0x${size})`,
    ],
    [
      'a huge e_shnum',
      edit((v) => v.setUint16(E_SHNUM, 0xff00, true)),
      /^section header table \(65280 entries at offset 0x[0-9a-f]+\) extends past the end of the file/,
    ],
    [
      'a symbol table past the end of the file',
      edit((v) => v.setBigUint64(shdr(symtabIndex) + SH_SIZE, 0x10_0000_0000n, true)),
      new RegExp(`^section ${symtabIndex} \\(\\.symtab\\) extends past the end of the file`),
    ],
    [
      'a symbol table linked to a missing string table',
      edit((v) => v.setUint32(shdr(symtabIndex) + SH_LINK, 500, true)),
      `section ${symtabIndex} (.symtab) links to string table section 500, which does not exist`,
    ],
    [
      'a symbol name that runs off its string table',
      edit((v, b) => {
        const strtab = v.getUint32(shdr(symtabIndex) + SH_LINK, true);
        const off = Number(v.getBigUint64(shdr(strtab) + SH_OFFSET, true));
        const len = Number(v.getBigUint64(shdr(strtab) + SH_SIZE, true));
        b.fill(0x41, off, off + len);
      }),
      /^symbol \d+'s name is not NUL-terminated inside its string table$/,
    ],
  ];
  it.each(cases)('%s', (_, bytes, message) => expectElfError(bytes, message));
});

describe('loadElf on the fixture truncated at every length', () => {
  const segEnd = (i: number): number =>
    Number(view.getBigUint64(phdr(i) + P_OFFSET, true) + view.getBigUint64(phdr(i) + P_FILESZ, true));

  /** What must be reported first when the file stops after `length` bytes, in the order a reader meets it. */
  function expected(length: number): RegExp {
    if (length < 4) return /^not an ELF file \(the file is \d bytes, too short for the ELF magic number\)$/;
    if (length < 7) return /^ELF identification \(e_ident\) extends past the end of the file/;
    if (length < 64)
      return new RegExp(`^truncated ELF header: the file is ${length} bytes, an ELF64 header is 64$`);
    if (length < phoff + phnum * PHDR)
      return /^program header table \(3 entries at offset 0x40\) extends past/;
    if (length < segEnd(textSeg))
      return new RegExp(`^segment ${textSeg}'s data extends past the end of the file`);
    if (length < segEnd(dataSeg))
      return new RegExp(`^segment ${dataSeg}'s data extends past the end of the file`);
    return /^section header table .*extends past the end of the file/;
  }

  it('reports the first structure that is cut short, for every prefix of the file', () => {
    for (let length = 0; length < fixture.length; length++) {
      expectElfError(fixture.subarray(0, length), expected(length));
    }
  });
});
