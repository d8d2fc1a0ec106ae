/**
 * An assembled program as an ELF64 executable (System V ABI, "ELF Header", "Program Header", "Sections",
 * "Symbol Table"; RISC-V psABI for e_machine and e_flags), so that it can be downloaded and run with
 * `qemu-system-riscv64 -machine virt -bios none -kernel` or read with objdump. One PT_LOAD per output kind
 * (text R+X, rodata R, data R+W, bss R+W with no file bytes), each input section a section header, and a
 * symbol table with the labels and the .equ constants.
 */
import type { AssembleResult } from './assembler';

const EM_RISCV = 243;
/** EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE: what GNU as writes for rv64gc with the lp64d ABI. */
const E_FLAGS = 0x1 | 0x4;
const PT_LOAD = 1;
const SHT = { progbits: 1, symtab: 2, strtab: 3, nobits: 8 };
const SHF = { write: 1, alloc: 2, exec: 4 };
const SHN_ABS = 0xfff1;
const SHN_UNDEF = 0;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const PAGE = 0x1000;
const EHDR = 64;
const PHDR = 56;
const SHDR = 64;
const SYM = 24;

class Strings {
  bytes: number[] = [0];
  add(s: string): number {
    const at = this.bytes.length;
    for (const c of utf8(s)) this.bytes.push(c);
    this.bytes.push(0);
    return at;
  }
}

