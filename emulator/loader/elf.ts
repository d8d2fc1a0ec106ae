/**
 * ELF64 loader: little-endian RISC-V executables (what `riscv64-unknown-elf-gcc` and `ld` produce) become a
 * ProgramImage. Layouts and constants are from the System V ABI's "ELF-64 Object File Format" and the
 * RISC-V ELF psABI (e_machine EM_RISCV = 243).
 *
 * Every field read from the file is checked against the file's size before it is used as an offset, a count
 * or a length, so a malformed file gives an ElfError that says what is wrong and where. Whether a segment
 * fits in RAM is not the loader's question: Machine.load knows the RAM size and reports "outside RAM".
 */
import type { ImageSymbol, ProgramImage, Segment } from '../image';
import { ElfError, ElfReader, hex } from './elf-errors';

export { ElfError } from './elf-errors';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46]; // "\x7fELF"
const EI_CLASS = 4;
const EI_DATA = 5;
const EI_VERSION = 6;
const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
const EV_CURRENT = 1;

const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;

const ET_EXEC = 2;
const ET_DYN = 3;
const ET_NAMES: Record<number, string> = {
  0: 'ET_NONE, no file type',
  1: 'ET_REL, a relocatable object file',
  4: 'ET_CORE, a core dump',
};

const EM_RISCV = 243;
const MACHINE_NAMES: Record<number, string> = {
  2: 'SPARC',
  3: 'x86',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'S/390',
  40: 'ARM',
  43: 'SPARC V9',
  50: 'IA-64',
  62: 'x86-64',
  183: 'AArch64',
  247: 'BPF',
  258: 'LoongArch',
};

const PT_LOAD = 1;
const PT_INTERP = 3;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
/** e_phnum value meaning "the real count is in section header 0's sh_info" (System V ABI, PN_XNUM). */
const PN_XNUM = 0xffff;

const SHT_SYMTAB = 2;
const SHN_UNDEF = 0;
const SHN_ABS = 0xfff1;
const STT_NOTYPE = 0;
const STT_OBJECT = 1;
const STT_FUNC = 2;

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_64 = 1n << 64n;

/** Parses an ELF64 RISC-V executable. Throws ElfError (and nothing else) when the bytes are not one. */
export function loadElf(bytes: Uint8Array): ProgramImage {
  const r = new ElfReader(bytes);
  checkIdent(r);
  const phnum = programHeaderCount(r);
  const { segments, entryTranslation } = readSegments(r, phnum);
  const entry = entryPoint(r, entryTranslation);
  return { entry, segments, symbols: readSymbols(r), sourceMap: new Map() };
}

