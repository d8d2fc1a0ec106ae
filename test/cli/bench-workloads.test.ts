import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CRC_REPS, SIEVE_REPS, SORT_N, WORKLOADS, crcData, sort } from '../../bench/native';
import { QEMU, hasTool } from '../emulator/loader/toolchain';

/**
 * The benchmark's workloads: the native twins are checked against independent answers, the committed guest
 * ELFs against QEMU running them (they must print what the native twin returns), and the committed ELFs
 * against a fresh build of their sources.
 */

const BENCH = join(__dirname, '../../bench');
const hex32 = (n: number): string => n.toString(16).padStart(8, '0');

describe('the native twins', () => {
  it('sieve counts the 78498 primes below 10^6, once per repetition', () => {
    const w = WORKLOADS.find((w) => w.name === 'sieve')!;
    expect(w.native()).toBe(78498 * SIEVE_REPS);
  });

  it('crc32 is the zlib CRC-32 of the data repeated', () => {
    let crc = 0;
    const data = crcData();
    for (let i = 0; i < CRC_REPS; i++) crc = zlibCrc32(data, crc);
    expect(WORKLOADS.find((w) => w.name === 'crc32')!.native()).toBe(crc);
  });

  it('sort hashes the numbers in ascending order (checked with Array.prototype.sort)', () => {
    const a: number[] = [];
    let x = 2463534242 | 0;
    for (let i = 0; i < SORT_N; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      a.push(x >>> 0);
    }
    a.sort((p, q) => p - q);
    let hash = 0;
    a.forEach((v, i) => (hash = (Math.imul(hash, 31) + (v ^ i)) | 0));
    expect(sort()).toBe(hash >>> 0);
  });
});

describe.skipIf(!hasTool(QEMU))('the committed workload ELFs on qemu-system-riscv64 -machine virt', () => {
  it.each(WORKLOADS.map((w) => [w.name, w] as const))(
    '%s prints the native result and exits 0',
    (name, w) => {
      const elf = join(BENCH, 'workloads', `${name}.elf`);
      const r = spawnSync(QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', elf], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.stdout).toBe(`${hex32(w.native())}\n`);
      expect(r.status).toBe(0);
    },
  );
});

// mix.c is compiled with gcc; the rest are assembled.
describe.skipIf(
  !hasTool('riscv64-unknown-elf-as') ||
    !hasTool('riscv64-unknown-elf-ld') ||
    !hasTool('riscv64-unknown-elf-gcc'),
)('the committed workload ELFs', () => {
  it('are what bench/build-workloads.sh builds from the sources today', () => {
    const out = mkdtempSync(join(tmpdir(), 'hartscope-bench-'));
    const r = spawnSync('sh', [join(BENCH, 'build-workloads.sh'), out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // bench:ui's long variants of alu and mix too.
    for (const name of [...WORKLOADS.map((w) => w.name), 'alu-long', 'mix-long']) {
      const fresh = readFileSync(join(out, `${name}.elf`));
      const committed = readFileSync(join(BENCH, 'workloads', `${name}.elf`));
      expect(committed.equals(fresh), `${name}.elf is stale: run bench/build-workloads.sh`).toBe(true);
    }
  });
});
