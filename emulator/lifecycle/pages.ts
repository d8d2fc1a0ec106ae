import type { Ram } from '../devices/ram';
import { PAGE_SIZE } from '../snapshot/ram-state';

/**
 * RAM seen as 4 KiB pages, for checkpoints (time-travel.ts) and migration (migration.ts). Pages are
 * compared a 32-bit word at a time through Int32Array views (4 KiB is 1024 words).
 *
 * SIMPLIFICATION: nothing here knows which pages the guest wrote; a page is "dirty" when its bytes differ
 * from a copy kept earlier, so finding the dirty pages reads the whole RAM. Real hypervisors keep a dirty
 * log instead (KVM write-protects pages and logs the first write to each; QEMU's TCG sets a bit per page in
 * its store path). A bit per page set by the hart's stores would make both engines' cost follow the pages
 * written rather than the RAM size.
 */
export { PAGE_SIZE };
export const WORDS_PER_PAGE = PAGE_SIZE / 4;

/** Pages of RAM, as many as cover `size` bytes (the last may be partial when size is not page-aligned). */
export const pageCount = (size: number): number => Math.ceil(size / PAGE_SIZE);

/** The RAM as 32-bit words; RAM sizes are multiples of 4 KiB, so whole pages. */
export function ramWords(ram: Ram): Int32Array {
  return new Int32Array(ram.bytes.buffer, ram.bytes.byteOffset, ram.bytes.byteLength >> 2);
}

export function pageIsZero(words: Int32Array, page: number): boolean {
  const end = (page + 1) * WORDS_PER_PAGE;
  for (let i = page * WORDS_PER_PAGE; i < end; i++) if (words[i] !== 0) return false;
  return true;
}

/** Whether RAM page `page` holds exactly `copy` (a page's worth of words; null: all zero). */
export function pageEquals(words: Int32Array, page: number, copy: Int32Array | null): boolean {
  if (copy === null) return pageIsZero(words, page);
  const base = page * WORDS_PER_PAGE;
  for (let i = 0; i < WORDS_PER_PAGE; i++) if (words[base + i] !== copy[i]) return false;
  return true;
}

/** A copy of RAM page `page`. */
export function copyPage(words: Int32Array, page: number): Int32Array {
  return words.slice(page * WORDS_PER_PAGE, (page + 1) * WORDS_PER_PAGE);
}

/** Write `copy` (null: zeros) into RAM page `page`. */
export function writePage(words: Int32Array, page: number, copy: Int32Array | null): void {
  if (copy === null) words.fill(0, page * WORDS_PER_PAGE, (page + 1) * WORDS_PER_PAGE);
  else words.set(copy, page * WORDS_PER_PAGE);
}