function checkIdent(r: ElfReader): void {
  if (r.size < ELF_MAGIC.length) {
    throw new ElfError(`not an ELF file (the file is ${r.size} bytes, too short for the ELF magic number)`);
  }
  if (ELF_MAGIC.some((b, i) => r.u8(i) !== b)) {
    const first = Array.from(r.bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new ElfError(
      `not an ELF file (bad magic: the file starts with ${first}, an ELF file with 7f 45 4c 46)`,
    );
  }
  r.require(0, EI_VERSION + 1, 'ELF identification (e_ident)');
  const cls = r.u8(EI_CLASS);
  if (cls === ELFCLASS32)
    throw new ElfError('ELF class is 32-bit; hartscope runs RV64 (ELFCLASS64) programs');
  if (cls !== ELFCLASS64) throw new ElfError(`ELF class is ${cls}, neither 32-bit (1) nor 64-bit (2)`);
  const data = r.u8(EI_DATA);
  if (data === ELFDATA2MSB) {
    throw new ElfError('ELF data encoding is big-endian (ELFDATA2MSB); RISC-V programs are little-endian');
  }
  if (data !== ELFDATA2LSB) throw new ElfError(`ELF data encoding is ${data}, not little-endian (1)`);
  if (r.u8(EI_VERSION) !== EV_CURRENT) throw new ElfError(`ELF version is ${r.u8(EI_VERSION)}, not 1`);
  if (r.size < EHDR_SIZE) {
    throw new ElfError(`truncated ELF header: the file is ${r.size} bytes, an ELF64 header is ${EHDR_SIZE}`);
  }
  const machine = r.u16(18);
  if (machine !== EM_RISCV) {
    const name = MACHINE_NAMES[machine];
    throw new ElfError(`e_machine is ${machine}${name ? ` (${name})` : ''}, not ${EM_RISCV} (RISC-V)`);
  }
  const type = r.u16(16);
  if (type !== ET_EXEC && type !== ET_DYN) {
    const name = ET_NAMES[type] ?? 'unknown';
    throw new ElfError(`e_type is ${type} (${name}); hartscope loads executables (ET_EXEC or ET_DYN)`);
  }
}

function programHeaderCount(r: ElfReader): number {
  let phnum = r.u16(56);
  if (phnum === PN_XNUM) {
    const shoff = r.u64(40);
    if (shoff === 0n || shoff + BigInt(SHDR_SIZE) > BigInt(r.size)) {
      throw new ElfError(
        'e_phnum is PN_XNUM (0xffff) but section header 0, which holds the real count, is missing',
      );
    }
    phnum = r.u32(Number(shoff) + 44);
  }
  if (phnum === 0) throw new ElfError('the file has no program headers, so nothing to load');
  const phentsize = r.u16(54);
  if (phentsize !== PHDR_SIZE) {
    throw new ElfError(`e_phentsize is ${phentsize}, an ELF64 program header is ${PHDR_SIZE} bytes`);
  }
  const phoff = r.u64(32);
  const tableEnd = phoff + BigInt(phnum) * BigInt(PHDR_SIZE);
  if (tableEnd > BigInt(r.size)) {
    throw new ElfError(
      `program header table (${phnum} entries at offset ${hex(phoff)}) extends past the end of the file ` +
        `(ends at ${hex(tableEnd)} > file size ${hex(r.size)})`,
    );
  }
  return phnum;
}

interface Loaded {
  segment: Segment;
  index: number;
  end: number;
}

interface EntryTranslation {
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
}

function readSegments(
  r: ElfReader,
  phnum: number,
): { segments: Segment[]; entryTranslation: EntryTranslation[] } {
  const phoff = Number(r.u64(32));
  const loaded: Loaded[] = [];
  const entryTranslation: EntryTranslation[] = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * PHDR_SIZE;
    const type = r.u32(ph);
    if (type === PT_INTERP) {
      throw new ElfError(
        'the program is dynamically linked (it has a PT_INTERP segment); hartscope runs bare-metal programs: ' +
          'link with -nostdlib -static and a linker script that places it at 0x80000000',
      );
    }
    if (type !== PT_LOAD) continue;
    const flags = r.u32(ph + 4);
    const vaddr = r.u64(ph + 16);
    const paddr = r.u64(ph + 24);
    const filesz = r.u64(ph + 32);
    const memsz = r.u64(ph + 40);
    if (filesz > memsz) {
      throw new ElfError(`segment ${i} has p_filesz > p_memsz (${hex(filesz)} > ${hex(memsz)})`);
    }
    const { offset, size } = r.fileRange(ph + 8, ph + 32, `segment ${i}'s data`);
    if (memsz === 0n) continue;
    // QEMU's ELF loader for `-kernel` places segments at p_paddr, and so do we (they usually equal p_vaddr).
    const end = paddr + memsz;
    if (end > TWO_64) {
      throw new ElfError(
        `segment ${i} wraps around the 64-bit address space (${hex(paddr)} + ${hex(memsz)})`,
      );
    }
    if (end > MAX_EXACT) {
      throw new ElfError(
        `segment ${i} at physical address ${hex(paddr)}, size ${hex(memsz)}, is outside RAM`,
      );
    }
    const segment: Segment = {
      address: Number(paddr),
      data: new Uint8Array(r.bytes.subarray(offset, offset + size)), // a copy, never a view of the file
      memSize: Number(memsz),
      flags: { read: (flags & PF_R) !== 0, write: (flags & PF_W) !== 0, execute: (flags & PF_X) !== 0 },
    };
    loaded.push({ segment, index: i, end: Number(end) });
    if ((flags & PF_X) !== 0 && vaddr !== paddr) entryTranslation.push({ vaddr, paddr, filesz });
  }
  if (loaded.length === 0) throw new ElfError('the file has no PT_LOAD segments, so nothing to load');
  checkOverlaps(loaded);
  return { segments: loaded.map((l) => l.segment), entryTranslation };
}

function checkOverlaps(loaded: Loaded[]): void {
  const sorted = [...loaded].sort((a, b) => a.segment.address - b.segment.address);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1];
    const b = sorted[k];
    if (a.end > b.segment.address) {
      const [first, second] = a.index < b.index ? [a, b] : [b, a];
      throw new ElfError(
        `segments ${first.index} and ${second.index} overlap ` +
          `(physical ${range(first)} and ${range(second)})`,
      );
    }
  }
}

const range = (l: Loaded): string => `${hex(l.segment.address)}..${hex(l.end)}`;

