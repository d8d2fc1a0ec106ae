/**
 * The example programs (firmware/examples/*.S) that have a committed ELF (built by
 * firmware/build-examples.sh with GNU as + ld without linker relaxation: -mno-relax, --no-relax), assembled
 * by hartscope as the page assembles them (src/firmware-sources.ts: the same linker script), equal that ELF:
 * the same sections at the same addresses with the same bytes, the same symbols with the same values, and
 * the same entry point. (firmware-gnu.test.ts compares every example with a fresh GNU build.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeElf } from '../../../emulator/asm/elf-writer';
import { loadElf } from '../../../emulator/loader/elf';
import { assembleExample, exampleNames } from '../../../src/firmware-sources';
import { hex, readElf } from './gnu';

const EXAMPLES = join(__dirname, '../../../firmware/examples');
const WITH_ELF = exampleNames().filter((name) => existsSync(join(EXAMPLES, `${name}.elf`)));

describe('firmware examples with a committed ELF', () => {
  it('there are examples to check', () => expect(WITH_ELF).toContain('hello'));

  it.each(WITH_ELF)('%s: the sections, symbols and entry of the committed ELF', (name) => {
    const committed = readFileSync(join(EXAMPLES, `${name}.elf`));
    const gnu = readElf(committed);
    const mine = assembleExample(name);
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
});
