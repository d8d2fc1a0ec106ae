import type { Ram } from '../devices/ram';
import { SnapshotError } from './container';

/**
 * RAM (the 'RAM ' section): only the 4 KiB pages that hold a non-zero byte, as
 *   u32 page size, u32 count, count × u32 page index (ascending), count × page size bytes.
 * A program that touched a few pages of a 128 MiB machine makes a section of a few pages.
 */
export const PAGE_SIZE = 4096;
const WORDS_PER_PAGE = PAGE_SIZE / 4;

export function captureRam(ram: Ram): Uint8Array {
  const words = ram.words;
  const pages: number[] = [];
  for (let p = 0, w = 0; w < words.length; p++, w += WORDS_PER_PAGE) {
    const end = Math.min(w + WORDS_PER_PAGE, words.length);
    for (let i = w; i < end; i++) {
      if (words[i] !== 0) {
        pages.push(p);
        break;
      }
    }
  }
  const header = 8 + 4 * pages.length;
  const out = new Uint8Array(header + PAGE_SIZE * pages.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, PAGE_SIZE, true);
  v.setUint32(4, pages.length, true);
  pages.forEach((p, i) => {
    v.setUint32(8 + 4 * i, p, true);
    const start = p * PAGE_SIZE;
    out.set(ram.bytes.subarray(start, Math.min(start + PAGE_SIZE, ram.size)), header + PAGE_SIZE * i);
  });
  return out;
}

export interface RamPages {
  indices: Uint32Array;
  data: Uint8Array;
}

/** Check the section's layout against a RAM of `ramSize` bytes. */
export function checkRam(section: Uint8Array, ramSize: number): RamPages {
  const fail = (why: string): never => {
    throw new SnapshotError('out-of-range', `damaged: the RAM section ${why}`);
  };
  if (section.length < 8) fail('is too short');
  const v = new DataView(section.buffer, section.byteOffset, section.byteLength);
  if (v.getUint32(0, true) !== PAGE_SIZE)
    fail(`has pages of ${v.getUint32(0, true)} bytes, not ${PAGE_SIZE}`);
  const n = v.getUint32(4, true);
  const pagesInRam = Math.ceil(ramSize / PAGE_SIZE);
  if (n > pagesInRam) fail(`lists ${n} pages, more than the ${pagesInRam} of this RAM`);
  if (section.length !== 8 + n * (4 + PAGE_SIZE))
    fail(`holds ${section.length} bytes, not the ${n} pages it lists`);
  const indices = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    indices[i] = v.getUint32(8 + 4 * i, true);
    if (indices[i] >= pagesInRam) fail(`lists page ${indices[i]}, beyond the end of RAM`);
    if (i > 0 && indices[i] <= indices[i - 1]) fail('lists its pages out of order');
  }
  return { indices, data: section.subarray(8 + 4 * n) };
}

export function applyRam(ram: Ram, pages: RamPages): void {
  ram.bytes.fill(0);
  for (let i = 0; i < pages.indices.length; i++) {
    const start = pages.indices[i] * PAGE_SIZE;
    const length = Math.min(PAGE_SIZE, ram.size - start);
    ram.bytes.set(pages.data.subarray(i * PAGE_SIZE, i * PAGE_SIZE + length), start);
  }
}