/**
 * e_entry is a virtual address. When an executable segment is linked with p_paddr != p_vaddr, QEMU's
 * load_elf moves the entry point along with it (include/hw/elf_ops.h), so the program starts where its
 * code was loaded; we do the same.
 */
function entryPoint(r: ElfReader, translations: EntryTranslation[]): number {
  let entry = r.u64(24);
  const t = translations.find((t) => entry >= t.vaddr && entry < t.vaddr + t.filesz);
  if (t) entry = entry - t.vaddr + t.paddr;
  if (entry > MAX_EXACT) throw new ElfError(`entry point ${hex(entry)} is outside RAM`);
  return Number(entry);
}

/**
 * The symbol table (.symtab and the string table its sh_link names), kept so that traces, the disassembly
 * view and the HTIF `tohost` lookup can use the program's own names. Section and file symbols, undefined
 * symbols, assembler constants, assembler-local labels (.L*) and mapping symbols ($x, $d) are not labels a
 * reader wants.
 * SIMPLIFICATION: symbol values are kept as the ELF gives them (virtual addresses); for programs linked
 * with p_vaddr != p_paddr they are not translated to load addresses.
 */
function readSymbols(r: ElfReader): ImageSymbol[] {
  const shoff = r.u64(40);
  let shnum = r.u16(60);
  if (shoff === 0n) return [];
  const shentsize = r.u16(58);
  if (shentsize !== SHDR_SIZE) {
    throw new ElfError(`e_shentsize is ${shentsize}, an ELF64 section header is ${SHDR_SIZE} bytes`);
  }
  if (shoff + BigInt(SHDR_SIZE) > BigInt(r.size)) {
    throw new ElfError(
      `section header table (at offset ${hex(shoff)}) extends past the end of the file (file size ${hex(r.size)})`,
    );
  }
  const base = Number(shoff);
  if (shnum === 0) shnum = Number(r.u64(base + 32)); // more than 0xff00 sections: the count is in section 0
  const tableEnd = shoff + BigInt(shnum) * BigInt(SHDR_SIZE);
  if (tableEnd > BigInt(r.size)) {
    throw new ElfError(
      `section header table (${shnum} entries at offset ${hex(shoff)}) extends past the end of the file ` +
        `(ends at ${hex(tableEnd)} > file size ${hex(r.size)})`,
    );
  }
  const header = (i: number): number => base + i * SHDR_SIZE;
  let symtab = -1;
  for (let i = 0; i < shnum && symtab < 0; i++) if (r.u32(header(i) + 4) === SHT_SYMTAB) symtab = i;
  if (symtab < 0) return [];

  const sym = r.fileRange(header(symtab) + 24, header(symtab) + 32, `section ${symtab} (.symtab)`);
  const strndx = r.u32(header(symtab) + 40);
  if (strndx === 0 || strndx >= shnum) {
    throw new ElfError(
      `section ${symtab} (.symtab) links to string table section ${strndx}, which does not exist`,
    );
  }
  const str = r.fileRange(header(strndx) + 24, header(strndx) + 32, `section ${strndx} (.strtab)`);

  const symbols: ImageSymbol[] = [];
  const count = Math.floor(sym.size / SYM_SIZE);
  for (let i = 1; i < count; i++) {
    const s = sym.offset + i * SYM_SIZE;
    const type = r.u8(s + 4) & 0xf;
    const kind =
      type === STT_FUNC ? 'function' : type === STT_OBJECT ? 'object' : type === STT_NOTYPE ? 'label' : null;
    const shndx = r.u16(s + 6);
    // An absolute untyped symbol is an assembler constant (`.equ UART, 0x10000000`), not a place in the program.
    if (kind === null || shndx === SHN_UNDEF || (shndx === SHN_ABS && kind === 'label')) continue;
    const nameOffset = r.u32(s);
    if (nameOffset >= str.size) {
      throw new ElfError(`symbol ${i}'s name offset ${hex(nameOffset)} is past the end of the string table`);
    }
    const name = r.cString(str.offset + nameOffset, str.offset + str.size, `symbol ${i}'s name`);
    if (name === '' || name.startsWith('.L') || name.startsWith('$')) continue;
    const value = r.u64(s + 8);
    const size = r.u64(s + 16);
    if (value > MAX_EXACT || size > MAX_EXACT) continue; // cannot name anything the machine can address
    symbols.push({ name, address: Number(value), size: Number(size), kind });
  }
  symbols.sort((a, b) => a.address - b.address || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return symbols;
}
