/**
 * The benchmark workloads written in plain JavaScript: the same algorithms, sizes and data as
 * bench/workloads/*.S, so that each returns the very number its guest twin prints. The constants must match
 * the `.equ` lines of the assembly sources (bench/run.ts checks the results agree on every run).
 */

const SEED = 2463534242 | 0;

/** Marsaglia's xorshift32 (shifts 13, 17, 5), on an int32. */
const xorshift32 = (x: number): number => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x;
};

export const ALU_ITERATIONS = 2_000_000;
export const MEMCPY_WORDS = 16384;
export const MEMCPY_REPS = 100;
export const SIEVE_N = 1_000_000;
export const SIEVE_REPS = 2;
export const SORT_N = 100_000;
export const CRC_BYTES = 65536;
export const CRC_REPS = 24;

export function alu(): number {
  let x = SEED;
  let hash = 0;
  for (let i = 0; i < ALU_ITERATIONS; i++) {
    x = xorshift32(x);
    hash = (Math.imul(hash, 31) + x) | 0;
  }
  return hash >>> 0;
}

export function memcpy(): number {
  const src = new Int32Array(MEMCPY_WORDS);
  const dst = new Int32Array(MEMCPY_WORDS);
  let x = SEED;
  for (let i = 0; i < MEMCPY_WORDS; i++) src[i] = x = xorshift32(x);
  let checksum = 0x811c9dc5 | 0;
  for (let rep = 0; rep < MEMCPY_REPS; rep++) {
    for (let i = 0; i < MEMCPY_WORDS; i++) dst[i] = src[i];
    for (let i = 0; i < MEMCPY_WORDS; i++) checksum = Math.imul(checksum ^ dst[i], 16777619);
    src[rep] = (src[rep] + 1) | 0;
  }
  return checksum >>> 0;
}

export function sieve(): number {
  const composite = new Uint8Array(SIEVE_N + 1);
  let total = 0;
  for (let rep = 0; rep < SIEVE_REPS; rep++) {
    composite.fill(0);
    for (let i = 2; i * i <= SIEVE_N; i++) {
      if (composite[i]) continue;
      for (let j = i * i; j <= SIEVE_N; j += i) composite[j] = 1;
    }
    for (let i = 2; i <= SIEVE_N; i++) if (!composite[i]) total++;
  }
  return total >>> 0;
}

/** Lomuto partition around the middle element, recursing on both sides, as sort.S does. */
function quicksort(a: Uint32Array, lo: number, hi: number): void {
  if (lo >= hi) return;
  const mid = lo + ((hi - lo) >>> 1);
  const pivot = a[mid];
  a[mid] = a[hi];
  a[hi] = pivot;
  let i = lo;
  for (let j = lo; j < hi; j++) {
    const v = a[j];
    if (v < pivot) {
      a[j] = a[i];
      a[i] = v;
      i++;
    }
  }
  a[hi] = a[i];
  a[i] = pivot;
  quicksort(a, lo, i - 1);
  quicksort(a, i + 1, hi);
}

export function sort(): number {
  const a = new Uint32Array(SORT_N);
  let x = SEED;
  for (let i = 0; i < SORT_N; i++) a[i] = x = xorshift32(x);
  quicksort(a, 0, SORT_N - 1);
  let hash = 0;
  for (let i = 0; i < SORT_N; i++) hash = (Math.imul(hash, 31) + (a[i] ^ i)) | 0;
  return hash >>> 0;
}

/** The data crc32() runs over (once; the workload runs over it CRC_REPS times in a row). */
export function crcData(): Uint8Array {
  const words = new Int32Array(CRC_BYTES / 4);
  let x = SEED;
  for (let i = 0; i < words.length; i++) words[i] = x = xorshift32(x);
  return new Uint8Array(words.buffer); // little-endian, as the guest stores words
}

export function crc32(): number {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  const data = crcData();
  let crc = -1;
  for (let rep = 0; rep < CRC_REPS; rep++) {
    for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}

export interface Workload {
  name: string;
  description: string;
  native: () => number;
}

export const WORKLOADS: Workload[] = [
  { name: 'alu', description: 'integer ALU loop (xorshift32 + hash)', native: alu },
  { name: 'memcpy', description: 'memory copy + checksum (64 KiB)', native: memcpy },
  { name: 'sieve', description: 'sieve of Eratosthenes (10^6)', native: sieve },
  { name: 'sort', description: 'quicksort with calls (10^5 words)', native: sort },
  { name: 'crc32', description: 'table-driven CRC-32 (1.5 MiB)', native: crc32 },
];
