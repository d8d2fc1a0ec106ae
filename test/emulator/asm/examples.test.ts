/**
 * The example programs (firmware/examples/*.S) assembled by hartscope with the examples' own linker script
 * (link.ld) equal the committed ELF files, which firmware/build-examples.sh builds with GNU as + ld without
 * linker relaxation (-mno-relax, --no-relax): the same sections at the same addresses with the same bytes,
 * the same symbols with the same values, and the same entry point.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import { writeElf } from '../../../emulator/asm/elf-writer';
import { loadElf } from '../../../emulator/loader/elf';
import { hex, readElf } from './gnu';

const EXAMPLES = join(__dirname, '../../../firmware/examples');
const SOURCES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.S'));

describe('firmware examples with link.ld', () => {
  it('there are examples to check', () => expect(SOURCES).toContain('hello.S'));

  for (const name of SOURCES) {
    it(`${name}: the sections, symbols and entry of the committed ${name.replace(/\.S$/, '.elf')}`, () => {
      const committed = readFileSync(join(EXAMPLES, name.replace(/\.S$/, '.elf')));
      const gnu = readElf(committed);
      const mine = assemble(readFileSync(join(EXAMPLES, name), 'utf8'), {
        file: name,
        linkerScript: { text: readFileSync(join(EXAMPLES, 'link.ld'), 'utf8'), file: 'link.ld' },
      });
      expect(mine.errors).toEqual([]);
      const sections = (list: { name: string; address: number; bytes: Uint8Array }[]): string[][] =>
        list.map((s) => [s.name, s.address.toString(16), hex(s.bytes)]);
      expect(sections(mine.sections.filter((s) => s.size > 0))).toEqual(
        sections([...gnu.sections].map(([n, s]) => ({ name: n, ...s }))),
      );
      expect(new Map(mine.symbols.map((s) => [s.name, BigInt.asUintN(64, s.value)]))).toEqual(gnu.symbols);
      // What a machine loads: the same bytes at the same addresses, and the same entry point.
      const loaded = (image: { segments: { address: number; data: Uint8Array }[] }): Map<number, number> => {
        const m = new Map<number, number>();
        for (const s of image.segments) s.data.forEach((b, i) => m.set(s.address + i, b));
        return m;
      };
      const gnuImage = loadElf(committed);
      expect(mine.image?.entry).toBe(gnuImage.entry);
      expect(loaded(mine.image!)).toEqual(loaded(gnuImage));
      expect(loaded(loadElf(writeElf(mine)))).toEqual(loaded(gnuImage));
    });
  }
});
