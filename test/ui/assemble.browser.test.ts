/**
 * The firmware assembled in the browser (Chromium), as the page does it: src/firmware-sources.ts bundles
 * every firmware source as text and hartscope's assembler builds the monitor and each example with no
 * toolchain. Where a GNU-built ELF of an example is committed (firmware/examples/NAME.elf, built by
 * firmware/build-examples.sh), the bytes the browser assembled must be the bytes that ELF loads, at the same
 * addresses, with the same entry. The rest must assemble without errors into a sane image. (In Node,
 * test/emulator/asm/firmware-gnu.test.ts compares every firmware file with GNU as + ld.)
 */
import { describe, expect, it } from 'vitest';
import { PAYLOAD_BASE, RAM_BASE } from '../../emulator/board/memory-map';
import type { ProgramImage } from '../../emulator/image';
import { loadElf } from '../../emulator/loader/elf';
import {
  assembleExample,
  assembleMonitorInBrowser,
  exampleNames,
  FIRMWARE_SOURCES,
} from '../../src/firmware-sources';

const COMMITTED_ELVES = import.meta.glob<string>('../../firmware/examples/*.elf', {
  query: '?url',
  import: 'default',
  eager: true,
});

function committedElfUrl(name: string): string | undefined {
  return Object.entries(COMMITTED_ELVES).find(([path]) => path.endsWith(`/examples/${name}.elf`))?.[1];
}

/** What a machine loads: byte by address. */
function loaded(image: ProgramImage): Map<number, number> {
  const m = new Map<number, number>();
  for (const s of image.segments) s.data.forEach((b, i) => m.set(s.address + i, b));
  return m;
}

/** An image a machine can run: its entry is in an executable segment in RAM, and every label is in RAM. */
function expectSane(image: ProgramImage, base: number): void {
  expect(image.segments.length).toBeGreaterThan(0);
  const code = image.segments.find(
    (s) => s.flags.execute && image.entry >= s.address && image.entry < s.address + s.memSize,
  );
  expect(code, `entry 0x${image.entry.toString(16)} lies in code`).toBeDefined();
  expect(image.entry).toBeGreaterThanOrEqual(base);
  for (const s of image.segments) expect(s.address).toBeGreaterThanOrEqual(RAM_BASE);
  expect(image.symbols.length).toBeGreaterThan(0);
  for (const sym of image.symbols) expect(sym.address, sym.name).toBeGreaterThanOrEqual(RAM_BASE);
  expect(image.sourceMap.get(image.entry)).toBeDefined();
}

describe('firmware assembled in the browser', () => {
  it('has the sources bundled', () => {
    expect(typeof window).toBe('object');
    expect(FIRMWARE_SOURCES['monitor/monitor.S']).toContain('.include');
    expect(exampleNames()).toContain('hello');
    expect(committedElfUrl('hello'), 'the committed GNU-built hello.elf').toBeDefined();
  });

  it('assembles the monitor at the start of RAM, with its source lines', () => {
    const image = assembleMonitorInBrowser();
    expectSane(image, RAM_BASE);
    expect(image.entry).toBe(RAM_BASE);
    expect(image.sourceMap.get(RAM_BASE)?.file).toMatch(/\.S$/);
  });

  it.each(exampleNames())('assembles example %s', async (name) => {
    const r = assembleExample(name);
    expect(r.errors).toEqual([]);
    const image = r.image as ProgramImage;
    expectSane(image, Math.min(RAM_BASE, PAYLOAD_BASE));
    const url = committedElfUrl(name);
    if (!url) return;
    const gnu = loadElf(new Uint8Array(await (await fetch(url)).arrayBuffer()));
    expect(image.entry).toBe(gnu.entry);
    expect(loaded(image)).toEqual(loaded(gnu));
  });
});
