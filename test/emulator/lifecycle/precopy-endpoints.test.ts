import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../emulator/lifecycle/pages';
import { PreCopySource, PreCopyTarget } from '../../../emulator/lifecycle/precopy-endpoints';
import { Machine } from '../../../emulator/machine';
import type { ProgramImage } from '../../../emulator/image';

/**
 * The two ends of a pre-copy across a message boundary: what the source sends (dirty = differs from what
 * it sent before; never-sent zero pages are not dirty), a page that went back to zero, the round-robin
 * cursor, and a malformed batch refused whole by the target.
 */
const RAM = 64 * 1024; // 16 pages
/** A program of one `j .` (0x0000006f) at the start of RAM. */
const IMAGE: ProgramImage = {
  entry: 0x8000_0000,
  segments: [
    {
      address: 0x8000_0000,
      data: new Uint8Array([0x6f, 0, 0, 0]),
      memSize: 4,
      flags: { read: true, write: false, execute: true },
    },
  ],
  symbols: [],
  sourceMap: new Map(),
};

function pair() {
  const source = new Machine({ ramSize: RAM });
  source.load(IMAGE);
  const target = new Machine({ ramSize: RAM });
  target.load(IMAGE);
  return { source, target, from: new PreCopySource(source), to: new PreCopyTarget(target) };
}

describe('pre-copy endpoints', () => {
  it('sends the non-zero pages, then only what changed, and the target ends equal', () => {
    const { source, target, from, to } = pair();
    expect([...target.ram.bytes.subarray(0, 4)]).toEqual([0, 0, 0, 0]); // the target starts empty
    source.ram.bytes[5 * PAGE_SIZE + 7] = 9;
    expect(from.dirtyPages()).toEqual([0, 5]);
    const first = from.round(10);
    expect([...first.indices]).toEqual([0, 5]);
    expect(first.linkBytes).toBe(2 * (PAGE_SIZE + 8));
    expect(first.dirtyLeft).toBe(0);
    to.accept(first);
    expect(from.dirtyPages()).toEqual([]);
    // Page 5 back to zero, page 3 written: both dirty; the zero page costs only its header.
    source.ram.bytes[5 * PAGE_SIZE + 7] = 0;
    source.ram.bytes[3 * PAGE_SIZE] = 1;
    const second = from.round(10);
    expect([...second.indices]).toEqual([3, 5]);
    expect(second.linkBytes).toBe(PAGE_SIZE + 8 + 8);
    to.accept(second);
    expect(from.dirtyPages()).toEqual([]);
    expect(target.ram.bytes).toEqual(source.ram.bytes);
  });

  it('goes on from where the last round stopped', () => {
    const { source, from, to } = pair();
    for (const p of [2, 4, 6, 8]) source.ram.bytes[p * PAGE_SIZE] = 1;
    const a = from.round(2);
    expect([...a.indices]).toEqual([0, 2]);
    expect(a.dirtyLeft).toBe(3);
    to.accept(a);
    source.ram.bytes[0] ^= 0xff; // page 0 dirty again: it waits its turn behind 4, 6, 8
    expect([...from.round(2).indices]).toEqual([4, 6]);
  });

  it('refuses a malformed batch whole', () => {
    const { target, to } = pair();
    const data = new Uint8Array(2 * PAGE_SIZE).fill(7);
    expect(() => to.accept({ indices: Uint32Array.of(1, 16), data, linkBytes: 0, dirtyLeft: 0 })).toThrow(
      /beyond the end of RAM/,
    );
    expect(() => to.accept({ indices: Uint32Array.of(1), data, linkBytes: 0, dirtyLeft: 0 })).toThrow(
      /holds/,
    );
    expect(target.ram.bytes.every((b) => b === 0)).toBe(true);
  });
});
