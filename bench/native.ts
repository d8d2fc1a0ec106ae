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

export const MUL_ITERATIONS = 1_000_000;

/** 64-bit arithmetic has no native JavaScript number type: BigInt, as a JavaScript programmer would write it. */
export function mul(): number {
  const MASK = (1n << 64n) - 1n;
  const A = 6364136223846793005n;
  const C = 1442695040888963407n;
  const K = 0x9e3779b97f4a7c15n;
  let x = 0x853c49e6748fea9bn;
  let hash = 0;
  for (let i = 0; i < MUL_ITERATIONS; i++) {
    x = (x * A + C) & MASK;
    const h = (x * K) >> 64n;
    hash = (Math.imul(hash, 31) + Number((h ^ (h >> 32n)) & 0xffffffffn)) | 0;
  }
  return hash >>> 0;
}

export const MIX_LIST_N = 200;
export const MIX_MAT_N = 12;
export const MIX_TEXT_N = 400;
export const MIX_ROUNDS = 400;

/** The CoreMark-like mix of mix.c, line for line; the list's pointers become indices (-1 for NULL). */
export function mix(): number {
  let seed = SEED;
  const next = (): number => (seed = xorshift32(seed)) >>> 0;
  const crc16 = (crc: number, value: number): number => {
    for (let i = 0; i < 32; i++) {
      const bit = (value >>> i) & 1;
      const top = (crc >>> 15) & 1;
      crc = (crc << 1) & 0xffff;
      if (bit ^ top) crc ^= 0x1021;
    }
    return crc;
  };
  const N = MIX_LIST_N;
  const link = new Int32Array(N);
  const value = new Uint32Array(N);
  const listWork = (): number => {
    let head = -1;
    for (let i = 0; i < N; i++) {
      value[i] = next() & 0xffff;
      link[i] = head;
      head = i;
    }
    let reversed = -1;
    while (head >= 0) {
      const n = link[head];
      link[head] = reversed;
      reversed = head;
      head = n;
    }
    let sorted = -1;
    while (reversed >= 0) {
      const n = link[reversed];
      let prev = -1; // the node whose link is the insertion point, -1 for `sorted` itself
      let at = sorted;
      while (at >= 0 && value[at] < value[reversed]) {
        prev = at;
        at = link[at];
      }
      link[reversed] = at;
      if (prev < 0) sorted = reversed;
      else link[prev] = reversed;
      reversed = n;
    }
    let sum = 0;
    let position = 0;
    const wanted = value[N / 2];
    let found = 0;
    for (let n = sorted; n >= 0; n = link[n], position++) {
      sum = (Math.imul(sum, 33) + value[n]) | 0;
      if (value[n] === wanted && !found) found = position;
    }
    return (sum ^ (found << 16)) >>> 0;
  };
  const M = MIX_MAT_N;
  const a = new Uint32Array(M * M);
  const b = new Uint32Array(M * M);
  const matrixWork = (): number => {
    for (let i = 0; i < M * M; i++) {
      a[i] = next() & 0xff;
      b[i] = next() & 0xff;
    }
    let trace = 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < M; j++) {
        let s = 0;
        for (let k = 0; k < M; k++) s = (s + Math.imul(a[i * M + k], b[k * M + j])) | 0;
        trace = (trace + (i === j ? s : s >>> 3)) | 0;
      }
    }
    return trace >>> 0;
  };
  const ALPHABET = '0123456789+-.,x';
  const text = new Uint8Array(MIX_TEXT_N);
  const [START, SIGN, INT, POINT, FRACTION, INVALID] = [0, 1, 2, 3, 4, 5];
  const stateWork = (): number => {
    for (let i = 0; i < text.length; i++) text[i] = ALPHABET.charCodeAt(next() % 15);
    const counts = [0, 0, 0, 0, 0, 0];
    let state = START;
    for (const ch of text) {
      const c = String.fromCharCode(ch);
      if (c === ',') {
        counts[state]++;
        state = START;
        continue;
      }
      const digit = c >= '0' && c <= '9';
      const point = c === '.';
      if (state === START) state = digit ? INT : c === '+' || c === '-' ? SIGN : point ? POINT : INVALID;
      else if (state === SIGN || state === INT) state = digit ? INT : point ? POINT : INVALID;
      else if (state === POINT || state === FRACTION) state = digit ? FRACTION : INVALID;
    }
    counts[state]++;
    let r = 0;
    for (const n of counts) r = (Math.imul(r, 131) + n) | 0;
    return r >>> 0;
  };
  let crc = 0xffff;
  for (let round = 0; round < MIX_ROUNDS; round++) {
    crc = crc16(crc, listWork());
    crc = crc16(crc, matrixWork());
    crc = crc16(crc, stateWork());
  }
  return crc;
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
  { name: 'mul', description: 'multiply-heavy loop (64-bit LCG, mulhu, mulw)', native: mul },
  { name: 'mix', description: 'CoreMark-like mix in C: lists, matrix, state machine, CRC-16', native: mix },
];
