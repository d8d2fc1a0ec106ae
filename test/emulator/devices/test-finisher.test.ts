/**
 * The SiFive test finisher as QEMU 7.2 has it (hw/misc/sifive_test.c, include/hw/misc/sifive_test.h:
 * FINISHER_FAIL 0x3333, FINISHER_PASS 0x5555, FINISHER_RESET 0x7777; the fail code is bits 31:16).
 */
import { describe, expect, it } from 'vitest';
import type { AccessWidth } from '../../../emulator/devices/device';
import { TestFinisher } from '../../../emulator/devices/test-finisher';

function finisher() {
  const exits: number[] = [];
  let resets = 0;
  const dev = new TestFinisher({ exit: (code) => exits.push(code), reset: () => resets++ });
  return { dev, exits, resets: () => resets };
}

describe('SiFive test finisher', () => {
  it('0x5555 passes with exit code 0', () => {
    const { dev, exits } = finisher();
    expect(dev.write(0, 4, 0x5555, 0)).toBe(true);
    expect(exits).toEqual([0]);
  });

  it('(code << 16) | 0x3333 fails with that code', () => {
    const { dev, exits } = finisher();
    dev.write(0, 4, (3 << 16) | 0x3333, 0);
    dev.write(0, 4, (0xffff << 16) | 0x3333, 0);
    expect(exits).toEqual([3, 0xffff]);
  });

  it('0x7777 asks for a reset and exits nothing', () => {
    const { dev, exits, resets } = finisher();
    dev.write(0, 4, 0x7777, 0);
    expect(resets()).toBe(1);
    expect(exits).toEqual([]);
  });

  it('ignores other values and other offsets', () => {
    const { dev, exits, resets } = finisher();
    dev.write(0, 4, 0x1234, 0);
    dev.write(0, 4, 0x5556, 0);
    dev.write(4, 4, 0x5555, 0);
    dev.write(0x800, 4, 0x3333, 0);
    expect(exits).toEqual([]);
    expect(resets()).toBe(0);
  });

  it('reads as zero', () => {
    const { dev } = finisher();
    const out = new Int32Array([7, 7]);
    expect(dev.read(0, 4, out)).toBe(true);
    expect([out[0], out[1]]).toEqual([0, 0]);
  });

  it('takes aligned 16- and 32-bit accesses only (QEMU: valid sizes 2..4)', () => {
    const { dev, exits } = finisher();
    const out = new Int32Array(2);
    for (const width of [1, 8] as AccessWidth[]) {
      expect(dev.write(0, width, 0x5555, 0)).toBe(false);
      expect(dev.read(0, width, out)).toBe(false);
    }
    expect(dev.write(2, 4, 0x5555, 0)).toBe(false);
    expect(exits).toEqual([]);
    expect(dev.write(0, 2, 0x5555, 0)).toBe(true);
    expect(exits).toEqual([0]);
  });
});