/** The ELF file for an assembly without errors. */
export function writeElf(result: AssembleResult): Uint8Array {
  const { image } = result;
  if (!image) throw new Error('writeElf: the assembly has errors');
  const sections = result.sections.filter((s) => s.size > 0);
  const shstr = new Strings();
  const str = new Strings();
  // Lay out the file: header, program headers, then each segment at an offset congruent to its address
  // modulo the page size (as loaders expect), then the symbol table, strings and section headers.
  let offset = EHDR + PHDR * image.segments.length;
  const segOffsets = image.segments.map((seg) => {
    offset += (seg.address - offset) & (PAGE - 1);
    const at = offset;
    offset += seg.data.length;
    return at;
  });
  const fileOffsetOf = (address: number): number => {
    const i = image.segments.findIndex((g) => address >= g.address && address < g.address + g.memSize);
    return segOffsets[i] + address - image.segments[i].address;
  };
  const index = new Map(sections.map((s, i) => [s.name, i + 1]));
  const symbols = [...result.symbols].sort((a, b) => Number(a.global) - Number(b.global));
  const firstGlobal = 1 + symbols.filter((s) => !s.global).length;
  const symtab = new Uint8Array(SYM * (symbols.length + 1));
  const sv = new DataView(symtab.buffer);
  symbols.forEach((s, k) => {
    const o = SYM * (k + 1);
    const type = s.kind === 'function' ? 2 : s.kind === 'object' ? 1 : 0;
    sv.setUint32(o, str.add(s.name), true);
    symtab[o + 4] = ((s.weak ? STB_WEAK : s.global ? STB_GLOBAL : 0) << 4) | type;
    const shndx = s.section ? (index.get(s.section) ?? SHN_ABS) : s.undef ? SHN_UNDEF : SHN_ABS;
    sv.setUint16(o + 6, shndx, true);
    sv.setBigUint64(o + 8, BigInt.asUintN(64, s.value), true);
    sv.setBigUint64(o + 16, BigInt(s.size), true);
  });
  offset = align8(offset);
  const symtabOffset = offset;
  offset += symtab.length;
  const strOffset = offset;
  offset += str.bytes.length;
  const names = sections.map((s) => shstr.add(s.name));
  const [symName, strName, shstrName] = [shstr.add('.symtab'), shstr.add('.strtab'), shstr.add('.shstrtab')];
  const shstrOffset = offset;
  offset += shstr.bytes.length;
  const shoff = align8(offset);
  const shnum = sections.length + 4;
  const file = new Uint8Array(shoff + SHDR * shnum);
  const v = new DataView(file.buffer);
  // ELF header
  file.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, EM_RISCV, true);
  v.setUint32(20, 1, true);
  v.setBigUint64(24, BigInt(image.entry), true);
  v.setBigUint64(32, BigInt(EHDR), true);
  v.setBigUint64(40, BigInt(shoff), true);
  v.setUint32(48, E_FLAGS, true);
  v.setUint16(52, EHDR, true);
  v.setUint16(54, PHDR, true);
  v.setUint16(56, image.segments.length, true);
  v.setUint16(58, SHDR, true);
  v.setUint16(60, shnum, true);
  v.setUint16(62, shnum - 1, true);
  image.segments.forEach((seg, i) => {
    const o = EHDR + PHDR * i;
    const flags = (seg.flags.read ? 4 : 0) | (seg.flags.write ? 2 : 0) | (seg.flags.execute ? 1 : 0);
    v.setUint32(o, PT_LOAD, true);
    v.setUint32(o + 4, flags, true);
    v.setBigUint64(o + 8, BigInt(segOffsets[i]), true);
    v.setBigUint64(o + 16, BigInt(seg.address), true);
    v.setBigUint64(o + 24, BigInt(seg.address), true);
    v.setBigUint64(o + 32, BigInt(seg.data.length), true);
    v.setBigUint64(o + 40, BigInt(seg.memSize), true);
    v.setBigUint64(o + 48, BigInt(PAGE), true);
    file.set(seg.data, segOffsets[i]);
  });
  file.set(symtab, symtabOffset);
  file.set(str.bytes, strOffset);
  file.set(shstr.bytes, shstrOffset);
  const header = (
    k: number,
    h: {
      name: number;
      type: number;
      flags: number;
      addr: number;
      off: number;
      size: number;
      link?: number;
      info?: number;
      align: number;
      entsize?: number;
    },
  ): void => {
    const o = shoff + SHDR * k;
    v.setUint32(o, h.name, true);
    v.setUint32(o + 4, h.type, true);
    v.setBigUint64(o + 8, BigInt(h.flags), true);
    v.setBigUint64(o + 16, BigInt(h.addr), true);
    v.setBigUint64(o + 24, BigInt(h.off), true);
    v.setBigUint64(o + 32, BigInt(h.size), true);
    v.setUint32(o + 40, h.link ?? 0, true);
    v.setUint32(o + 44, h.info ?? 0, true);
    v.setBigUint64(o + 48, BigInt(h.align), true);
    v.setBigUint64(o + 56, BigInt(h.entsize ?? 0), true);
  };
  sections.forEach((s, i) => {
    const bss = s.kind === 'bss';
    const write = s.flags !== undefined ? s.flags.includes('w') : s.kind === 'data' || bss;
    const exec = s.flags !== undefined ? s.flags.includes('x') : s.kind === 'text';
    const flags = SHF.alloc | (exec ? SHF.exec : 0) | (write ? SHF.write : 0);
    const off = bss ? 0 : fileOffsetOf(s.address);
    header(i + 1, {
      name: names[i],
      type: bss ? SHT.nobits : SHT.progbits,
      flags,
      addr: s.address,
      off,
      size: s.size,
      align: s.align,
    });
  });
  const k = sections.length + 1;
  header(k, {
    name: symName,
    type: SHT.symtab,
    flags: 0,
    addr: 0,
    off: symtabOffset,
    size: symtab.length,
    link: k + 1,
    info: firstGlobal,
    align: 8,
    entsize: SYM,
  });
  header(k + 1, {
    name: strName,
    type: SHT.strtab,
    flags: 0,
    addr: 0,
    off: strOffset,
    size: str.bytes.length,
    align: 1,
  });
  header(k + 2, {
    name: shstrName,
    type: SHT.strtab,
    flags: 0,
    addr: 0,
    off: shstrOffset,
    size: shstr.bytes.length,
    align: 1,
  });
  return file;
}

/** UTF-8 bytes of a string (emulator/ has no TextEncoder: it compiles without the DOM library). */
function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

const align8 = (n: number): number => (n + 7) & ~7;
